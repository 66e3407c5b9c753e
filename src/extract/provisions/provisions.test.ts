import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../pipeline.ts';
import data from '../../resources/provisions/provisions.json' with { type: 'json' };

for (const ex of data.examples) {
  test(`provisions example: ${ex.text.slice(0, 60)}`, () => {
    const a = annotate({ id: 't', text: ex.text, dct: ex.dct });
    assert.deepEqual(a.provisions.map((p) => ({ category: p.category, obligors: p.obligors, action: p.action, object: p.object?.name ?? null, due: p.due, ongoing: p.ongoing })), ex.provisions);
    for (const p of a.provisions) assert.ok(p.evidence && p.evidence.start < p.evidence.end && p.evidence.end <= ex.text.length);
  });
}

test('provisions negatives', () => {
  for (const t of data.negatives) assert.deepEqual(annotate({ id: 't', text: t, dct: '2020-12-01' }).provisions, [], t);
});
