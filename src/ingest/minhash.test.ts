import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NearDupIndex, decodeSig, encodeSig, minhash, similarity } from './minhash.ts';

const base = 'Troops from the northern brigade withdrew from the river town on Sunday after three days of talks ' +
  'mediated by envoys from the regional bloc, officials said. The handover was completed before noon and ' +
  'monitors from the observer mission reported no shooting along the line of contact. Residents who had fled ' +
  'in the spring began returning in buses organised by the local council, while engineers cleared mines from ' +
  'the main road linking the town to the provincial capital. The agreement foresees a second withdrawal from ' +
  'the hills east of the town within ten days and an exchange of prisoners by the end of the month.';
const edited = base.replace('on Sunday', 'late on Sunday').replace('officials said', 'officials told reporters')
  .replace('no shooting', 'no gunfire');
const other = 'Heavy rain flooded the coastal districts overnight, forcing hundreds of families into shelters as ' +
  'rivers burst their banks. The weather service warned that more storms were expected through the week and ' +
  'schools remained closed while crews repaired power lines brought down by the wind.';

test('minhash: an edited copy is a near-duplicate, an unrelated story is not', () => {
  const a = minhash(base)!, b = minhash(edited)!, c = minhash(other)!;
  assert.ok(similarity(a, b) >= 0.7, `similarity ${similarity(a, b)}`);
  assert.ok(similarity(a, c) < 0.2, `similarity ${similarity(a, c)}`);
  const idx = new NearDupIndex();
  idx.add('first', a);
  assert.equal(idx.find(b)?.id, 'first');
  assert.equal(idx.find(c), null);
  // case and white space do not matter
  assert.equal(similarity(a, minhash(base.toUpperCase().replace(/ /g, '  '))!), 1);
});

test('minhash: too short texts have no signature; signatures survive encoding', () => {
  assert.equal(minhash('Only five words here now'), null);
  const a = minhash(base)!;
  const d = decodeSig(encodeSig(a));
  assert.deepEqual(Array.from(d), Array.from(a));
});

test('minhash: setId renames an entry', () => {
  const idx = new NearDupIndex();
  const slot = idx.add('tmp', minhash(base)!);
  idx.setId(slot, 'final');
  assert.equal(idx.find(minhash(edited)!)?.id, 'final');
});
