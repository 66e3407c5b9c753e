// Placeholder until the time stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const timeStage: Stage = {
  name: 'time',
  reads: ['sentences','tokens'],
  sets: ['timexes','dct'],
  run() {},
};
