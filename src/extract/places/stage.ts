// The places stage: toponyms -> gazetteer entries (see geoparse.ts for the method).
import type { Stage } from '../annotated.ts';
import { getGazetteer } from '../../gazetteer/index.ts';
import { geoparse } from './geoparse.ts';

export const placesStage: Stage = {
  name: 'places',
  reads: ['sentences', 'tokens'],
  sets: ['places'],
  run(a) {
    a.places = geoparse(a.doc.text, a.tokens, getGazetteer());
  },
};
