import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../pipeline.ts';

const run = (text: string) => extract({ id: 'm', text, dct: '2023-05-04', title: null, source: null, url: null });

test('a definite noun ("the airstrike") in a later sentence is a mention of the event already told, not a new one', () => {
  const text = 'Russian aircraft carried out an airstrike on Bakhmut on 3 May 2023, officials said. '
    + 'Residents of Kostiantynivka said the airstrike had shaken their windows.';
  const strikes = run(text).events.filter((e) => e.action === 'air_strike');
  assert.equal(strikes.length, 1, JSON.stringify(strikes.map((e) => [e.place?.name, e.date])));
  assert.equal(strikes[0].place?.name, 'Bakhmut');
  assert.equal(strikes[0].mentions.length, 2);
  assert.equal(text.slice(strikes[0].mentions[1].start, strikes[0].mentions[1].end).startsWith('Residents'), true);
});

test('an indefinite noun in a later sentence, dated differently, stays a separate event', () => {
  const text = 'Russian aircraft carried out an airstrike on Bakhmut on 3 May 2023, officials said. '
    + 'On 1 May 2023 an airstrike hit Kostiantynivka.';
  const strikes = run(text).events.filter((e) => e.action === 'air_strike');
  assert.equal(strikes.length, 2);
});
