// Agreements: YAML schema and errors (file and line), plain-text agreements, YAML round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lex from '../resources/track/agreement-text.json' with { type: 'json' };
import { TruceError } from '../model/errors.ts';
import { agreementToYaml, parseAgreementYaml } from './agreement-yaml.ts';
import { parseAgreementText, readSentence } from './agreement-text.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

const HEAD = 'id: t\ntitle: T\nsigned: 2020-11-10\nparties: [A, B]\nprovisions:\n';
const P = (extra: string) => `  - id: a\n    category: ceasefire\n    text: x\n    action: cease_fire\n${extra}`;

test('example agreements parse; relative deadlines resolve', () => {
  const k = parseAgreementYaml(read('examples/agreements/karabakh-2020.yaml'), 'karabakh-2020.yaml');
  assert.equal(k.id, 'karabakh-2020');
  assert.equal(k.signed, '2020-11-10');
  assert.deepEqual(k.parties, ['Azerbaijan', 'Armenia', 'Russia']);
  const by = new Map(k.provisions.map((p) => [p.id, p]));
  assert.equal(by.get('kalbajar')!.due, '2020-11-15');
  assert.equal(by.get('agdam')!.due, '2020-11-20');
  assert.equal(by.get('lachin')!.due, '2020-12-01');
  assert.equal(by.get('corridor')!.ongoing, true);
  assert.equal(by.get('corridor-new-route')!.due, '2023-11-10');
  assert.deepEqual(by.get('peacekeepers')!.quantities.map((q) => q.value), [1960, 90, 380, 5]);
  const m = parseAgreementYaml(read('examples/agreements/minsk-2015.yaml'), 'minsk-2015.yaml');
  const mb = new Map(m.provisions.map((p) => [p.id, p]));
  assert.equal(mb.get('ceasefire')!.from, '2015-02-15');
  assert.equal(mb.get('heavy-weapons')!.due, '2015-03-03');
  assert.equal(mb.get('prisoner-exchange')!.due, '2015-03-08');
  assert.equal(mb.get('prisoner-exchange')!.after, 'heavy-weapons');
  // YAML round trip
  for (const a of [k, m]) assert.deepEqual(parseAgreementYaml(agreementToYaml(a), 'rt.yaml'), a);
});

test('YAML errors name the file and the line', () => {
  const rows: [string, string, RegExp][] = [
    ['id: t\ntitle: [T\nsigned: 2020-11-10\n', 'BAD_YAML', /^bad\.yaml:\d+: malformed YAML/],
    [HEAD + P('    due: 2020-11-01\n'), 'BAD_AGREEMENT', /^bad\.yaml:10: provision "a": deadline 2020-11-01 is before the signature date 2020-11-10$/],
    [HEAD + P('    colour: red\n'), 'BAD_AGREEMENT', /^bad\.yaml:10: unknown field "colour"/],
    [HEAD + P('    after: nowhere\n    days: 5\n'), 'BAD_AGREEMENT', /^bad\.yaml:10: provision "a": unknown provision reference "nowhere"$/],
    [HEAD + P('    due: 2020-02-30\n'), 'BAD_DATE', /^bad\.yaml:10: provisions\.0\.due: not a real date/],
    [HEAD.replace('2020-11-10', '2020-13-01') + P(''), 'BAD_DATE', /^bad\.yaml:3: signed/],
    [HEAD + P('    category: other\n'), 'BAD_YAML', /^bad\.yaml:10: malformed YAML: Map keys must be unique/],
    [HEAD + P('') + '  - id: a\n    category: other\n    text: y\n    action: enact\n', 'BAD_AGREEMENT', /^bad\.yaml:10: duplicate provision id "a"$/],
    [HEAD + '  - id: a\n    category: truce\n    text: x\n    action: cease_fire\n', 'BAD_AGREEMENT', /^bad\.yaml:7: provisions\.0\.category/],
    [HEAD + P('') + 'amendments:\n  - provision: zzz\n    due: 2020-11-20\n', 'BAD_AGREEMENT', /^bad\.yaml:11: amendment: unknown provision reference "zzz"$/],
    ['- just\n- a list\n', 'BAD_AGREEMENT', /^bad\.yaml:1: an agreement file is a YAML mapping/],
    [HEAD, 'BAD_AGREEMENT', /^bad\.yaml:\d+: provisions/],
  ];
  for (const [src, code, re] of rows) {
    assert.throws(() => parseAgreementYaml(src, 'bad.yaml'), (e: unknown) => {
      assert.ok(e instanceof TruceError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, re);
      return true;
    }, src);
  }
});

test('agreement-text.json examples and mustNotMatch', () => {
  const parties = ['Azerbaijan', 'Armenia', 'Russia'];
  for (const ex of lex.examples) {
    const got = readSentence(ex.text, 0, ex.signed, parties);
    assert.equal(got.length, ex.provisions.length, ex.text);
    ex.provisions.forEach((want, i) => {
      const p = got[i];
      assert.equal(p.category, want.category, ex.text);
      assert.equal(p.action, want.action, ex.text);
      assert.deepEqual(p.obligors, want.obligors, ex.text);
      assert.equal(p.object?.name ?? null, want.object, ex.text);
      assert.equal(p.due, want.due, ex.text);
      assert.equal(p.ongoing, want.ongoing, ex.text);
      assert.ok(p.evidence && ex.text.slice(p.evidence.start, p.evidence.end).length > 0);
    });
  }
  for (const s of lex.mustNotMatch) assert.deepEqual(readSentence(s, 0, '2020-11-10', parties), [], s);
});

test('the plain-text trilateral statement: numbered points to provisions', () => {
  const text = read('examples/agreements/karabakh-2020.txt');
  const a = parseAgreementText(text, { signed: '2020-11-10', title: 'Trilateral statement', file: 'karabakh-2020.txt' });
  assert.equal(a.id, 'trilateral-statement');
  assert.deepEqual(a.parties, ['Azerbaijan', 'Armenia', 'Russia']);
  const find = (obj: string, action: string) => a.provisions.find((p) => p.object?.name === obj && p.action === action);
  const rows: [string, string, string, string | null, boolean, string[]][] = [
    ['Agdam', 'hand_over', 'territorial_transfer', '2020-11-20', false, ['Armenia']],
    ['Kalbajar', 'hand_over', 'territorial_transfer', '2020-11-15', false, ['Armenia']],
    ['Lachin', 'hand_over', 'territorial_transfer', '2020-12-01', false, ['Armenia']],
    ['Lachin corridor', 'control', 'peacekeeping', null, true, ['Russia']],
    ['Lachin corridor', 'construct', 'transport', '2023-11-10', false, ['Azerbaijan', 'Armenia', 'Russia']],
    ['prisoners of war and bodies', 'exchange', 'prisoner_exchange', null, false, ['Azerbaijan', 'Armenia']],
  ];
  for (const [obj, action, cat, due, ongoing, obligors] of rows) {
    const p = find(obj, action);
    assert.ok(p, `${action} ${obj}`);
    assert.equal(p.category, cat);
    assert.equal(p.due, due, `${obj} due`);
    assert.equal(p.ongoing, ongoing, `${obj} ongoing`);
    assert.deepEqual(p.obligors, obligors, `${obj} obligors`);
    assert.equal(text.slice(p.evidence!.start, p.evidence!.end).length > 0, true);
  }
  const cf = a.provisions.find((p) => p.category === 'ceasefire')!;
  assert.equal(cf.ongoing, true);
  assert.equal(cf.from, '2020-11-10');
  const pk = a.provisions.find((p) => p.action === 'deploy' && p.quantities.length)!;
  assert.deepEqual(pk.quantities.map((q) => [q.value, q.unit]), [[1960, 'person'], [90, 'vehicle'], [380, 'vehicle']]);
  assert.equal(find('Lachin corridor', 'construct')!.within, 'P3Y');
  // what the user edits is valid YAML in the documented schema, and reads back the same
  assert.deepEqual(parseAgreementYaml(agreementToYaml(a), 'edited.yaml'), { ...a, provisions: a.provisions.map((p) => ({ ...p, evidence: null })) });
});

test('plain text: clear errors', () => {
  assert.throws(() => parseAgreementText('1. Nothing to see here.', { signed: '2020-11-10', title: 'X', file: 'x.txt' }), /x\.txt: no provision found/);
  assert.throws(() => parseAgreementText('1. A shall withdraw.', { signed: '2020-11-31', title: 'X', file: 'x.txt' }), /BAD_DATE|not a real calendar date/);
});

test('a plain-text agreement of another shape (Minsk II): follow-up sentences, the main verb decides', () => {
  const text = read('examples/agreements/minsk-2015.txt');
  const a = parseAgreementText(text, { signed: '2015-02-12', title: 'Minsk II', id: 'minsk-text', file: 'minsk-2015.txt' });
  assert.equal(a.id, 'minsk-text');
  const cats = a.provisions.map((p) => `${p.category}/${p.action}`);
  assert.deepEqual(cats, ['ceasefire/cease_fire', 'withdrawal/withdraw', 'monitoring/monitor', 'other/enact', 'prisoner_exchange/exchange', 'other/allow', 'withdrawal/withdraw', 'other/enact']);
  const [cf, hw, , , pe, , ff, cr] = a.provisions;
  assert.equal(cf.from, '2015-02-15');
  assert.equal(cf.ongoing, true);
  assert.equal(hw.due, '2015-03-03', 'the follow-up sentence gives the heavy weapons deadline');
  assert.match(hw.text, /completed by 3 March 2015\.$/);
  assert.deepEqual(hw.quantities.filter((q) => q.unit === 'km').map((q) => q.value), [50, 70, 140]);
  assert.equal(pe.due, '2015-03-08');
  assert.match(ff.text, /foreign armed formations/);
  assert.equal(cr.due, '2015-12-31');
  assert.deepEqual(cr.obligors, ['Ukraine']);
});
