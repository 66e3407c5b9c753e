// Placeholder until the places stage lands: sets its layers empty so the pipeline runs end to end.
import type { Stage } from '../annotated.ts';

export const placesStage: Stage = {
  name: 'places',
  reads: ['sentences','tokens'],
  sets: ['places'],
  run() {},
};
