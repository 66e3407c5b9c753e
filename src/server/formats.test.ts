import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACLED_COLUMNS, acledRow } from './formats.ts';
import type { StoredEvent } from '../store/store.ts';

const base: StoredEvent = {
  id: 'd#e1', docId: 'd', evidenceText: 'Shelling hit the Caucasus foothills.', action: 'shell',
  eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack',
  actor1: { name: 'Military Forces of Armenia (2018-)', kind: 'military', countryCode: 'AM' }, actor2: null,
  place: { start: 0, end: 8, text: 'Caucasus', name: 'Caucasus', gazetteerId: 'tm:caucasus', featureType: 'region', countryCode: null, lat: 39.9, lon: 46.7, confidence: 0.5 },
  date: '2020-12-12', modality: 'asserted', quantities: [], fatalities: null, attribution: null,
  evidence: { start: 0, end: 30 }, mentions: [{ start: 0, end: 30 }],
};
const col = (row: unknown[], name: (typeof ACLED_COLUMNS)[number]) => row[ACLED_COLUMNS.indexOf(name)];

test('ACLED country: the place\'s own country code first', () => {
  const row = acledRow({ ...base, place: { ...base.place!, countryCode: 'GE' } });
  assert.equal(col(row, 'country'), 'Georgia');
});

test('ACLED country: a place without a country takes the country its coordinates lie in, not the actor\'s', () => {
  const row = acledRow(base);
  assert.equal(col(row, 'country'), 'Azerbaijan');
  assert.equal(col(row, 'iso'), '031');
});

test('ACLED country: no place falls back to the first actor\'s country', () => {
  assert.equal(col(acledRow({ ...base, place: null }), 'country'), 'Armenia');
});
