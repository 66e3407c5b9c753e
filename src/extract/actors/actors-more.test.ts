// Actor rules added in the second pass: modifiers between demonym and force noun, named groups with a force
// head or a -led/-linked suffix, possessive group forces, dominant-country fallback for bare state forces.
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
const rows = (text: string, places: Place[] = []) => findActors(ann(text, places)).map((a) => {
  assert.equal(text.slice(a.start, a.end), a.text);
  return [a.text, a.name];
});

test('force modifiers: data examples and negatives', () => {
  for (const ex of data.forceModifiers.examples) {
    const got = rows(ex.text);
    assert.ok(got.some(([t, n]) => t === ex.actor && n === ex.name), `${ex.text}: ${JSON.stringify(got)}`);
  }
  for (const t of data.forceModifiers.negatives) assert.deepEqual(rows(t), [], t);
});

test('named groups take their force noun and -led / -linked suffixes', () => {
  const table: [string, [string, string][]][] = [
    ['M23 rebels seized the town.', [['M23 rebels', 'M23: March 23 Movement']]],
    ['JNIM militants attacked the airport.', [['JNIM militants', 'JNIM: Group for Support of Islam and Muslims']]],
    ['HTS-led rebels entered the city.', [['HTS-led rebels', 'HTS: Hayat Tahrir al Sham']]],
    ['Islamic State-linked insurgents captured the port.', [['Islamic State-linked insurgents', 'Islamic State']]],
    ['Tigrayan forces retook the city.', [['Tigrayan forces', "TPLF: Tigray People's Liberation Front"]]],
    ['The Saudi-led coalition carried out air strikes.', [['Saudi-led coalition', 'Military Forces of Saudi Arabia (2015-)']]],
    ['GNA forces seized the air base from the LNA.', [['GNA forces', 'Military Forces of Libya (2016-2021) Government of National Accord'], ['LNA', 'LNA: Libyan National Army']]],
  ];
  for (const [text, want] of table) assert.deepEqual(rows(text), want, text);
  // "-backed": the backer is not the actor
  assert.deepEqual(rows('Hamas-backed fighters fired.').filter(([t]) => t.startsWith('Hamas')), []);
  // short acronyms only in capitals
  assert.deepEqual(rows('Ola went home.'), []);
});

test('possessive forces of a named group or a government', () => {
  const got = findActors(ann('The Karen National Union said its fighters had captured the base.'));
  const its = got.find((a) => a.text === 'its fighters')!;
  assert.equal(its.name, 'KNU: Karen National Union');
  assert.equal(got[its.corefOf!].text, 'Karen National Union');
  assert.deepEqual(rows("Ukraine's president said his forces had taken the town."),
    [["Ukraine's president", 'Government of Ukraine'], ['his forces', 'Military Forces of Ukraine (2019-)']]);
});

test('bare state forces fall back on the report\'s dominant country', () => {
  const text = 'Mueda was quiet. Government troops were fighting on Sunday.';
  const place: Place = { start: 0, end: 5, text: 'Mueda', name: 'Mueda', gazetteerId: 'x', featureType: 'populated place', countryCode: 'MZ', lat: -11.6, lon: 39.5, confidence: 1 };
  const got = findActors(ann(text, [place]));
  assert.deepEqual(got.map((a) => [a.text, a.countryCode]), [['Government troops', 'MZ']]);
  // civilians do not take it
  assert.deepEqual(findActors(ann('Mueda was quiet. Residents fled.', [place])).map((a) => [a.text, a.name]), [['Residents', 'Civilians']]);
});

test('an actor noun that modifies a thing or a place is no actor ("the government building", "police station")', () => {
  const r = rows('Protesters gathered near the police station on Monday.');
  assert.ok(!r.some(([t]) => t === 'police'), `no police actor: ${JSON.stringify(r)}`);
  const found = findActors(ann('Protesters gathered outside the government building.'));
  assert.ok(!found.some((a) => a.text === 'the government'), JSON.stringify(found));
});
