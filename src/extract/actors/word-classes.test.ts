// The shared per-token words (lexicon.ts tokenWords): memoised lower-casing, possessives, capitals and word classes
// give what the direct computations give, also across documents and after a class is added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../segment/segment.ts';
import {
  BARE_FIRST, COREF_FIRST, COUNTRY_FIRST, NAMED_FIRST, POSSESSIVE_DETS, TF_UPPER, W_BARE_FIRST, W_COREF_FIRST, W_COUNTRY_FIRST,
  W_NAMED_FIRST, W_NAMED_SUFFIXED, W_POSSESSIVE_DET, lowerTokens, norm, phrasePrefixes, possessiveBase, stripNamedSuffix, tokenClasses,
  tokenFlags, tokenWordList, wordClass,
} from './lexicon.ts';

const TEXT = 'Azerbaijan’s Defense Ministry said its troops and the Armenians’ forces left; ‘The HTS-led rebels’ `X` Élysée '
  + 'ÖSTERREICH residents’ GOVERNMENT they Russia\'s 𝐀bc international-community-observers s\' \'s';
const classes: [number, Set<string>][] = [[W_BARE_FIRST, BARE_FIRST], [W_COREF_FIRST, COREF_FIRST], [W_COUNTRY_FIRST, COUNTRY_FIRST], [W_NAMED_FIRST, NAMED_FIRST], [W_POSSESSIVE_DET, POSSESSIVE_DETS]];
function expected(text: string) {
  const low = text.toLowerCase().replace(/[’‘`]/g, "'");
  const [base, poss] = low.endsWith("'s") ? [low.slice(0, -2), true] : low.endsWith("s'") ? [low.slice(0, -1), true] : [low, false];
  let bits = 0, baseBits = 0;
  for (const [bit, set] of classes) { if (set.has(low)) bits |= bit; if (set.has(base)) baseBits |= bit; }
  const sfx = stripNamedSuffix(low);
  if (sfx !== null && NAMED_FIRST.has(sfx)) bits |= W_NAMED_SUFFIXED;
  const sfxB = stripNamedSuffix(base);
  if (sfxB !== null && NAMED_FIRST.has(sfxB)) baseBits |= W_NAMED_SUFFIXED;
  return { low, base, poss, bits, baseBits, upper: /^\p{Lu}/u.test(text), lc: text.toLowerCase().replace(/’/g, "'") };
}

test('token words equal the direct computations, twice (memo hits) and for a copy of the tokens', () => {
  const tokens = tokenize(TEXT);
  let seenPoss = 0, seenClass = 0, seenUpper = 0;
  // texts the tokenizer does not make (a closing apostrophe stays apart) but the lexicon must still handle
  const made = ['rebels’', "forces'", 'Residents‘', 'x', "'", "s'", 'A’s'].map((text) => ({ text }));
  for (const toks of [tokens, tokens.slice(), tokenize(TEXT), made]) {
    const W = tokenWordList(toks), low = lowerTokens(toks), bits = tokenClasses(toks), flags = tokenFlags(toks);
    toks.forEach((t, k) => {
      const e = expected(t.text);
      const mask = W_BARE_FIRST | W_COREF_FIRST | W_COUNTRY_FIRST | W_NAMED_FIRST | W_POSSESSIVE_DET | W_NAMED_SUFFIXED;
      assert.equal(low[k], e.low, t.text);
      assert.equal(low[k], norm(t.text), t.text);
      assert.equal(W[k].base, e.base, t.text);
      assert.equal(W[k].base, possessiveBase(e.low), t.text);
      assert.equal(W[k].poss, e.poss, t.text);
      assert.equal(W[k].upper, e.upper, t.text);
      assert.equal(W[k].lc, e.lc, t.text);
      assert.equal(bits[k] & mask, e.bits, t.text);
      assert.equal(W[k].baseBits & mask, e.baseBits, t.text);
      assert.equal(flags[k] & (mask | TF_UPPER), e.bits | e.baseBits | (e.upper ? TF_UPPER : 0), t.text);
      if (e.poss) seenPoss++;
      if (e.bits | e.baseBits) seenClass++;
      if (e.upper) seenUpper++;
    });
  }
  assert.ok(seenPoss >= 3 && seenClass >= 6 && seenUpper >= 6, `${seenPoss} ${seenClass} ${seenUpper}`);
});

test('a class added later reaches token arrays cached before', () => {
  const tokens = tokenize('zzquux flarbs here');
  assert.equal(tokenClasses(tokens)[0], 0);
  const bit = wordClass(new Set(['zzquux']));
  assert.equal(tokenClasses(tokens)[0] & bit, bit);
  assert.equal(tokenClasses(tokens)[1] & bit, 0);
  assert.equal(wordClass((w) => w === 'flarbs') & 0, 0);
  assert.notEqual(tokenClasses(tokens)[1], 0);
});

test('phrase prefixes are the proper word prefixes', () => {
  assert.deepEqual([...phrasePrefixes(['a b c', 'd', 'a x'])].sort(), ['a', 'a b']);
});
