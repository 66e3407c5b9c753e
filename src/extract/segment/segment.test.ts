import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segment, tokenize } from './segment.ts';

const sentencesOf = (t: string) => segment(t).sentences.map((s) => t.slice(s.start, s.end));

test('tokens keep numbers, hyphenated names and possessives whole, with offsets', () => {
  const t = 'Russia sent 1,960 peacekeepers to Nagorno-Karabakh’s Lachin on 2020-12-01.';
  const toks = tokenize(t);
  assert.deepEqual(toks.map((x) => x.text), ['Russia', 'sent', '1,960', 'peacekeepers', 'to', 'Nagorno-Karabakh’s', 'Lachin', 'on', '2020-12-01', '.']);
  for (const k of toks) assert.equal(t.slice(k.start, k.end), k.text);
  assert.equal(toks[2].kind, 'number');
});

const cases: [string, string[]][] = [
  ['Troops entered Lachin. Residents left.', ['Troops entered Lachin.', 'Residents left.']],
  ['Gen. Smith met Mr. Jones in the U.S. capital. They talked.', ['Gen. Smith met Mr. Jones in the U.S. capital.', 'They talked.']],
  ['"We entered the district," the ministry said. It was Tuesday.', ['"We entered the district," the ministry said.', 'It was Tuesday.']],
  ['The army "entered on December 1.” TASS cited it.', ['The army "entered on December 1.”', 'TASS cited it.']],
  ['It cost 3.5 million. Talks ended.', ['It cost 3.5 million.', 'Talks ended.']],
  ['BAKU, Dec 1\nAzerbaijani army units entered Lachin', ['BAKU, Dec 1', 'Azerbaijani army units entered Lachin']],
  ['Fighting began on Sept. 27 and ended in Nov. 2020 after talks.', ['Fighting began on Sept. 27 and ended in Nov. 2020 after talks.']],
  ['Was it over? Nobody knew!', ['Was it over?', 'Nobody knew!']],
  ['BAKU, Nov 25, 2020 (Wire) — Units entered Kalbajar. It was calm.', ['BAKU, Nov 25, 2020 (Wire) —', 'Units entered Kalbajar.', 'It was calm.']],
  ['Intro line.\nSTEPANAKERT, Dec 13 (Wire) - Shelling was heard.', ['Intro line.', 'STEPANAKERT, Dec 13 (Wire) -', 'Shelling was heard.']],
  // not datelines: no capitals, no comma, or not at the start of a line
  ['Troops, tanks and trucks — all of them — left.', ['Troops, tanks and trucks — all of them — left.']],
  ['NATO said the talks — in Brussels — failed.', ['NATO said the talks — in Brussels — failed.']],
  ['He left. BAKU, he said, was calm — for now.', ['He left.', 'BAKU, he said, was calm — for now.']],
];

for (const [text, expected] of cases) {
  test(`sentences: ${JSON.stringify(text).slice(0, 50)}`, () => {
    assert.deepEqual(sentencesOf(text), expected);
  });
}

test('every token belongs to the sentence that contains it', () => {
  const t = 'One. Two three. Four';
  const { sentences, tokens } = segment(t);
  assert.equal(sentences.length, 3);
  for (const k of tokens) {
    const s = sentences[k.sentence];
    assert.ok(k.start >= s.start && k.end <= s.end, `${k.text} outside sentence ${k.sentence}`);
  }
});

test('empty and whitespace-only text give no sentences', () => {
  assert.deepEqual(segment('').sentences, []);
  assert.deepEqual(segment(' \n\t ').sentences, []);
});

test('interned token texts are exactly the text they span, across documents and table resets', () => {
  // more distinct words than the intern table holds (it empties itself and starts again), words that
  // collide in length, a repeated document, non-ASCII and long tokens
  const words: string[] = [];
  for (let k = 0; k < 70000; k++) words.push(`w${k.toString(36)}`, k % 7 === 0 ? 'Nagorno-Karabakh’s' : 'the', String(k % 1000));
  const docs = [words.join(' '), 'Şuşa and Shusha, 1,960 peacekeepers. Extraordinarilylongwordbeyondthelimit!', words.slice(0, 3000).join(' ')];
  for (const text of [...docs, ...docs]) {
    const { tokens } = segment(text);
    assert.ok(tokens.length > 5);
    for (const t of tokens) if (t.text !== text.slice(t.start, t.end)) assert.fail(`token ${t.start}-${t.end}: ${t.text} != ${text.slice(t.start, t.end)}`);
  }
});
