// The hand-written event gold set (eval/gold/reports.jsonl): format, coverage, sync with its source,
// and the scorer's alignment and field checks on small synthetic reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ACLED_TYPES, GOLD_PATH, MODALITIES, SUB_TO_TYPE, evidenceSpan, loadGold, validateGold, type GoldReport,
} from '../eval/gold/format.ts';
import { parseSource } from '../eval/gold/build.ts';
import {
  actorMatch, addReport, alignReport, emptyTally, fieldChecks, haversineKm, normDate, prf, type PredEvent,
} from '../eval/gold/score.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gold = loadGold();

test('gold set is valid: >= 40 reports, >= 300 events, evidence substrings, ACLED names, dates', () => {
  const problems = validateGold(gold, { minEvents: 300, minReports: 40 });
  assert.deepEqual(problems, []);
  assert.ok(gold.length >= 40, `${gold.length} reports`);
  const n = gold.reduce((s, r) => s + r.events.length, 0);
  assert.ok(n >= 300, `${n} events`);
  for (const r of gold) {
    for (const e of r.events) {
      const sp = evidenceSpan(r, e.evidence);
      assert.equal(r.text.slice(sp.start, sp.end), e.evidence);
    }
  }
});

test('gold set covers both styles, all six event types, all 25 sub-event types, every modality, non-ACLED events', () => {
  const styles = new Set(gold.map((r) => r.style));
  assert.deepEqual([...styles].sort(), ['acled', 'wire']);
  const types = new Set<string>();
  const subs = new Set<string>();
  const mods = new Set<string>();
  let untyped = 0;
  let nonEvents = 0;
  for (const r of gold) {
    nonEvents += (r.nonEvents ?? []).length;
    for (const e of r.events) {
      mods.add(e.modality);
      if (e.eventType) types.add(e.eventType);
      else untyped++;
      if (e.subEventType) subs.add(e.subEventType);
    }
  }
  assert.deepEqual([...types].sort(), Object.keys(ACLED_TYPES).sort());
  assert.equal(subs.size, 25, `missing: ${[...SUB_TO_TYPE.keys()].filter((s) => !subs.has(s)).join(', ')}`);
  assert.deepEqual([...mods].sort(), [...MODALITIES].sort());
  assert.ok(untyped >= 10, `${untyped} events without an ACLED type`);
  assert.ok(nonEvents >= 40, `${nonEvents} non-event spans`);
});

test('the ACLED name list matches ../shared/ACLED-TYPES.md when it is present', (t) => {
  const md = path.resolve(repoRoot, '../shared/ACLED-TYPES.md');
  if (!existsSync(md)) return t.skip('no ../shared/ACLED-TYPES.md');
  const rows = readFileSync(md, 'utf8').split('\n').filter((l) => /^\|\s*[A-Z]/.test(l) && !l.startsWith('| event type'));
  const parsed: Record<string, string[]> = {};
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    const [type, , subs] = [cells[1], cells[2], cells[3]];
    if (!type || !subs) continue;
    parsed[type] = subs.split(';').map((s) => s.trim());
  }
  assert.deepEqual(parsed, ACLED_TYPES);
});

test('reports.jsonl is in sync with reports.src (the hand-written source)', () => {
  const src = readFileSync(path.join(path.dirname(GOLD_PATH), 'reports.src'), 'utf8');
  assert.deepEqual(parseSource(src), gold);
});

test('parseSource reads the compact authoring format', () => {
  const src = [
    '=== t1 | 2020-12-02 | wire',
    'Troops shelled Alpha on Tuesday. Nothing else happened.',
    '> Troops shelled Alpha on Tuesday. || shell | SHL | @AZ | - | Alpha@40.5,46.25 | 2020-12-01 | 3 | X',
    'x Nothing else happened. || filler',
  ].join('\n');
  const [r] = parseSource(src);
  assert.equal(r.id, 't1');
  assert.equal(r.text, 'Troops shelled Alpha on Tuesday. Nothing else happened.');
  assert.deepEqual(r.events[0], {
    evidence: 'Troops shelled Alpha on Tuesday.',
    action: 'shell',
    eventType: 'Explosions/Remote violence',
    subEventType: 'Shelling/artillery/missile attack',
    actor1: 'Military Forces of Azerbaijan (2003-)',
    actor2: null,
    place: { name: 'Alpha', lat: 40.5, lon: 46.25 },
    date: '2020-12-01',
    fatalities: 3,
    modality: 'disputed',
  });
  assert.deepEqual(r.nonEvents, [{ evidence: 'Nothing else happened.', why: 'filler' }]);
});

// A synthetic report (not from the gold set) to exercise the validator and the scorer.
const TEXT = 'On 5 May 2020, soldiers shelled Alpha, killing 4. Later, protesters marched in Beta. The war has killed 900.';
const synth: GoldReport = {
  id: 'synthetic',
  date: '2020-05-06',
  style: 'acled',
  text: TEXT,
  events: [
    {
      evidence: 'soldiers shelled Alpha, killing 4.', action: 'shell', eventType: 'Explosions/Remote violence',
      subEventType: 'Shelling/artillery/missile attack', actor1: 'Military Forces of Azerbaijan (2003-)', actor2: null,
      place: { name: 'Alpha', lat: 40.0, lon: 46.0 }, date: '2020-05-05', fatalities: 4, modality: 'asserted',
    },
    {
      evidence: 'protesters marched in Beta.', action: 'protest', eventType: 'Protests', subEventType: 'Peaceful protest',
      actor1: 'Protesters (Armenia)', actor2: null, place: { name: 'Beta', lat: 41.0, lon: 45.0 }, date: '2020-05-05',
      fatalities: null, modality: 'asserted',
    },
  ],
  nonEvents: [{ evidence: 'The war has killed 900.', why: 'cumulative toll' }],
};

test('validator rejects broken reports (table-driven)', () => {
  assert.deepEqual(validateGold([synth]), []);
  const cases: [string, (r: GoldReport) => void, RegExp][] = [
    ['evidence not in text', (r) => { r.events[0].evidence = 'soldiers shelled Gamma'; }, /not a substring/],
    ['unknown sub-type', (r) => { r.events[0].subEventType = 'Shelling'; }, /not a sub-type/],
    ['unknown type', (r) => { r.events[0].eventType = 'Battle'; }, /unknown eventType/],
    ['impossible date', (r) => { r.events[0].date = '2020-02-30'; }, /bad date/],
    ['bad modality', (r) => { (r.events[0] as { modality: string }).modality = 'claimed'; }, /bad modality/],
    ['negative fatalities', (r) => { r.events[0].fatalities = -1; }, /fatalities/],
    ['bad coordinates', (r) => { r.events[0].place = { name: 'Alpha', lat: 140, lon: 46 }; }, /bad coordinates/],
    ['publication date', (r) => { r.date = '2020-13-01'; }, /bad publication date/],
    ['non-event overlaps event', (r) => { r.nonEvents = [{ evidence: 'killing 4', why: 'x' }]; }, /overlaps an event/],
  ];
  for (const [name, mutate, re] of cases) {
    const r = structuredClone(synth);
    mutate(r);
    const errs = validateGold([r]);
    assert.ok(errs.some((e) => re.test(e)), `${name}: ${errs.join(' | ')}`);
  }
  assert.ok(validateGold([synth], { minEvents: 300, minReports: 40 }).length === 2);
});

function span(s: string): { start: number; end: number } {
  const start = TEXT.indexOf(s);
  assert.ok(start >= 0, s);
  return { start, end: start + s.length };
}

test('alignment pairs by overlap then type; fields and event-level P/R/F1 are computed from the pairs', () => {
  const sentence1 = span('On 5 May 2020, soldiers shelled Alpha, killing 4.');
  const preds: PredEvent[] = [
    {
      // a sentence-level span containing gold event 0; right type, place 11 km away, right date
      eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack', evidence: sentence1,
      actor1: { name: 'Military Forces of Azerbaijan', kind: 'military', countryCode: 'AZ' },
      place: { lat: 40.1, lon: 46.0 } as PredEvent['place'], date: '2020-05-05TNI', fatalities: 4, modality: 'asserted', action: 'shell',
    },
    {
      // right span for gold event 1 but wrong type and no place
      eventType: 'Riots', subEventType: 'Violent demonstration', evidence: span('protesters marched in Beta.'),
      actor1: null, place: null, date: '2020-05-05', fatalities: null, modality: 'asserted', action: 'riot',
    },
    {
      // an event on the non-event span
      eventType: 'Battles', subEventType: 'Armed clash', evidence: span('The war has killed 900.'),
      date: '2020-05-06', fatalities: 900,
    },
  ];
  const al = alignReport(synth, preds);
  assert.deepEqual(al.pairs.map((p) => [p.goldIndex, p.predIndex]), [[0, 0], [1, 1]]);
  assert.deepEqual(al.unmatchedPred, [2]);
  assert.deepEqual(al.predOnNonEvents, [2]);

  assert.deepEqual(fieldChecks(synth.events[0], preds[0]), {
    eventType: true, subEventType: true, fatalities: true, place25km: true, date: true, actor1: true, modality: true, action: true,
  });
  const c1 = fieldChecks(synth.events[1], preds[1]);
  assert.equal(c1.eventType, false);
  assert.equal(c1.place25km, false);
  assert.equal(c1.fatalities, true); // null and 0 both mean none reported
  assert.equal(c1.date, true);

  const t = emptyTally();
  addReport(t, synth, preds);
  assert.equal(t.gold, 2);
  assert.equal(t.pred, 3);
  assert.equal(t.aligned, 2);
  assert.equal(t.tp, 1);
  const m = prf(t.tp, t.pred, t.gold);
  assert.equal(m.p, 1 / 3);
  assert.equal(m.r, 1 / 2);
  assert.ok(Math.abs(m.f1 - 0.4) < 1e-12);
});

test('scorer helpers: distance, dates, actor names', () => {
  assert.ok(Math.abs(haversineKm(40.0, 46.0, 40.1, 46.0) - 11.12) < 0.05);
  assert.ok(haversineKm(39.64, 46.55, 39.82, 46.75) > 25); // Lachin to Stepanakert
  assert.equal(normDate('2020-11-30TNI'), '2020-11-30');
  assert.equal(normDate('2020-W13'), '2020-W13');
  assert.equal(normDate(null), null);
  const rows: [string | null, string | null, boolean][] = [
    ['Military Forces of Russia (2000-)', 'Military Forces of Russia', true],
    ['Military Forces of Russia (2000-)', 'military forces of russia (2000-)', true],
    ['Civilians (Ukraine)', 'Civilians', true],
    ['Military Forces of Russia (2000-)', 'Military Forces of Ukraine (2019-)', false],
    ['RSF: Rapid Support Forces', 'Rapid Support Forces', true],
    ['Military Forces of the United States (2021-)', 'Military Forces of United States', true],
    ['Military Forces of the Democratic Republic of Congo (2019-)', 'Military Forces of Congo', false],
    [null, null, true],
    [null, 'Wagner Group', false],
    ['Wagner Group', null, false],
  ];
  for (const [g, p, want] of rows) assert.equal(actorMatch(g, p), want, `${g} vs ${p}`);
});
