// Placeholder until the quantity stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const quantityStage: Stage = {
  name: 'quantity',
  reads: ['sentences','tokens'],
  sets: ['quantities'],
  run() {},
};
