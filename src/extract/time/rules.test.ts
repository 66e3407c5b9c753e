// Runs every example carried by the rule file (src/resources/time/rules.json) and the must-not-match list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segment } from '../segment/segment.ts';
import { tagTime } from './stage.ts';
import { RULES, MUST_NOT_MATCH } from './rules.ts';
import type { Timex } from '../../model/types.ts';

function run(text: string, dct: string | null): Timex[] {
  const { sentences, tokens } = segment(text);
  const d = dct ? { value: dct, inferred: false, confidence: 1, method: 'given' } : { value: null, inferred: true, confidence: 0, method: 'none' };
  return tagTime(text, tokens, sentences, d).timexes;
}

for (const rule of RULES) {
  test(`rule ${rule.id}: examples`, () => {
    assert.ok(rule.examples && rule.examples.length > 0, `rule ${rule.id} has no examples`);
    for (const ex of rule.examples!) {
      const got = run(ex.text, ex.dct);
      const start = ex.text.indexOf(ex.span);
      assert.ok(start >= 0, `span "${ex.span}" not in "${ex.text}"`);
      const tx = got.find((t) => t.start === start && t.end === start + ex.span.length);
      assert.ok(tx, `${rule.id}: "${ex.text}" -> expected span "${ex.span}", got ${JSON.stringify(got.map((t) => [t.text, t.value]))}`);
      assert.equal(tx.text, ex.span);
      assert.equal(tx.value, ex.value, `${rule.id}: "${ex.text}" value`);
      if (ex.type) assert.equal(tx.type, ex.type);
      assert.equal(tx.mod, ex.mod, `${rule.id}: "${ex.text}" mod`);
      assert.equal(tx.role, ex.role, `${rule.id}: "${ex.text}" role`);
    }
  });
}

test('must-not-match list', () => {
  assert.ok(MUST_NOT_MATCH.length >= 10);
  for (const nm of MUST_NOT_MATCH) {
    const got = run(nm.text, nm.dct);
    for (const f of nm.forbid) {
      const s = nm.text.indexOf(f);
      assert.ok(s >= 0, `"${f}" not in "${nm.text}"`);
      const bad = got.find((t) => t.start < s + f.length && t.end > s);
      assert.equal(bad, undefined, `"${nm.text}": "${f}" must not be a timex, got ${JSON.stringify(bad)}`);
    }
  }
});
