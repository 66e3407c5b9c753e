// Unit tests of the time stage: each case gives a DCT and checks text, offsets and value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segmentStage } from '../segment/segment.ts';
import { annotate, buildPipeline } from '../pipeline.ts';
import { timeStage } from './stage.ts';
import { addDays, fmtDate, isoWeek, toDays, fromDays, weekday } from './calendar.ts';
import type { Timex } from '../../model/types.ts';

const stages = buildPipeline([segmentStage, timeStage]);
function run(text: string, dct: string | null, dateLocale?: 'en-US' | 'en-GB') {
  return annotate({ id: 't', text, dct }, { dateLocale }, stages);
}
function find(tx: Timex[], text: string, nth = 0): Timex | undefined {
  return tx.filter((t) => t.text === text)[nth];
}

interface Case { text: string; dct: string; span: string; value: string; type?: string; mod?: string; role?: string; nth?: number }
const cases: Case[] = [
  // absolute dates
  { text: 'The deal was signed on 10 November 2020.', dct: '2020-12-01', span: '10 November 2020', value: '2020-11-10' },
  { text: 'It was signed Dec. 1, 2020, in Moscow.', dct: '2020-12-05', span: 'Dec. 1, 2020', value: '2020-12-01' },
  { text: 'File dated 2020-12-01 was leaked.', dct: '2021-01-01', span: '2020-12-01', value: '2020-12-01' },
  { text: 'Troops left by the 1st of December.', dct: '2020-11-20', span: 'the 1st of December', value: '2020-12-01', role: 'deadline' },
  { text: 'Elections were held in 1992.', dct: '2020-12-01', span: '1992', value: '1992' },
  { text: 'A war in the 1990s killed thousands.', dct: '2020-12-01', span: '1990s', value: '199' },
  { text: 'Borders drawn in the 20th century remain.', dct: '2020-12-01', span: 'the 20th century', value: '19' },
  { text: 'The offensive planned for summer 2020 stalled.', dct: '2021-01-10', span: 'summer 2020', value: '2020-SU' },
  { text: 'Profit fell in the third quarter.', dct: '2020-12-01', span: 'the third quarter', value: '2020-Q3' },
  { text: 'Talks resume next week.', dct: '2020-12-01', span: 'next week', value: '2020-W50' },
  { text: 'Shelling began at 10:35 a.m. in Stepanakert.', dct: '2020-12-01', span: '10:35 a.m.', value: '2020-12-01T10:35', type: 'TIME' },
  { text: 'A column moved along a road on Monday night.', dct: '2020-12-01', span: 'Monday night', value: '2020-11-30TNI' },
  // relative
  { text: 'The ministry said today that troops arrived.', dct: '2020-12-01', span: 'today', value: '2020-12-01' },
  { text: 'Troops arrived yesterday.', dct: '2020-12-01', span: 'yesterday', value: '2020-11-30' },
  { text: 'The army entered the town on Tuesday.', dct: '2020-12-03', span: 'Tuesday', value: '2020-12-01' },
  { text: 'The army will enter the town on Tuesday.', dct: '2020-12-03', span: 'Tuesday', value: '2020-12-08' },
  { text: 'Ankara declared last month that it was ready.', dct: '2020-12-01', span: 'last month', value: '2020-11' },
  { text: 'Fighting came to an end earlier this month.', dct: '2020-12-01', span: 'earlier this month', value: '2020-12' },
  { text: 'They met on November 20. Two days later the talks collapsed.', dct: '2020-12-01', span: 'Two days later', value: '2020-11-22' },
  { text: 'Lachin was returned 28 years after its occupation.', dct: '2020-12-01', span: '28 years', value: 'P28Y', type: 'DURATION' },
  { text: 'It has been held by separatists since 1992.', dct: '2020-12-01', span: '1992', value: '1992' },
  // modifiers
  { text: 'Fighting started in late September.', dct: '2020-12-01', span: 'late September', value: '2020-09', mod: 'END' },
  { text: 'The early November truce held.', dct: '2020-12-01', span: 'early November', value: '2020-11', mod: 'START' },
  { text: 'A vote is due in mid-January.', dct: '2020-12-01', span: 'mid-January', value: '2021-01', mod: 'MID' },
  { text: 'It lasted about three weeks.', dct: '2020-12-01', span: 'three weeks', value: 'P3W', mod: 'APPROX' },
  { text: 'It lasted more than two weeks.', dct: '2020-12-01', span: 'more than two weeks', value: 'P2W', mod: 'MORE_THAN' },
  // durations and sets
  { text: 'The handover was delayed for 10 days.', dct: '2020-12-01', span: '10 days', value: 'P10D', type: 'DURATION' },
  { text: 'A 36-hour ceasefire was agreed.', dct: '2020-12-01', span: '36-hour', value: 'PT36H', type: 'DURATION' },
  { text: 'The mandate runs five years.', dct: '2020-12-01', span: 'five years', value: 'P5Y' },
  { text: 'The mission lasted a decade.', dct: '2020-12-01', span: 'a decade', value: 'P10Y' },
  { text: 'Convoys pass every day.', dct: '2020-12-01', span: 'every day', value: 'P1D', type: 'SET' },
  { text: 'Monitors report weekly.', dct: '2020-12-01', span: 'weekly', value: 'P1W', type: 'SET' },
  // deadlines
  { text: 'Kalbajar was to be handed over by November 15.', dct: '2020-12-01', span: 'November 15', value: '2020-11-15', role: 'deadline' },
  { text: 'Forces must leave no later than December 1.', dct: '2020-11-20', span: 'December 1', value: '2020-12-01', role: 'deadline' },
  { text: 'Refugees will return within three years.', dct: '2020-12-01', span: 'three years', value: 'P3Y', role: 'deadline' },
  { text: 'The curfew lasts until midnight.', dct: '2020-12-01', span: 'midnight', value: '2020-12-01T24:00', role: 'deadline' },
];

for (const c of cases) {
  test(`time: ${c.text}`, () => {
    const a = run(c.text, c.dct);
    const start = c.text.indexOf(c.span);
    const t = a.timexes.find((x) => x.start === start && x.end === start + c.span.length);
    assert.ok(t, `expected "${c.span}" in ${JSON.stringify(a.timexes.map((x) => x.text))}`);
    assert.equal(t.text, c.span);
    assert.equal(c.text.slice(t.start, t.end), c.span);
    assert.equal(t.value, c.value);
    if (c.type) assert.equal(t.type, c.type);
    assert.equal(t.mod, c.mod);
    assert.equal(t.role, c.role);
  });
}

test('numeric dates follow the locale option', () => {
  const us = run('Talks on 1/12/2021 failed.', '2021-02-01', 'en-US');
  const gb = run('Talks on 1/12/2021 failed.', '2021-02-01', 'en-GB');
  assert.equal(us.timexes[0].value, '2021-01-12');
  assert.equal(gb.timexes[0].value, '2021-12-01');
});

test('not times: May the verb, counts, distances, phone numbers, scores', () => {
  const text = 'You may go. Russia sent 1,960 peacekeepers along a 5-km corridor. Call 555-1234. They won 3-1.';
  const a = run(text, '2020-12-01');
  assert.deepEqual(a.timexes.map((t) => t.text), []);
});

test('seed fixture with DCT 2020-12-01', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const text = readFileSync(resolve(here, '../../../../shared/fixtures/lachin-handover.txt'), 'utf8');
  const a = run(text, '2020-12-01');
  const tx = a.timexes;
  const dec1 = tx.filter((t) => t.text === 'December 1');
  assert.equal(dec1.length, 2);
  for (const t of dec1) assert.equal(t.value, '2020-12-01');
  assert.equal(dec1[1].role, 'deadline');
  const expect: [string, string, string?][] = [
    ['November 15', '2020-11-15'], ['November 20', '2020-11-20'], ['November 25', '2020-11-25'], ['10 days', 'P10D'],
    ['1992', '1992'], ['late September', '2020-09', 'END'], ['Monday night', '2020-11-30TNI'], ['last month', '2020-11'],
    ['earlier this month', '2020-12'], ['28 years', 'P28Y'],
  ];
  for (const [text0, value, mod] of expect) {
    const t = find(tx, text0);
    assert.ok(t, `missing ${text0}`);
    assert.equal(t.value, value, text0);
    assert.equal(text.slice(t.start, t.end), text0);
    if (mod) assert.equal(t.mod, mod);
  }
  const tue = find(tx, 'Tuesday');
  assert.ok(tue);
  assert.equal(tue.value, '2020-12-01');
  assert.equal(tue.mod, 'START');
});

test('seed fixture without a date: DCT inferred as 2020-12-01', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const text = readFileSync(resolve(here, '../../../../shared/fixtures/lachin-handover.txt'), 'utf8');
  const a = run(text, null);
  assert.equal(a.dct.value, '2020-12-01');
  assert.equal(a.dct.inferred, true);
  assert.ok(a.dct.confidence > 0.5 && a.dct.confidence < 1);
  assert.match(a.dct.method, /weekday/);
  assert.equal(find(a.timexes, 'Monday night')?.value, '2020-11-30TNI');
});

test('DCT inference: dateline, explicit date + weekday, none', () => {
  const d1 = run('BAKU, Nov. 10, 2020 — Leaders signed a truce. Troops will withdraw by Dec. 1.', null);
  assert.deepEqual([d1.dct.value, d1.dct.method], ['2020-11-10', 'dateline']);
  // 1 December 2020 was a Tuesday; 15 November 2020 a Sunday
  const d2 = run('The 2020 war ended in November.\nOn Tuesday, officials said, troops entered the town as planned on December 1. Another town was handed over on November 15.', null);
  assert.equal(d2.dct.value, '2020-12-01');
  const d3 = run('Nothing here is dated.', null);
  assert.equal(d3.dct.value, null);
  assert.equal(d3.dct.method, 'none');
  const given = run('Nothing here is dated.', '2020-12-01');
  assert.deepEqual(given.dct, { value: '2020-12-01', inferred: false, confidence: 1, method: 'given' });
});

test('calendar helpers', () => {
  assert.equal(weekday(2020, 12, 1), 2); // Tuesday
  assert.equal(weekday(1970, 1, 1), 4);
  assert.equal(fmtDate(addDays({ y: 2020, m: 12, d: 1 }, -1)), '2020-11-30');
  assert.equal(fmtDate(addDays({ y: 2020, m: 2, d: 28 }, 1)), '2020-02-29');
  assert.deepEqual(isoWeek(2020, 12, 1), { y: 2020, w: 49 });
  assert.deepEqual(isoWeek(2021, 1, 1), { y: 2020, w: 53 });
  for (const z of [-800000, -1, 0, 1, 18597, 60000]) { const p = fromDays(z); assert.equal(toDays(p.y, p.m, p.d), z); }
});
