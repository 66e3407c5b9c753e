// Placeholder until the events stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const eventsStage: Stage = {
  name: 'events',
  reads: ['sentences','tokens','timexes','places','actors','quantities'],
  sets: ['events'],
  run() {},
};
