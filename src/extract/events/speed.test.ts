// The events stage's compiled lookups (cue sets per sentence, phrases before a trigger) give exactly what the
// plain string tests they replaced gave: words joined by spaces and searched for " cue ".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../segment/segment.ts';
import { lowerTokens } from '../actors/lexicon.ts';
import { CUE, MOD } from './lexicon.ts';
import { phraseBefore, sentenceHasCue } from './stage.ts';
import type { Token } from '../../model/types.ts';

const TEXTS = [
  'Protesters clashed with riot police, who fired tear gas and rubber bullets at the crowd in the capital.',
  'Troops did not withdraw from the village; the ministry said it will be handed over under the ceasefire agreement.',
  'A fire broke out at a chemical plant after an explosion, killing 12 workers, officials said.',
  'Militants set fire to the market and security forces were deployed without a fight, according to residents.',
  'The rebels are expected to pull back by Friday, and both sides agreed to stop shooting.',
];
const toks = (text: string): Token[] => tokenize(text).map((t) => ({ ...t, sentence: 0 }));

function naiveHasCue(low: string[], lo: number, hi: number, set: Set<string>): boolean {
  const joined = ` ${low.slice(lo, hi).join(' ')} `;
  for (const c of set) if (joined.includes(` ${c} `)) return true;
  return false;
}
function naivePhraseBefore(low: string[], ti: number, lo: number, set: Set<string>, maxBack: number): boolean {
  for (let e = ti - 1; e >= lo && e >= ti - maxBack; e--) {
    let p = '';
    for (let b = e; b >= lo && b > e - 3; b--) { p = p ? `${low[b]} ${p}` : low[b]; if (set.has(p)) return true; }
  }
  return false;
}

test('compiled cue sets find exactly the cues the joined-string test finds', () => {
  let hits = 0;
  for (const text of TEXTS) {
    const tokens = toks(text);
    const low = lowerTokens(tokens);
    for (const set of Object.values(CUE)) {
      for (let lo = 0; lo < tokens.length; lo += 3) {
        for (const hi of [tokens.length, Math.min(tokens.length, lo + 6)]) {
          const want = naiveHasCue(low, lo, hi, set);
          assert.equal(sentenceHasCue(tokens, lo, hi, set), want, `${text} [${lo},${hi})`);
          if (want) hits++;
        }
      }
    }
  }
  assert.ok(hits > 20, `the texts hold cues (${hits})`);
});

test('multi-word cues match only as consecutive words', () => {
  const tokens = toks('Police used tear gas.');
  const set = new Set(['tear gas']);
  assert.equal(sentenceHasCue(tokens, 0, tokens.length, CUE.intervention), naiveHasCue(lowerTokens(tokens), 0, tokens.length, CUE.intervention));
  // an unregistered set takes the direct test
  assert.equal(sentenceHasCue(tokens, 0, tokens.length, set), true);
  const split = toks('Police used tear and gas.');
  assert.equal(sentenceHasCue(split, 0, split.length, set), false);
});

test('phraseBefore by last word equals building every 1-3 word phrase', () => {
  let hits = 0;
  for (const text of TEXTS) {
    const low = lowerTokens(toks(text));
    for (const set of [MOD.negation, MOD.obligated, MOD.hypothetical, MOD.planned, MOD.responsibility, MOD.noCasualty]) {
      for (let lo = 0; lo < low.length; lo += 4) {
        for (let ti = lo; ti <= low.length; ti++) {
          for (const maxBack of [3, 4, 30]) {
            const want = naivePhraseBefore(low, ti, lo, set, maxBack);
            assert.equal(phraseBefore(low, ti, lo, set, maxBack), want, `${text} ti=${ti} lo=${lo}`);
            if (want) hits++;
          }
        }
      }
    }
  }
  assert.ok(hits > 20, `the texts hold modality cues (${hits})`);
});
