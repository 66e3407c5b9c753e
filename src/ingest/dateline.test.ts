import { test } from 'node:test';
import assert from 'node:assert/strict';
import rules from '../resources/ingest/dateline.json' with { type: 'json' };
import { parseDateline } from './dateline.ts';

test('dateline: every example in the rule file parses to its date and span', () => {
  for (const ex of rules.examples) {
    const d = parseDateline(ex.text);
    assert.ok(d, `no dateline in ${JSON.stringify(ex.text)}`);
    assert.equal(d.date, ex.date, ex.text);
    assert.equal(ex.text.slice(d.start, d.end), ex.match, ex.text);
  }
});

test('dateline: strings that must not match', () => {
  for (const s of rules.mustNotMatch) assert.equal(parseDateline(s), null, s);
});

test('dateline: leading blank lines are skipped and offsets stay in the original text', () => {
  const text = '\n\n  WASHINGTON, Jan. 5, 2021 - Talks.';
  const d = parseDateline(text);
  assert.deepEqual(d, { date: '2021-01-05', start: 16, end: 28 });
  assert.equal(text.slice(16, 28), 'Jan. 5, 2021');
});
