import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Annotated } from '../annotated.ts';
import { segment } from '../segment/segment.ts';
import { findActors } from './stage.ts';
import data from '../../resources/actors/actors.json' with { type: 'json' };
import type { Place } from '../../model/types.ts';

function ann(text: string, places: Place[] = []): Annotated {
  const { sentences, tokens } = segment(text);
  return { doc: { id: 't', text, dct: '2020-12-01' }, options: {}, dct: { value: '2020-12-01', inferred: false, confidence: 1, method: 'given' },
    sentences, tokens, timexes: [], places, actors: [], quantities: [], events: [], provisions: [] };
}

for (const ex of data.examples) {
  test(`actors example: ${ex.text}`, () => {
    const got = findActors(ann(ex.text));
    assert.deepEqual(got.map((a) => ({ text: a.text, name: a.name, kind: a.kind })), ex.actors);
    for (const a of got) assert.equal(ex.text.slice(a.start, a.end), a.text);
  });
}

test('actors negatives', () => {
  for (const t of data.negatives) assert.deepEqual(findActors(ann(t)).map((a) => a.text), [], t);
});

test('coreference: the ministry and they', () => {
  const text = "Armenia's Defense Ministry said the troops withdrew. The ministry added that they left at night.";
  const got = findActors(ann(text));
  const m = got.find((a) => a.text === 'The ministry')!;
  assert.equal(got[m.corefOf!].text, "Armenia's Defense Ministry");
  assert.equal(m.name, 'Ministry of Defense of Armenia');
});

test('bare nouns take the country of "of <place>" from the places layer', () => {
  const text = 'Residents of Lachin left.';
  const place: Place = { start: 13, end: 19, text: 'Lachin', name: 'Lachin', gazetteerId: 'x', featureType: 'adm2', countryCode: 'AZ', lat: 39.6, lon: 46.5, confidence: 1 };
  const got = findActors(ann(text, [place]));
  assert.deepEqual(got.map((a) => [a.text, a.name, a.countryCode]), [['Residents', 'Civilians (Azerbaijan)', 'AZ']]);
});

test('metonymy from the places layer and locative capitals', () => {
  const text = 'Baku agreed. Talks were held in Baku.';
  const got = findActors(ann(text));
  assert.deepEqual(got.map((a) => [a.start, a.name]), [[0, 'Government of Azerbaijan']]);
});
