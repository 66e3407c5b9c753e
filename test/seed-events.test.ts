// Seed acceptance (issue 3) for actors, quantities, events and provisions: the founding example
// through the full extract() with DCT 2020-12-01.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/pipeline.ts';
import type { ConflictEvent, Extraction } from '../src/model/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.resolve(repoRoot, '../shared/fixtures/lachin-handover.txt');
const text = fs.readFileSync(fixture, 'utf8');
const x: Extraction = extract({ id: 'lachin', text, dct: '2020-12-01' });

const ev = (pred: (e: ConflictEvent) => boolean) => x.events.filter(pred);
const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);
const one = (pred: (e: ConflictEvent) => boolean, what: string) => {
  const found = ev(pred);
  assert.ok(found.length >= 1, `expected an event: ${what}; got ${x.events.map((e) => `${e.action}@${e.place?.name ?? '-'}/${e.date}`).join(', ')}`);
  return found[0];
};

test('actors: ACLED-style names, metonyms and coreference', () => {
  const by = (t: string) => x.actors.find((a) => a.text === t);
  const rows: [string, string, string][] = [
    ['Azerbaijani army units', 'Military Forces of Azerbaijan (2003-)', 'military'],
    ['Armenian forces', 'Military Forces of Armenia (2018-)', 'military'],
    ['Azerbaijan’s Defense Ministry', 'Ministry of Defense of Azerbaijan', 'government'],
    ['Russian peacekeeping contingent', 'Military Forces of Russia (2000-)', 'peacekeepers'],
    ['Baku', 'Government of Azerbaijan', 'government'],
    ['Moscow', 'Government of Russia', 'government'],
    ['Ankara', 'Government of Turkey', 'government'],
    ['Residents', 'Civilians (Azerbaijan)', 'civilians'],
    ['TASS news agency', 'TASS', 'media'],
  ];
  for (const [t, name, kind] of rows) {
    const a = by(t);
    assert.ok(a, `actor ${t}`);
    assert.equal(a.name, name, t);
    assert.equal(a.kind, kind, t);
    assert.equal(slice(a), t);
  }
  const m = x.actors.find((a) => a.text === 'the ministry');
  assert.ok(m && m.corefOf != null, 'the ministry is coreferent');
  assert.equal(x.actors[m.corefOf!].text, 'Azerbaijan’s Defense Ministry');
  assert.equal(m.name, 'Ministry of Defense of Azerbaijan');
});

test('quantities: 1,960 peacekeepers, five-kilometer, two houses; no years or days', () => {
  const q = (v: number) => x.quantities.find((k) => k.value === v);
  const pk = q(1960);
  assert.ok(pk);
  assert.equal(slice(pk), '1,960 peacekeepers');
  assert.equal(pk.counts, 'peacekeepers');
  const km = q(5);
  assert.ok(km);
  assert.equal(km.unit, 'km');
  assert.ok(slice(km).startsWith('five-kilometer'));
  assert.ok(x.quantities.some((k) => k.value === 2 && k.counts === 'houses' && slice(k) === 'two houses'));
  const toll = q(30000);
  assert.ok(toll);
  assert.equal(toll.approx, 'approx');
  for (const bad of [1992, 1, 15, 20, 25, 28, 10]) assert.equal(q(bad), undefined, `no quantity ${bad}`);
});

test('event: Azerbaijani army enters Lachin on 2020-12-01 (non-violent transfer of territory), attributed to the ministry via TASS', () => {
  const e = one((e) => e.action === 'enter' && e.place?.name === 'Lachin' && e.date === '2020-12-01', 'enter Lachin');
  assert.equal(e.eventType, 'Strategic developments');
  assert.equal(e.subEventType, 'Non-violent transfer of territory');
  assert.equal(e.actor1?.name, 'Military Forces of Azerbaijan (2003-)');
  assert.equal(e.modality, 'asserted');
  assert.ok(e.mentions.length >= 2, 'the two reports of the entry are merged');
  assert.ok(slice(e.evidence).includes('entered the Lachin district on December 1'));
  assert.equal(e.attribution?.source, 'Ministry of Defense of Azerbaijan');
  assert.equal(e.attribution?.via, 'TASS');
  assert.equal(ev((o) => o.action === 'enter' && o.place?.name === 'Lachin').length, 1, 'one event for the entry');
});

test('event: Kalbajar turned over on 2020-11-25; Armenian withdrawal from Agdam (date unknown)', () => {
  const k = one((e) => e.action === 'hand_over' && e.place?.name === 'Kalbajar' && e.date === '2020-11-25', 'Kalbajar handed over');
  assert.equal(k.subEventType, 'Non-violent transfer of territory');
  assert.equal(k.modality, 'asserted');
  assert.equal(k.actor2?.name, 'Government of Azerbaijan');
  assert.ok(slice(k.evidence).includes('turned over to Baku on November 25'));
  const w = one((e) => e.action === 'withdraw' && /A[gğ]dam/.test(e.place?.name ?? ''), 'withdrawal from Agdam');
  assert.equal(w.actor1?.name, 'Military Forces of Armenia (2018-)');
  assert.equal(w.date, null, '"Earlier" gives no date');
  // the delayed handover is not an accomplished one
  const delayed = ev((e) => e.action === 'hand_over' && e.place?.name === 'Kalbajar' && e.date !== '2020-11-25');
  for (const d of delayed) assert.notEqual(d.modality, 'asserted');
});

test('event: residents evacuate (no ACLED type); two houses burned (property destruction)', () => {
  const r = one((e) => e.action === 'evacuate', 'evacuation');
  assert.equal(r.eventType, null);
  assert.equal(r.subEventType, null);
  assert.equal(r.place?.name, 'Lachin');
  assert.equal(r.actor1?.kind, 'civilians');
  const b = one((e) => e.action === 'burn', 'burning');
  assert.equal(b.eventType, 'Strategic developments');
  assert.equal(b.subEventType, 'Looting/property destruction');
  assert.equal(b.place?.name, 'Lachin');
  assert.ok(b.quantities.some((q) => q.value === 2 && q.counts === 'houses'));
  assert.equal(b.fatalities, null);
});

test('event: 1,960 Russian peacekeepers deploying; Russia-Turkey joint centre agreed', () => {
  const d = one((e) => e.action === 'deploy' && e.quantities.some((q) => q.value === 1960), 'deployment of 1,960');
  assert.equal(d.eventType, 'Strategic developments');
  assert.equal(d.modality, 'planned');
  assert.equal(d.actor1?.countryCode, 'RU');
  const a = one((e) => e.action === 'agree' && slice(e.evidence).includes('joint center'), 'joint centre agreement');
  assert.equal(a.eventType, 'Strategic developments');
  assert.equal(a.subEventType, 'Agreement');
  assert.deepEqual([a.actor1?.name, a.actor2?.name], ['Government of Russia', 'Government of Turkey']);
  assert.equal(a.place?.name, 'Nagorno-Karabakh');
});

test('the 30,000 killed in the 1990s war is not a fatality count of any event', () => {
  for (const e of x.events) {
    assert.notEqual(e.fatalities, 30000, `${e.action} has no 30,000 fatalities`);
    assert.ok(!e.quantities.some((q) => q.value === 30000) || e.fatalities === null);
  }
  assert.equal(ev((e) => e.action === 'kill').length, 0, 'no killing event from the historical toll');
});

test('provisions: Kalbajar, Agdam, Lachin deadlines and the ongoing Lachin corridor', () => {
  const p = x.provisions;
  const row = (name: RegExp) => p.find((v) => v.object && name.test(v.object.name));
  const rows: [RegExp, string][] = [[/^Kalbajar$/, '2020-11-15'], [/^A[gğ]dam$/, '2020-11-20'], [/^Lachin$/, '2020-12-01']];
  for (const [re, due] of rows) {
    const v = row(re);
    assert.ok(v, `provision ${re}`);
    assert.equal(v.category, 'territorial_transfer');
    assert.equal(v.due, due);
    assert.equal(v.ongoing, false);
    assert.deepEqual(v.obligors, ['Azerbaijan']);
    assert.ok(v.evidence && slice(v.evidence).endsWith(text.slice(v.evidence.end - 6, v.evidence.end)));
  }
  const c = row(/Lachin corridor/);
  assert.ok(c, 'corridor provision');
  assert.equal(c.category, 'peacekeeping');
  assert.equal(c.ongoing, true);
  assert.equal(c.due, null);
  assert.deepEqual(c.obligors, ['Russia']);
  assert.ok(c.quantities.some((q) => q.value === 5 && q.unit === 'km'));
  assert.equal(p.length, 4);
});

test('every event and actor carries offsets into the text', () => {
  for (const e of x.events) {
    assert.ok(e.evidence.start >= 0 && e.evidence.end <= text.length && e.evidence.start < e.evidence.end);
    for (const m of e.mentions) assert.ok(m.start < m.end);
    assert.ok(e.trigger && text.slice(e.trigger.start, e.trigger.end).length > 0);
  }
  for (const a of x.actors) assert.equal(text.slice(a.start, a.end), a.text);
});
