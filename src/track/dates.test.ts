import { test } from 'node:test';
import assert from 'node:assert/strict';
import lex from '../resources/track/dates.json' with { type: 'json' };
import { addDays, addDuration, dayOf, daysBetween, findDates, findDurations, lastDayOf } from './dates.ts';

test('dates.json examples', () => {
  for (const ex of lex.examples) {
    const dates = findDates(ex.text, ex.ref);
    assert.deepEqual(dates.map((d) => d.value), ex.dates, ex.text);
    for (const d of dates) assert.equal(ex.text.slice(d.start, d.end), d.text);
    assert.deepEqual(findDurations(ex.text).map((d) => d.value), ex.durations, ex.text);
  }
});

test('dates.json mustNotMatch', () => {
  for (const s of lex.mustNotMatch) {
    assert.deepEqual(findDates(s, '2020-11-10'), [], s);
    assert.deepEqual(findDurations(s), [], s);
  }
});

test('date arithmetic', () => {
  const rows: [string, string, string | null][] = [
    ['2020-11-10', 'P3Y', '2023-11-10'],
    ['2020-11-15', 'P10D', '2020-11-25'],
    ['2020-01-31', 'P1M', '2020-02-29'],
    ['2015-02-15', 'P2W', '2015-03-01'],
    ['2015-02-15', 'PT5H', null],
  ];
  for (const [d, dur, want] of rows) assert.equal(addDuration(d, dur), want, `${d}+${dur}`);
  assert.equal(addDays('2020-11-25', 7), '2020-12-02');
  assert.equal(daysBetween('2020-11-15', '2020-11-25'), 10);
  assert.equal(daysBetween('2020-12-01', '2020-11-20'), -11);
  assert.equal(dayOf('2020-11-30TNI'), '2020-11-30');
  assert.equal(dayOf('2020-11'), null);
  assert.equal(lastDayOf('2020-09'), '2020-09-30');
  assert.equal(lastDayOf('2020-02'), '2020-02-29');
  assert.equal(lastDayOf('1992'), '1992-12-31');
  assert.equal(lastDayOf('PRESENT_REF'), null);
});
