// Placeholder until the actors stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const actorsStage: Stage = {
  name: 'actors',
  reads: ['sentences','tokens','places'],
  sets: ['actors'],
  run() {},
};
