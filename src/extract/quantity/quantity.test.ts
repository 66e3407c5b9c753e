import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Annotated } from '../annotated.ts';
import { segment } from '../segment/segment.ts';
import { findQuantities } from './stage.ts';
import data from '../../resources/quantity/quantity.json' with { type: 'json' };

function ann(text: string): Annotated {
  const { sentences, tokens } = segment(text);
  return { doc: { id: 't', text, dct: '2020-12-01' }, options: {}, dct: { value: '2020-12-01', inferred: false, confidence: 1, method: 'given' },
    sentences, tokens, timexes: [], places: [], actors: [], quantities: [], events: [], provisions: [] };
}

for (const ex of data.examples as { text: string; quantities: { text: string; value: number; unit: string | null; counts: string | null; approx?: string }[] }[]) {
  test(`quantity example: ${ex.text}`, () => {
    const got = findQuantities(ann(ex.text));
    assert.deepEqual(got.map((q) => {
      const o: Record<string, unknown> = { text: ex.text.slice(q.start, q.end), value: q.value, unit: q.unit, counts: q.counts };
      if (q.approx) o.approx = q.approx;
      return o;
    }), ex.quantities);
  });
}

test('quantity negatives: years, days of the month, clock times, durations', () => {
  for (const t of data.negatives) assert.deepEqual(findQuantities(ann(t)).map((q) => t.slice(q.start, q.end)), [], t);
});
