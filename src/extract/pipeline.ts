// extract(): one pure, synchronous function from Document to Extraction, used by the CLI, the store,
// the server, the workers and the evaluations alike.
import type { Document, Extraction } from '../model/types.ts';
import type { Annotated, ExtractOptions, Layer, Stage } from './annotated.ts';
import { segmentStage } from './segment/segment.ts';
import { timeStage } from './time/stage.ts';
import { placesStage } from './places/stage.ts';
import { actorsStage } from './actors/stage.ts';
import { quantityStage } from './quantity/stage.ts';
import { eventsStage } from './events/stage.ts';
import { relevanceStage } from './relevance/stage.ts';
import { provisionsStage } from './provisions/stage.ts';

/** Checks that every layer a stage reads is set by an earlier stage; throws at build time otherwise. */
export function buildPipeline(stages: Stage[]): Stage[] {
  const set = new Set<Layer>();
  for (const s of stages) {
    for (const r of s.reads) {
      if (!set.has(r)) throw new Error(`pipeline: stage "${s.name}" reads "${r}" but no earlier stage sets it`);
    }
    for (const w of s.sets) set.add(w);
  }
  return stages;
}

export const defaultStages: Stage[] = buildPipeline([
  segmentStage,
  timeStage,
  placesStage,
  actorsStage,
  quantityStage,
  eventsStage,
  relevanceStage,
  provisionsStage,
]);

export function annotate(doc: Document, options: ExtractOptions = {}, stages: Stage[] = defaultStages): Annotated {
  const a: Annotated = {
    doc,
    options,
    dct: doc.dct
      ? { value: doc.dct, inferred: false, confidence: 1, method: 'given' }
      : { value: null, inferred: true, confidence: 0, method: 'none' },
    sentences: [],
    tokens: [],
    timexes: [],
    places: [],
    actors: [],
    quantities: [],
    events: [],
    provisions: [],
  };
  for (const s of stages) s.run(a);
  return a;
}

export function toExtraction(a: Annotated): Extraction {
  const strip = a.options.explain ? <T>(x: T[]) => x : <T>(x: T[]) => x.map(dropProv);
  return {
    id: a.doc.id,
    dct: a.dct,
    sentences: a.sentences.map((s) => ({ start: s.start, end: s.end })),
    timexes: strip(a.timexes),
    places: strip(a.places),
    actors: strip(a.actors),
    quantities: strip(a.quantities),
    events: strip(a.events),
    provisions: a.provisions,
  };
}

function dropProv<T>(x: T): T {
  if (x && typeof x === 'object' && 'prov' in (x as object)) {
    const { prov: _p, ...rest } = x as T & { prov?: unknown };
    return rest as T;
  }
  return x;
}

export function extract(doc: Document, options: ExtractOptions = {}): Extraction {
  return toExtraction(annotate(doc, options));
}
