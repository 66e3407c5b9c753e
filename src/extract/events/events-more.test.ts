// Event rules added in the second pass (full pipeline, explicit DCT): prisoner exchanges, "pulling <weapon>
// back", idioms, verbal attacks, denied killings, year-only background events, datelines, "X said it ...".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../pipeline.ts';
import cues from '../../resources/events/cues.json' with { type: 'json' };

const DCT = '2020-12-13'; // a Sunday
const ev = (text: string) => annotate({ id: 't', text, dct: DCT }).events.map((e) => ({ ...e, trig: e.trigger ? text.slice(e.trigger.start, e.trigger.end) : null }));

test('prisoner exchanges are their own action (ACLED Strategic developments / Agreement)', () => {
  for (const t of ['The two sides exchanged prisoners on Friday.', 'Russia and Ukraine swapped 200 prisoners of war on Friday.']) {
    const es = ev(t);
    assert.equal(es.length, 1, t);
    assert.equal(es[0].action, 'exchange_prisoners');
    assert.deepEqual([es[0].eventType, es[0].subEventType], ['Strategic developments', 'Agreement']);
    assert.equal(es[0].date, '2020-12-11');
  }
  // exchanging fire stays a clash
  assert.deepEqual(ev('Azerbaijani and Armenian forces exchanged fire on Friday.').map((e) => e.action), ['clash']);
});

test('pulling weapons back is a withdrawal, not shelling', () => {
  const es = ev('Armenian forces began pulling heavy artillery back from the line on Friday.');
  assert.deepEqual(es.map((e) => [e.action, e.trig, e.actor1?.name]), [['withdraw', 'pulling', 'Military Forces of Armenia (2018-)']]);
  assert.deepEqual(ev('Armenian forces fired artillery at the village on Friday.').map((e) => e.action), ['shell']);
});

test('idioms and verbal attacks are no events', () => {
  for (const ex of cues.idioms.examples) assert.equal(ev(ex.text).length, ex.events, ex.text);
  for (const ex of cues.verbalAttackObjects.examples) assert.equal(ev(ex.text).length, ex.events, ex.text);
  for (const t of cues.verbalAttackObjects.negatives) assert.ok(ev(t).some((e) => e.action === 'attack'), t);
});

test('a denied killing is no event; an attack in the same sentence stays', () => {
  assert.deepEqual(ev('No one was killed, officials said on Friday.'), []);
  assert.deepEqual(ev('Nobody was killed in the village on Friday.'), []);
  const es = ev('No one was killed in the attack on Friday.');
  assert.deepEqual(es.map((e) => [e.action, e.trig]), [['attack', 'attack']]);
  // other denials keep their modality
  assert.deepEqual(ev('Armenian forces did not withdraw on Friday.').map((e) => [e.action, e.modality]), [['withdraw', 'denied']]);
});

test('an event dated only by an earlier year is background', () => {
  assert.deepEqual(ev('In 2009, a bombing in Kabul killed 25 people.'), []);
  assert.deepEqual(ev('The M23 took Goma in 2012.'), []);
  const es = ev('On Friday, a bombing in Kabul killed 25 people.');
  assert.equal(es.length, 1);
  assert.equal(es[0].fatalities, 25);
  assert.equal(es[0].date, '2020-12-11');
});

test('the dateline date does not date the events of the first sentence', () => {
  const es = ev('STEPANAKERT, Dec 13 (Reuters) - Azerbaijani forces shelled the village on Friday, officials said.');
  assert.deepEqual(es.map((e) => [e.action, e.date, e.actor1?.name]), [['shell', '2020-12-11', 'Military Forces of Azerbaijan (2003-)']]);
  // no weekday: the dateline (= DCT) date still applies
  assert.deepEqual(ev('STEPANAKERT, Dec 13 (Reuters) - Azerbaijani forces shelled the village, officials said.').map((e) => e.date), ['2020-12-13']);
});

test('"X said it had ...": the speaker is the agent', () => {
  const es = ev('Hamas said it had fired more than 5,000 rockets on Saturday.');
  assert.deepEqual(es.map((e) => [e.action, e.actor1?.name, e.date]), [['shell', 'Hamas Movement', '2020-12-12']]);
  // a named agent after the reporting verb still wins
  assert.deepEqual(ev('The ministry said Armenian forces shelled Tartar on Friday.').map((e) => e.actor1?.name), ['Military Forces of Armenia (2018-)']);
});

test('an event without a place in its sentence takes the scene of the report', () => {
  const text = 'Insurgents attacked the town of Palma on Friday. Government troops were fighting on Saturday to retake the town.';
  const a = annotate({ id: 't', text, dct: DCT });
  const scenePlace = a.places.find((p) => text.slice(p.start, p.end) === 'Palma');
  assert.ok(scenePlace, 'the places layer finds Palma');
  const last = a.events.find((e) => e.date === '2020-12-12');
  assert.ok(last, 'the Saturday event');
  assert.equal(last.place?.start, scenePlace.start);
  // statements and agreements do not take it
  const b = annotate({ id: 't', text: 'Insurgents attacked the town of Palma on Friday. The two sides agreed a ceasefire on Saturday.', dct: DCT });
  const agree = b.events.find((e) => e.action === 'agree');
  assert.ok(agree);
  assert.equal(agree.place, null);
});

test('ACLED crowd convention: Rioters in riots, Protesters (actor1) in protests', () => {
  const riot = ev('Protesters stormed parliament in Nairobi on Tuesday and set part of the building on fire.');
  const r = riot.find((e) => e.eventType === 'Riots');
  assert.ok(r, 'a riot');
  assert.equal(r.actor1?.name, 'Rioters (Kenya)');
  const demo = ev('Thousands of people marched peacefully in Lagos on Saturday.');
  assert.deepEqual(demo.map((e) => [e.eventType, e.actor1?.name]), [['Protests', 'Protesters (Nigeria)']]);
  const gas = ev('Police fired tear gas at protesters gathered at a stadium in Abuja on Saturday.');
  assert.deepEqual(gas.map((e) => [e.eventType, e.actor1?.name, e.actor2?.name]), [['Protests', 'Protesters (Nigeria)', 'Police Forces of Nigeria']]);
});

test('a place glued into a compound adjective does not locate the event', () => {
  const es = ev('The Iran-aligned Houthi movement said it had attacked the ship on Friday.');
  assert.equal(es.length, 1);
  assert.equal(es[0].place, null);
  assert.equal(es[0].actor1?.name, 'Military Forces of Yemen (2017-) Supreme Political Council');
  const k = ev('Fighting raged in Nagorno-Karabakh on Monday.');
  assert.equal(k[0]?.place?.name, 'Nagorno-Karabakh');
});

test('fatalities counted in person nouns beyond "people"', () => {
  const rows: [string, number][] = [
    ['A drone hit an apartment building in Tel Aviv on Friday, killing one man.', 1],
    ['An air strike on a military academy in Tripoli killed at least 30 cadets on Saturday.', 30],
    ['Fighters killed at least 43 rice farmers near the village on Saturday.', 43],
  ];
  for (const [t, n] of rows) assert.deepEqual(ev(t).map((e) => e.fatalities), [n], t);
});
