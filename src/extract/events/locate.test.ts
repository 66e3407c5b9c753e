// Per-event fields (issue 6): fatalities of this event only, place and date by syntax and proximity, actors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../pipeline.ts';
import data from '../../resources/events/locate.json' with { type: 'json' };

const ev = (text: string, dct = '2020-12-16') => extract({ id: 't', text, dct }).events;

test('fatalities: every example in locate.json', () => {
  for (const e of data.examples as { text: string; fatalities?: number | null }[]) {
    if (e.fatalities === undefined) continue;
    const es = ev(e.text);
    assert.ok(es.length >= 1, `no event: ${e.text}`);
    assert.ok(es.some((x) => x.fatalities === e.fatalities), `${e.text}: got ${es.map((x) => x.fatalities).join(', ')}, want ${e.fatalities}`);
  }
});

test('fatalities: injuries, parts, ages and other events carry none', () => {
  assert.deepEqual(ev('About 70 people were wounded when rockets hit the town on Wednesday.').map((e) => e.fatalities), [null]);
  assert.deepEqual(ev('Gunmen shot a 27-year-old man in the town on Monday.').map((e) => e.fatalities).filter((x) => x !== null && x !== 1), []);
  const w = ev('Russian forces withdrew from the town on Friday; shelling killed two people there.');
  const wd = w.find((e) => e.action === 'withdraw');
  assert.ok(wd, 'a withdrawal');
  assert.equal(wd!.fatalities, null);
});

const one = (text: string, pred: (e: ReturnType<typeof ev>[number]) => boolean, dct = '2020-12-16') => {
  const es = ev(text, dct).filter(pred);
  assert.equal(es.length, 1, `${text}: ${JSON.stringify(ev(text, dct).map((e) => [e.action, e.place?.name, e.date]))}`);
  return es[0];
};

test('date: an adverbial date far from the trigger in its clause; deadlines for obligations; plans take the narrative date', () => {
  const e = one('Azerbaijani forces captured the hilltop town of Shusha that overlooks the regional capital Stepanakert and the road to Armenia, the ministry said on Sunday.', (e) => e.action === 'capture', '2020-11-09');
  assert.equal(e.date, '2020-11-08');
  const d = one('Under the deal, Armenia was to hand over the Kalbajar district by November 15.', (e) => e.action === 'hand_over', '2020-11-12');
  assert.equal(d.modality, 'obligated');
  assert.equal(d.date, '2020-11-15');
  const es = ev('On 10 November 2020, the three leaders signed a ceasefire. Armenian forces are to withdraw from the Agdam district.', '2020-12-02');
  const w = es.find((x) => x.action === 'withdraw');
  assert.ok(w, 'a withdrawal');
  assert.equal(w!.date, '2020-11-10', 'an obligation without a date of its own takes the date of the agreement');
});

test('place: the town a facility or an Arabic name is in; rivers are no towns; capitals after "capital"', () => {
  assert.equal(one('On 1 March 2022, a Russian missile hit the administration building on Freedom Square in Kharkiv, killing 29 people.', (e) => e.action === 'shell').place?.name, 'Kharkiv');
  assert.equal(one('On 16 October 2024, Israeli soldiers killed a Hamas commander in a firefight in Tal al-Sultan, in Rafah.', (e) => !!e.eventType).place?.name.replace(/ḩ/g, 'h'), 'Rafah');
  const t = one('An air strike on a military academy in the Libyan capital Tripoli killed at least 30 cadets on Saturday.', (e) => e.action === 'air_strike');
  assert.equal(t.place?.name, 'Tripoli');
  assert.equal(t.fatalities, 30);
  const r = ev('The dam on the Dnipro river was destroyed early on Tuesday.', '2023-06-06');
  for (const e of r) assert.notEqual(e.place?.name, 'Dnipro');
});

test('place: "the town" points back at the last town named; a province stands at its seat; a government acts at its capital', () => {
  const es = ev('Russian forces entered Avdiivka on Friday. On Saturday the ministry said its forces had taken full control of the town.', '2024-02-17');
  const c = es.find((e) => e.action === 'capture');
  assert.ok(c, 'a capture');
  assert.equal(c!.place?.name, 'Avdiivka');
  const x = one('On 21 September 2022, Ukraine and Russia carried out a prisoner exchange in the Chernihiv region.', (e) => e.action === 'exchange_prisoners');
  assert.ok(x.place && Math.abs(x.place.lat! - 51.5) < 0.1 && Math.abs(x.place.lon! - 31.3) < 0.1, `the seat Chernihiv, not the oblast centre: ${JSON.stringify(x.place)}`);
  const s = one('Ethiopia declared a nationwide state of emergency on Tuesday.', (e) => e.action === 'declare_emergency', '2021-11-02');
  assert.equal(s.place?.name, 'Addis Ababa');
  assert.equal(s.place?.start, 0, 'the evidence of the capital is the acting government\'s mention');
});

test('actors: the two sides of "between", coordination across determiners, the side a later sentence blames', () => {
  const f = one('Fighting between Sudan\'s army and the paramilitary Rapid Support Forces raged in Khartoum on Sunday.', (e) => e.action === 'clash', '2023-04-16');
  assert.equal(f.actor1?.name, 'Military Forces of Sudan (2019-)');
  assert.equal(f.actor2?.name, 'RSF: Rapid Support Forces');
  const a = one('On 11 May 2023, representatives of the Sudanese army and the RSF signed a declaration in Jeddah.', (e) => e.action === 'agree');
  assert.equal(a.actor1?.name, 'Military Forces of Sudan (2019-)');
  const es = ev('An explosion tore through a hospital in Gaza City on Tuesday evening, killing 50 people. The ministry blamed an Israeli air strike.', '2023-10-18');
  const b = es.find((e) => e.mentions.some((m) => m.start === 0) && e.eventType);
  assert.ok(b, 'the explosion');
  assert.equal(b!.actor1?.name, 'Military Forces of Israel (2022-)');
});

test('merging and background: a withdrawal in an "after" clause is part of the entry; commentary and whole-country tolls are no events', () => {
  const es = ev('On 20 November 2020, Azerbaijani army units entered Aghdam district after Armenian forces withdrew.', '2020-12-02');
  assert.deepEqual(es.map((e) => e.action), ['enter']);
  assert.deepEqual(ev('It was the deadliest single attack on civilians since the war resumed a month ago.', '2020-10-29'), []);
  assert.deepEqual(ev('Doctors said at least 56 civilians had been killed across the country since Saturday.', '2023-04-16').filter((e) => e.action === 'kill'), []);
});

test('actors and modality: a claimed attack, an unclaimed grenade, a denied strike', () => {
  const k = ev('Two suicide bombers blew themselves up at a memorial ceremony in Kerman on Wednesday, killing 95 people. Islamic State claimed responsibility.', '2024-01-04');
  const b = k.find((e) => e.eventType === 'Explosions/Remote violence');
  assert.ok(b, 'the bombing');
  assert.equal(b!.actor1?.name, 'Islamic State');
  const g = ev('A grenade was thrown at a rally in Meskel Square in Addis Ababa on Saturday, killing two people.', '2018-06-23').find((e) => e.eventType === 'Explosions/Remote violence');
  assert.ok(g, 'the grenade');
  assert.equal(g!.actor1?.name, 'Unidentified Armed Group (Ethiopia)');
  const d = ev('At least 21 civilians were killed on Wednesday when rockets hit the town of Barda. Armenia\'s Defence Ministry denied responsibility.', '2020-10-29').find((e) => e.eventType === 'Explosions/Remote violence');
  assert.ok(d, 'the rocket strike');
  assert.equal(d!.modality, 'disputed');
});
