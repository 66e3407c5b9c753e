import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../pipeline.ts';
import { verbForms, TRIGGERS } from './lexicon.ts';
import ex from '../../resources/events/examples.json' with { type: 'json' };

test('verb inflection', () => {
  const rows: [string, string[]][] = [
    ['enter', ['enter', 'enters', 'entered', 'entering']],
    ['evacuate', ['evacuate', 'evacuates', 'evacuated', 'evacuating']],
    ['deploy', ['deploy', 'deploys', 'deployed', 'deploying']],
    ['occupy', ['occupy', 'occupies', 'occupied', 'occupying']],
    ['clash', ['clash', 'clashes', 'clashed', 'clashing']],
  ];
  for (const [b, forms] of rows) for (const f of forms) assert.ok(verbForms(b).includes(f), `${b} -> ${f}`);
  assert.equal(TRIGGERS.get('turned over')?.[0].action, 'hand_over');
  assert.equal(TRIGGERS.get('withdrew')?.[0].action, 'withdraw');
  assert.deepEqual(TRIGGERS.get('seized')?.map((e) => e.action), ['disrupt_weapons', 'capture']);
});

for (const e of ex.examples as { text: string; action: string; eventType?: string | null; subEventType?: string | null; fatalities?: number; date?: string; modality?: string }[]) {
  test(`example: ${e.text}`, () => {
    const a = annotate({ id: 't', text: e.text, dct: ex.dct });
    assert.ok(a.events.length >= 1, 'an event');
    const v = a.events[0];
    assert.equal(v.action, e.action);
    if (e.eventType !== undefined) assert.equal(v.eventType, e.eventType);
    if (e.subEventType !== undefined) assert.equal(v.subEventType, e.subEventType);
    if (e.fatalities !== undefined) assert.equal(v.fatalities, e.fatalities);
    if (e.date !== undefined) assert.equal(v.date, e.date);
    if (e.modality !== undefined) assert.equal(v.modality, e.modality);
    assert.ok(v.evidence.start >= 0 && v.evidence.end <= e.text.length);
    assert.ok(v.trigger && v.trigger.end > v.trigger.start);
  });
}

test('negatives yield no typed event', () => {
  for (const t of ex.negatives) {
    const a = annotate({ id: 't', text: t, dct: ex.dct });
    assert.deepEqual(a.events.filter((e) => e.eventType).map((e) => e.action), [], t);
  }
});
