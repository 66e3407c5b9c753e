// Allegations ledger and cross-report merging on hand-built stored events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConflictEvent, EventActor } from '../model/types.ts';
import type { StoredEvent } from '../store/store.ts';
import { allegations, isoWeek, summarise } from './allegations.ts';
import { mergeEvents } from './merge.ts';
import type { TrackDoc } from './link.ts';

const AZ_MOD: EventActor = { name: 'Ministry of Defense of Azerbaijan', kind: 'government', countryCode: 'AZ' };
const AM_MOD: EventActor = { name: 'Ministry of Defense of Armenia', kind: 'government', countryCode: 'AM' };
const AM: EventActor = { name: 'Military Forces of Armenia (2018-)', kind: 'military', countryCode: 'AM' };
const AZ: EventActor = { name: 'Military Forces of Azerbaijan (2003-)', kind: 'military', countryCode: 'AZ' };

const docs = new Map<string, TrackDoc>();
function ev(docId: string, dct: string, sentence: string, f: Partial<ConflictEvent> & { action: string }): StoredEvent {
  const d = docs.get(docId) ?? { id: docId, dct, text: '' };
  const start = d.text.length ? d.text.length + 1 : 0;
  d.text = d.text.length ? `${d.text} ${sentence}` : sentence;
  docs.set(docId, d);
  const n = [...docs.values()].reduce((k, x) => k + x.text.length, 0);
  const span = { start, end: start + sentence.length };
  return {
    id: `${docId}#e${n}`, docId, evidenceText: sentence, eventType: null, subEventType: null, actor1: null, actor2: null,
    place: null, date: dct, dateSource: 'timex', modality: 'asserted', quantities: [], fatalities: null, attribution: null,
    evidence: span, mentions: [span], ...f,
  };
}
const place = (name: string, gazetteerId: string | null = null) => ({ start: 0, end: 0, text: name, name, gazetteerId, featureType: 'populated place', countryCode: 'AZ', lat: null, lon: null, confidence: 1 });

const events: StoredEvent[] = [
  ev('d1', '2020-12-13', "Azerbaijan's ministry accused Armenian forces of attacking near Hadrut.", { action: 'accuse', actor1: AZ_MOD, actor2: AM, date: '2020-12-11', place: place('Hadrut'), attribution: { source: "Azerbaijan's Defence Ministry", via: 'TASS' } }),
  ev('d1', '2020-12-13', "Armenia's ministry denied it.", { action: 'deny', actor1: AM_MOD, attribution: { source: "Armenia's Defence Ministry" }, dateSource: 'dct' }),
  ev('d2', '2020-12-20', 'Armenia accused Azerbaijan of shelling a village.', { action: 'accuse', actor1: AM_MOD, actor2: AZ, date: '2020-12-19' }),
  ev('d3', '2020-11-20', 'Azerbaijani troops entered Agdam on Friday.', { action: 'enter', actor1: AZ, place: place('Agdam', 'adm1:AZ.03'), date: '2020-11-20', fatalities: null }),
  ev('d4', '2020-11-21', 'Azerbaijani forces took over Agdam on Thursday.', { action: 'hand_over', actor1: AZ, place: place('Agdam', 'adm1:AZ.03'), date: '2020-11-19' }),
  ev('d5', '2020-12-13', 'Four soldiers were killed near Hadrut.', { action: 'attack', actor1: AM, place: place('Hadrut'), date: '2020-12-11', fatalities: 4 }),
  ev('d6', '2020-12-13', 'Six soldiers were killed near Hadrut.', { action: 'clash', actor1: AM, place: place('Hadrut'), date: '2020-12-11', fatalities: 6 }),
  ev('d7', '2020-12-30', 'Shelling near Hadrut.', { action: 'shell', place: place('Hadrut'), date: '2020-12-29' }),
];

test('ISO weeks', () => {
  assert.equal(isoWeek('2020-12-11'), '2020-W50');
  assert.equal(isoWeek('2021-01-03'), '2020-W53');
  assert.equal(isoWeek('2021-01-04'), '2021-W01');
});

test('allegations ledger: who accused whom, denials, counts per party and week', () => {
  const list = allegations(events, docs, ['Azerbaijan', 'Armenia', 'Russia']);
  assert.deepEqual(list.map((a) => [a.kind, a.date, a.accuserSide, a.accusedSide, a.place, a.via]), [
    ['accuse', '2020-12-11', 'Azerbaijan', 'Armenia', 'Hadrut', 'TASS'],
    ['deny', '2020-12-13', 'Armenia', null, null, null],
    ['accuse', '2020-12-19', 'Armenia', 'Azerbaijan', null, null],
  ]);
  const d1 = docs.get('d1')!;
  for (const a of list) assert.equal(docs.get(a.docId)!.text.slice(a.evidence.start, a.evidence.end), a.evidence.text);
  assert.equal(list[0].evidence.text, d1.text.slice(0, list[0].evidence.text.length));
  const s = summarise(list);
  assert.equal(s.total, 3);
  assert.deepEqual(s.byParty, [
    { party: 'Armenia', accuses: 1, accused: 1, denies: 1 },
    { party: 'Azerbaijan', accuses: 1, accused: 1, denies: 0 },
  ]);
  assert.deepEqual(s.byWeek, [{ week: '2020-W50', accuse: 1, deny: 1 }, { week: '2020-W51', accuse: 1, deny: 0 }]);
  assert.equal(allegations(events, docs, [], { from: '2020-12-12' }).length, 2);
});

test('merging: one event per happening, corroboration counted, disagreements flagged not averaged', () => {
  const m = mergeEvents(events, docs, ['Azerbaijan', 'Armenia']);
  const agdam = m.find((x) => x.family === 'transfer')!;
  assert.deepEqual(agdam.docs, ['d4', 'd3']);
  assert.equal(agdam.corroboration, 2);
  assert.equal(agdam.date, '2020-11-19');
  assert.deepEqual(agdam.conflicts.map((c) => [c.field, c.values.map((v) => v.value)]), [['date', ['2020-11-19', '2020-11-20']]]);
  const hadrut = m.filter((x) => x.family === 'violence');
  assert.equal(hadrut.length, 2, 'the 29 December shelling is a different event');
  const h = hadrut.find((x) => x.date === '2020-12-11')!;
  assert.equal(h.corroboration, 2);
  assert.deepEqual(h.conflicts.map((c) => [c.field, c.values.map((v) => v.value)]), [['fatalities', [4, 6]]]);
});
