import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { contentHash, normaliseForHash } from './hash.ts';

const ref = (t: string) => createHash('sha256').update(normaliseForHash(t)).digest('hex');

test('contentHash: white space and case do not matter', () => {
  assert.equal(contentHash('  Troops ENTERED\n\nLachin. '), contentHash('troops entered lachin.'));
  assert.notEqual(contentHash('Troops entered Lachin.'), contentHash('Troops entered Agdam.'));
  assert.equal(contentHash('Troops entered Lachin.'), ref('troops entered lachin.'));
});

test('contentHash: long texts hashed slice by slice equal the one-piece hash', () => {
  let x = 1;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  const words = ['Ceasefire', 'ΟΔΟΣ', 'held', 'ÇAY', 'along', 'the', 'line', 'of', 'contact'];
  const spaces = [' ', '  ', '\n', '\n\n', '\t', ' \u00a0 ', '\u2009'];
  for (const size of [70_000, 200_000, 500_000]) {
    let t = rnd() < 0.5 ? '  ' : '';
    while (t.length < size) t += words[Math.floor(rnd() * words.length)] + spaces[Math.floor(rnd() * spaces.length)];
    assert.equal(contentHash(t), ref(t), `size ${size}`);
    // a long run of white space across a slice boundary
    const u = `${t.slice(0, 65530)}${' '.repeat(20)}\n${t.slice(65530)}   `;
    assert.equal(contentHash(u), ref(u));
  }
  const noSpace = 'x'.repeat(150_000);
  assert.equal(contentHash(noSpace), ref(noSpace));
});

test('normaliseForHash collapses every kind of white-space run exactly as /\\s+/ does', () => {
  const slow = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const parts = ['A', 'b', 'ÇA', ' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u2009', '\u3000', '\ufeff', ' \u00a0 ', '\v\f'];
  let x = 7;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  for (let i = 0; i < 500; i++) {
    let t = '';
    for (let k = 0; k < 30; k++) t += parts[Math.floor(rnd() * parts.length)];
    assert.equal(normaliseForHash(t), slow(t), JSON.stringify(t));
  }
});
