// Placeholder until the provisions stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const provisionsStage: Stage = {
  name: 'provisions',
  reads: ['sentences','tokens','timexes','places','actors','quantities'],
  sets: ['provisions'],
  run() {},
};
