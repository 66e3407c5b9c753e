// `truce events` on a real SQLite file, as a user runs it (a child process), in every format.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { sampleDoc } from './store-contract.ts';
import type { ConflictEvent } from '../src/model/types.ts';

const db = path.join(mkdtempSync(path.join(tmpdir(), 'truce-events-')), 'events.db');
const truce = (...args: string[]) => execFileSync(process.execPath, ['bin/truce.js', ...args, '--db', db], { encoding: 'utf8' });

const ev = (id: string, over: Partial<ConflictEvent>): ConflictEvent => ({
  id, action: 'shell', eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack',
  actor1: { name: 'Military Forces of Armenia (2018-)', kind: 'military', countryCode: 'AM' }, actor2: null,
  place: { start: 0, end: 6, text: 'Hadrut', name: 'Hadrut', gazetteerId: 'gn:1', featureType: 'populated place', countryCode: 'AZ', lat: 39.52, lon: 47.03, confidence: 0.8 },
  date: '2020-12-12', modality: 'disputed', quantities: [], fatalities: 2, attribution: { source: 'Ministry of Defense of Azerbaijan', via: null },
  evidence: { start: 0, end: 30 }, mentions: [{ start: 0, end: 30 }], ...over,
});

before(async () => {
  const s = openSqliteStore(db);
  await s.migrate();
  await s.putDocuments([
    sampleDoc('r1', 'Hadrut was shelled, "two killed", the ministry said.', [ev('e1', {})], '2020-12-13'),
    sampleDoc('r2', 'Azerbaijani army units entered the Lachin district.', [ev('e1', { action: 'enter', eventType: 'Strategic developments', subEventType: 'Non-violent transfer of territory', date: '2020-12-01', fatalities: null, modality: 'asserted', place: null })]),
  ]);
  await s.close();
});

test('table lists every event with its evidence', () => {
  const t = truce('events');
  assert.match(t, /2020-12-01 +enter/);
  assert.match(t, /2020-12-12 +shell/);
  assert.match(t, /2 event\(s\)/);
});

test('json honours filters', () => {
  const j = JSON.parse(truce('events', '--format', 'json', '--type', 'Strategic developments'));
  assert.equal(j.length, 1);
  assert.equal(j[0].id, 'r2#e1');
  assert.equal(JSON.parse(truce('events', '--format', 'json', '--from', '2020-12-05')).length, 1);
  assert.equal(JSON.parse(truce('events', '--format', 'json', '--q', 'shelled')).length, 1);
});

test('spatial filters: --bbox and --near', () => {
  const ids = (...a: string[]) => JSON.parse(truce('events', '--format', 'json', ...a)).map((e: { id: string }) => e.id);
  assert.deepEqual(ids('--near', '47,39.5,10'), ['r1#e1']);
  assert.deepEqual(ids('--near', '46.5,39.6,10'), []);
  assert.deepEqual(ids('--bbox', '170,39,47.5,40'), ['r1#e1']);
  const r = spawnSync(process.execPath, ['bin/truce.js', 'events', '--near', '47,39', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--near: "47,39" is not lon,lat,km/);
});

test('acled csv uses ACLED column names, quotes fields and carries fatalities', () => {
  const lines = truce('events', '--format', 'acled').trim().split(/\r?\n/);
  assert.match(lines[0], /^event_id_cnty,event_date,year,/);
  assert.equal(lines.length, 3);
  assert.match(lines.find((l) => l.includes('Shelling'))!, /"Hadrut was shelled, ""two killed"", the ministry said\."/);
});

test('geojson has a point for each placed event, null geometry for the others', () => {
  const g = JSON.parse(truce('events', '--format', 'geojson'));
  assert.equal(g.type, 'FeatureCollection');
  assert.equal(g.features.length, 2);
  const byId = Object.fromEntries(g.features.map((f: { id: string }) => [f.id, f]));
  assert.deepEqual(byId['r1#e1'].geometry.coordinates, [47.03, 39.52]);
  assert.equal(byId['r2#e1'].geometry, null);
});

test('bad options are usage errors naming the option', () => {
  const r = spawnSync(process.execPath, ['bin/truce.js', 'events', '--format', 'xml', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format: "xml" is not one of/);
  const d = spawnSync(process.execPath, ['bin/truce.js', 'events', '--from', '2020-02-30', '--db', db], { encoding: 'utf8' });
  assert.equal(d.status, 1);
  assert.match(d.stderr, /--from: "2020-02-30" is not a real calendar date/);
});
