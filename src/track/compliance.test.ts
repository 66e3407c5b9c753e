// Compliance on hand-built stored events (independent of the extraction stages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConflictEvent, EventActor, Place } from '../model/types.ts';
import type { LinkVerdict, StoredEvent } from '../store/store.ts';
import { parseAgreementYaml } from './agreement-yaml.ts';
import { computeCompliance, history, parseWithin, prepare } from './compliance.ts';
import type { TrackData, TrackDoc } from './link.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kfile = path.join(root, 'examples/agreements/karabakh-2020.yaml');
const karabakh = parseAgreementYaml(readFileSync(kfile, 'utf8'), kfile);

const AZ: EventActor = { name: 'Military Forces of Azerbaijan (2003-)', kind: 'military', countryCode: 'AZ' };
const AM: EventActor = { name: 'Military Forces of Armenia (2018-)', kind: 'military', countryCode: 'AM' };
const RU_PK: EventActor = { name: 'Russian peacekeepers', kind: 'peacekeepers', countryCode: 'RU' };

function place(name: string, admin1: string | null = null): Place {
  return { start: 0, end: 0, text: name, name, gazetteerId: null, featureType: 'adm1', countryCode: 'AZ', admin1, lat: null, lon: null, confidence: 1 };
}

interface EvSpec {
  sentence: string;
  action: string;
  place?: string | null;
  admin1?: string | null;
  date?: string | null;
  dateSource?: 'timex' | 'dct';
  actor1?: EventActor | null;
  actor2?: EventActor | null;
  modality?: ConflictEvent['modality'];
  attribution?: string | null;
}

function doc(id: string, dct: string, sentences: string[], evs: EvSpec[]): { doc: TrackDoc; events: StoredEvent[] } {
  const text = sentences.join(' ');
  const spans = sentences.map((s) => {
    const start = text.indexOf(s);
    return { start, end: start + s.length };
  });
  const events = evs.map((e, i): StoredEvent => {
    const start = text.indexOf(e.sentence);
    assert.ok(start >= 0, `sentence of event ${i} in ${id}`);
    const span = { start, end: start + e.sentence.length };
    return {
      id: `${id}#e${i + 1}`,
      docId: id,
      evidenceText: e.sentence,
      action: e.action,
      eventType: null,
      subEventType: null,
      actor1: e.actor1 ?? null,
      actor2: e.actor2 ?? null,
      place: e.place ? place(e.place, e.admin1 ?? null) : null,
      date: e.date === undefined ? dct : e.date,
      dateSource: e.dateSource ?? 'timex',
      modality: e.modality ?? 'asserted',
      quantities: [],
      fatalities: null,
      attribution: e.attribution ? { source: e.attribution } : null,
      evidence: span,
      mentions: [span],
    };
  });
  return { doc: { id, dct, text, sentences: spans }, events };
}

const D = {
  extension: doc('ext', '2020-11-15', [
    'Azerbaijan agreed to give Armenia more time to leave Kalbajar.',
    'The deadline for the withdrawal from Kalbajar was extended until November 25 at the request of Yerevan.',
  ], []),
  agdam: doc('agdam', '2020-11-20', ['Azerbaijani troops entered the Agdam district on Friday.'], [
    { sentence: 'Azerbaijani troops entered the Agdam district on Friday.', action: 'enter', place: 'Agdam', date: '2020-11-20', actor1: AZ },
  ]),
  kalbajar: doc('kalb', '2020-11-25', ['Units of the Azerbaijani army entered the Kalbajar district on Wednesday.'], [
    { sentence: 'Units of the Azerbaijani army entered the Kalbajar district on Wednesday.', action: 'enter', place: 'Kalbajar Rayon', date: '2020-11-25', actor1: AZ },
  ]),
  lachin: doc('lachin', '2020-12-01', [
    'Azerbaijani forces entered the Lachin district on Tuesday.',
    'Russian peacekeepers control the road through the Lachin corridor.',
  ], [
    { sentence: 'Azerbaijani forces entered the Lachin district on Tuesday.', action: 'enter', place: 'Lachin', date: '2020-12-01', actor1: AZ },
    { sentence: 'Russian peacekeepers control the road through the Lachin corridor.', action: 'control', place: 'Lachin corridor', date: '2020-12-01', dateSource: 'dct', actor1: RU_PK },
  ]),
  earlier: doc('earlier', '2020-12-01', ['Earlier, Armenian troops withdrew from the Agdam region.'], [
    { sentence: 'Earlier, Armenian troops withdrew from the Agdam region.', action: 'withdraw', place: 'Agdam', date: null, actor1: AM },
  ]),
  clash: doc('clash', '2020-12-13', [
    "Azerbaijan's Defence Ministry accused Armenian forces of attacking its positions near Hadrut on Friday.",
    "Armenia's Defence Ministry denied that its forces had attacked.",
  ], [
    { sentence: "Azerbaijan's Defence Ministry accused Armenian forces of attacking its positions near Hadrut on Friday.", action: 'attack', place: 'Hadrut', date: '2020-12-11', actor1: AM, actor2: AZ, attribution: "Azerbaijan's Defence Ministry" },
    { sentence: "Armenia's Defence Ministry denied that its forces had attacked.", action: 'deny', place: null, date: '2020-12-13', actor1: { name: "Armenia's Defence Ministry", kind: 'government', countryCode: 'AM' }, attribution: "Armenia's Defence Ministry" },
  ]),
  planned: doc('planned', '2020-11-15', ['The handover of Lachin remains scheduled for December 1.'], [
    { sentence: 'The handover of Lachin remains scheduled for December 1.', action: 'hand_over', place: 'Lachin', date: '2020-12-01', modality: 'planned' },
  ]),
  swapElsewhere: doc('swap', '2020-12-20', ['Ethiopia and Eritrea exchanged prisoners of war on Saturday.'], [
    { sentence: 'Ethiopia and Eritrea exchanged prisoners of war on Saturday.', action: 'exchange_prisoners', date: '2020-12-19', actor1: { name: 'Government of Ethiopia', kind: 'government', countryCode: 'ET' }, actor2: { name: 'Government of Eritrea', kind: 'government', countryCode: 'ER' } },
  ]),
  swap: doc('swap2', '2020-12-15', ['Armenia and Azerbaijan exchanged prisoners of war on Monday.'], [
    { sentence: 'Armenia and Azerbaijan exchanged prisoners of war on Monday.', action: 'exchange_prisoners', date: '2020-12-14', actor1: { name: 'Government of Armenia', kind: 'government', countryCode: 'AM' }, actor2: { name: 'Government of Azerbaijan', kind: 'government', countryCode: 'AZ' } },
  ]),
  old: doc('old', '2020-12-01', ['Armenian forces captured Lachin in 1992.'], [
    { sentence: 'Armenian forces captured Lachin in 1992.', action: 'capture', place: 'Lachin', date: '1992', actor1: AM },
  ]),
};

function data(keys: (keyof typeof D)[], verdicts: LinkVerdict[] = []): TrackData {
  const docs = new Map<string, TrackDoc>();
  const events: StoredEvent[] = [];
  for (const k of keys) {
    docs.set(D[k].doc.id, D[k].doc);
    events.push(...D[k].events);
  }
  return { docs, events, reportProvisions: [], verdicts };
}

function statusOf(keys: (keyof typeof D)[], asOf: string, verdicts: LinkVerdict[] = []) {
  const rows = computeCompliance(prepare(karabakh, data(keys, verdicts)), asOf);
  return new Map(rows.map((r) => [r.provisionId, r]));
}

const ALL = Object.keys(D) as (keyof typeof D)[];

test('status table as of several dates', () => {
  const rows: [string, string, string, Partial<Record<string, unknown>>][] = [
    // [asOf, provision, status, other fields]
    ['2020-11-12', 'kalbajar', 'pending', { amendedDue: null, done: null }],
    ['2020-11-12', 'agdam', 'pending', {}],
    ['2020-11-12', 'ceasefire', 'ongoing', {}],
    ['2020-11-16', 'kalbajar', 'pending', { due: '2020-11-15', amendedDue: '2020-11-25' }],
    ['2020-11-20', 'agdam', 'fulfilled', { done: '2020-11-20', daysLate: 0, sources: 1, events: ['agdam#e1'] }],
    ['2020-11-25', 'kalbajar', 'fulfilled_late', { done: '2020-11-25', daysLate: 10, amendedDue: '2020-11-25', daysLateAmended: 0 }],
    ['2020-11-30', 'lachin', 'pending', { done: null }],
    ['2020-12-01', 'lachin', 'fulfilled', { done: '2020-12-01', daysLate: 0 }],
    ['2020-12-01', 'corridor', 'ongoing', { events: ['lachin#e2'] }],
    ['2020-12-10', 'ceasefire', 'ongoing', { events: [] }],
    ['2020-12-13', 'ceasefire', 'violated', { events: ['clash#e1'] }],
    ['2020-12-13', 'prisoner-exchange', 'unknown', {}],
    ['2020-12-13', 'corridor-new-route', 'pending', { due: '2023-11-10' }],
  ];
  for (const [asOf, id, status, fields] of rows) {
    const r = statusOf(ALL.filter((k) => k !== 'earlier'), asOf).get(id)!;
    assert.equal(r.status, status, `${id} as of ${asOf}`);
    for (const [k, v] of Object.entries(fields)) assert.deepEqual((r as unknown as Record<string, unknown>)[k], v, `${id}.${k} as of ${asOf}`);
  }
});

test('evidence names the sentence and its offsets', () => {
  const r = statusOf(ALL, '2020-12-01').get('kalbajar')!;
  const d = D.kalbajar.doc;
  assert.equal(r.evidence[0].docId, 'kalb');
  assert.equal(r.evidence[0].text, 'Units of the Azerbaijani army entered the Kalbajar district on Wednesday.');
  assert.equal(d.text.slice(r.evidence[0].start, r.evidence[0].end), r.evidence[0].text);
  const amend = r.evidence.find((e) => e.docId === 'ext')!;
  assert.match(amend.text, /extended until November 25/);
  assert.equal(D.extension.doc.text.slice(amend.start, amend.end), amend.text);
  assert.equal(r.amendment?.docId, 'ext');
  assert.equal(r.sources, 2);
});

test('without the extension report, Kalbajar is overdue after the 15th and late without an amended deadline', () => {
  const keys = ALL.filter((k) => k !== 'extension');
  assert.equal(statusOf(keys, '2020-11-16').get('kalbajar')!.status, 'overdue');
  const r = statusOf(keys, '2020-11-26').get('kalbajar')!;
  assert.equal(r.status, 'fulfilled_late');
  assert.equal(r.daysLate, 10);
  assert.equal(r.amendedDue, null);
  assert.equal(r.daysLateAmended, null);
});

test('"earlier" with no date: fulfilled, done null, daysLate null', () => {
  const r = statusOf(['earlier'], '2020-12-01').get('agdam')!;
  assert.equal(r.status, 'fulfilled');
  assert.equal(r.done, null);
  assert.equal(r.daysLate, null);
  assert.deepEqual(r.events, ['earlier#e1']);
  // the same report is not known before its date
  assert.equal(statusOf(['earlier'], '2020-11-25').get('agdam')!.status, 'overdue');
});

test('events and reports after the as-of date are ignored; planned and old events never count', () => {
  const r = statusOf(['planned', 'old', 'lachin'], '2020-11-30').get('lachin')!;
  assert.equal(r.status, 'pending');
  assert.deepEqual(r.events, []);
  const r2 = statusOf(['planned', 'old'], '2020-12-05').get('lachin')!;
  assert.equal(r2.status, 'overdue');
});

test('a ceasefire violation says whose claim it rests on', () => {
  const r = statusOf(['clash'], '2020-12-13').get('ceasefire')!;
  assert.equal(r.status, 'violated');
  assert.equal(r.violation?.basis, 'one-side');
  assert.deepEqual(r.violation?.sides, ['Azerbaijan']);
  assert.deepEqual(r.violation?.accused, ['Armenia']);
  assert.equal(r.violation?.denied, true);
  assert.equal(r.violation?.first, '2020-12-11');
  // a second side reporting the fighting makes it corroborated
  const other = doc('clash2', '2020-12-13', ["Armenia's Defence Ministry said Azerbaijani troops had attacked Hin Tagher on Friday."], [
    { sentence: "Armenia's Defence Ministry said Azerbaijani troops had attacked Hin Tagher on Friday.", action: 'attack', place: 'Hin Tagher', date: '2020-12-11', actor1: AZ, attribution: "Armenia's Defence Ministry" },
  ]);
  const dd = data(['clash']);
  dd.docs.set(other.doc.id, other.doc);
  dd.events.push(...other.events);
  const r3 = computeCompliance(prepare(karabakh, dd), '2020-12-13').find((x) => x.provisionId === 'ceasefire')!;
  assert.equal(r3.violation?.basis, 'multi-side');
  assert.deepEqual(r3.violation?.sides, ['Armenia', 'Azerbaijan']);
  assert.equal(r3.sources, 2);
});

test('a prisoner exchange counts only when it is between the agreement\'s parties', () => {
  assert.notEqual(statusOf(['swapElsewhere'], '2020-12-31').get('prisoner-exchange')?.done, '2020-12-19');
  const r = statusOf(['swap'], '2020-12-31').get('prisoner-exchange');
  assert.equal(r?.status, 'fulfilled');
  assert.equal(r?.done, '2020-12-14');
});

test('analyst verdicts override links', () => {
  const rejected: LinkVerdict = { agreementId: 'karabakh-2020', provisionId: 'agdam', eventId: 'agdam#e1', verdict: 'rejected', user: 'a', at: '2020-12-01' };
  assert.equal(statusOf(['agdam'], '2020-11-21', [rejected]).get('agdam')!.status, 'overdue');
  const confirmed: LinkVerdict = { agreementId: 'karabakh-2020', provisionId: 'prisoner-exchange', eventId: 'agdam#e1', verdict: 'confirmed', user: 'a', at: '2020-12-01' };
  const r = statusOf(['agdam'], '2020-11-21', [confirmed]).get('prisoner-exchange')!;
  assert.equal(r.status, 'fulfilled');
  assert.equal(r.done, '2020-11-20');
});

test('history: every status change with the report that caused it', () => {
  const changes = history(prepare(karabakh, data(ALL.filter((k) => k !== 'earlier'))), '2020-12-31');
  const k = changes.filter((c) => c.provisionId === 'kalbajar').map((c) => [c.from, c.to, c.at, c.docId]);
  assert.deepEqual(k, [['pending', 'fulfilled_late', '2020-11-25', 'kalb']]);
  const c = changes.filter((x) => x.provisionId === 'ceasefire').map((x) => [x.from, x.to, x.at, x.docId]);
  assert.deepEqual(c, [['ongoing', 'violated', '2020-12-13', 'clash']]);
  const noExt = history(prepare(karabakh, data(['kalbajar'])), '2020-12-31').filter((x) => x.provisionId === 'kalbajar').map((x) => [x.from, x.to, x.at, x.docId]);
  assert.deepEqual(noExt, [['pending', 'overdue', '2020-11-16', null], ['overdue', 'fulfilled_late', '2020-11-25', 'kalb']]);
});

test('parseWithin', () => {
  assert.equal(parseWithin('7d'), 7);
  assert.equal(parseWithin('2w'), 14);
  assert.equal(parseWithin('10'), 10);
  assert.equal(parseWithin('7x'), null);
});
