// The relevance gate: a refiner over the events of a whole document (chrono-style list-to-list pass). A long
// report that names no armed actor and hardly any conflict vocabulary is not conflict news, and the triggers
// found in it are figurative; its events are dropped, except political ones (protests, agreements, arrests,
// accusations) that matter in any report. The lists and thresholds are data: src/resources/relevance/.
import data from '../../resources/relevance/relevance.json' with { type: 'json' };
import type { Annotated, Stage } from '../annotated.ts';
import { lowerTokens } from '../actors/lexicon.ts';

const ARMED = new Set(data.armedKinds);
const KEEP = new Set(data.keepActions);
const SINGLE = new Set(data.conflictWords.filter((w) => !w.includes(' ')));
const PAIRS = new Set(data.conflictWords.filter((w) => w.includes(' ')));

/** Distinct conflict words in the document's tokens (stops counting once the threshold is reached). */
function conflictWords(a: Annotated, enough: number): number {
  const seen = new Set<string>();
  // the lower-cased token texts the earlier stages computed for this document (shared, not recomputed)
  const low = lowerTokens(a.tokens);
  let prev = '';
  for (let i = 0; i < low.length && seen.size < enough; i++) {
    const w = low[i];
    if (SINGLE.has(w)) seen.add(w);
    else if (prev && PAIRS.has(`${prev} ${w}`)) seen.add(`${prev} ${w}`);
    prev = w;
  }
  return seen.size;
}

/** True when the document reads as conflict news (or is too short to judge). */
export function isConflictDocument(a: Annotated): boolean {
  if (a.sentences.length <= data.maxShortSentences) return true;
  if (a.actors.some((x) => ARMED.has(String(x.kind)))) return true;
  return conflictWords(a, data.minConflictWords) >= data.minConflictWords;
}

export const relevanceStage: Stage = {
  name: 'relevance',
  reads: ['sentences', 'tokens', 'actors', 'events'],
  sets: ['events'],
  run(a) {
    if (!a.events.length || isConflictDocument(a)) return;
    a.events = a.events.filter((e) => KEEP.has(e.action));
  },
};
