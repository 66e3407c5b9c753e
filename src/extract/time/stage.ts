// The time stage: TIMEX3 tagging and normalisation (HeidelTime-style rules as data in
// src/resources/time/), plus DCT inference when the document has no date.
import type { Dct, Sentence, Timex, Token } from '../../model/types.ts';
import type { ExtractOptions, Stage } from '../annotated.ts';
import { timeTokens, type TView } from './tokens.ts';
import { findMentions, localTense } from './tagger.ts';
import { normalize, type Tense } from './normalize.ts';
import { inferDct } from './dct.ts';
import { parseYmd, type Ymd } from './calendar.ts';

export interface TimeResult {
  timexes: Timex[];
  dct: Dct;
}

/** Tags and normalises the time expressions of one text (the same code the pipeline runs). */
export function tagTime(text: string, tokens: Token[], sentences: Sentence[], dct: Dct, options: ExtractOptions = {}): TimeResult {
  const toks = timeTokens(tokens);
  const mentions = findMentions(toks);
  let outDct = dct;
  if (!dct.value) outDct = inferDct(mentions, toks, sentences.length ? sentences[0].end : text.length);
  const dctYmd: Ymd | null = parseYmd(outDct.value);
  const timexes: Timex[] = [];
  let ref: Ymd | null = null;
  const qcache = new Map<number, boolean>();
  for (const m of mentions) {
    const tense: Tense = localTense(toks, m.i, m.j);
    const n = normalize(m, { dct: dctYmd, ref, tense, quarterContext: quarterContext(toks, m.i, qcache) }, options.dateLocale);
    if (!n) continue;
    const tx: Timex = { start: m.start, end: m.end, text: text.slice(m.start, m.end), type: n.type, value: n.value };
    if (m.mod) tx.mod = m.mod;
    if (m.role) tx.role = m.role;
    if (n.anchor && n.anchor !== n.value) tx.anchor = n.anchor;
    tx.prov = { stage: 'time', rule: m.rule.id };
    timexes.push(tx);
    if (n.day && (m.rule.kind === 'date' || m.rule.kind === 'iso' || m.rule.kind === 'slash')) ref = n.day;
  }
  return { timexes, dct: outDct };
}

/** Does the sentence of token k mention a quarter (third-quarter profit ...)? */
function quarterContext(v: TView, k: number, cache: Map<number, boolean>): boolean {
  const s = v.sent[k];
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  let a = k;
  while (a > 0 && v.sent[a - 1] === s) a--;
  let res = false;
  for (let x = a; x < v.n && v.sent[x] === s; x++) if (v.t[x].lower === 'quarter' || v.t[x].lower === 'quarters') { res = true; break; }
  cache.set(s, res);
  return res;
}

export const timeStage: Stage = {
  name: 'time',
  reads: ['sentences', 'tokens'],
  sets: ['timexes', 'dct'],
  run(a) {
    const r = tagTime(a.doc.text, a.tokens, a.sentences, a.dct, a.options);
    a.timexes = r.timexes;
    a.dct = r.dct;
  },
};
