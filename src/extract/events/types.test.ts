// ACLED event-type coverage of the events stage (issue 6, session 2): wire phrasing per sub-event type, the type
// rules that decide between neighbouring sub-types, and the rules engine alone (the classifier is switched off
// here so that these tests pin the rules; the classifier has its own test below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../pipeline.ts';
import { classify, setClassifierEnabled, textFeatures } from './classifier.ts';

const DCT = '2021-06-15';
const rulesOnly = <T>(f: () => T): T => {
  setClassifierEnabled(false);
  try { return f(); } finally { setClassifierEnabled(true); }
};
const typed = (text: string) => rulesOnly(() => annotate({ id: 't', text, dct: DCT }).events.filter((e) => e.eventType));
const firstSub = (text: string) => typed(text)[0]?.subEventType ?? null;

const rows: [string, string | null][] = [
  // fire exchanged between two armed groups is a battle, not a one-sided attack
  ['Soldiers and insurgents exchanged gunfire near the border town on Tuesday.', 'Armed clash'],
  ['Police and bandits traded fire for an hour outside the village.', 'Armed clash'],
  // helicopters, UAVs and aircraft that fire or bomb are air strikes
  ['Military helicopters fired on a village in the north, killing four people.', 'Air/drone strike'],
  ['An unmanned aerial vehicle struck a car on the highway, killing two people.', 'Air/drone strike'],
  ['Government aircraft bombed a market in the town on Monday.', 'Air/drone strike'],
  // a ransom demand tells of an abduction
  ['Armed men seized a priest in the town and demanded a ransom for his release.', 'Abduction/forced disappearance'],
  // demonstrations: taking to the streets, strikes by workers (also at a factory)
  ['Thousands of people took to the streets of the capital on Saturday.', 'Peaceful protest'],
  ['Workers went on strike and gathered outside the factory gates.', 'Peaceful protest'],
  // "riot police" is the police, not a riot
  ['Riot police broke up a rally by opposition supporters using water cannon.', 'Protest with intervention'],
  // clashes between party supporters with no armed group named: mob violence
  ['Supporters of rival parties clashed with sticks and machetes in the town, injuring several people.', 'Mob violence'],
  // prisoner and hostage releases are agreements; drones shot down are disrupted weapons use
  ['The militia released 20 hostages following negotiations with local elders.', 'Agreement'],
  ['Air defences shot down two drones over the city.', 'Disrupted weapons use'],
  // territory changing hands with no fight
  ['The militia handed control of the border crossing to the government.', 'Non-violent transfer of territory'],
  ['Rebel fighters took control of the town without a fight after the army left.', 'Non-violent transfer of territory'],
  // an active "seized" whose object is a position, not weapons named earlier in the sentence
  ['After weapons deliveries from abroad, the rebels seized the town on Sunday.', 'Non-state actor overtakes territory'],
  ['Large amounts of weapons and ammunition were seized in the raid.', 'Disrupted weapons use'],
  // attacks on military posts and bases are battles
  ['Militants attacked a gendarmerie post near the border, killing three gendarmes.', 'Armed clash'],
  // helicopters by their colloquial name
  ['Army choppers carried out raids on militant hideouts in the hills.', 'Air/drone strike'],
  // "after" makes an event noun background, not an agent noun that heads a clause
  ['Twelve people were killed after four suicide bombers struck a market in the city.', 'Suicide bomb'],
  // bases and posts set up (also in the passive), groups formed, control established
  ['A new military observation post was established near the village on Monday.', 'Headquarters or base established'],
  ['The army has built several barracks near the border town.', 'Headquarters or base established'],
  ['Commanders of the militia formed a new armed group in the province.', 'Change to group/activity'],
  ['Government troops established control over the district after the rebels fled.', 'Government regains territory'],
  // protest forms; strikes; gatherings with a stated demand
  ['Activists held a die-in outside the embassy on Friday.', 'Peaceful protest'],
  ['Health workers staged a nationwide strike over unpaid wages.', 'Peaceful protest'],
  ['Several hundred people gathered outside the governor\'s office to demand jobs.', 'Peaceful protest'],
  ['Youths threw bottles and fireworks at police in the city centre.', 'Violent demonstration'],
  // burned to death is a killing, not property destruction
  ['Gunmen burned two farmers to death in their village.', 'Attack'],
  // a claim of responsibility is no event of its own (CASE's ATTRIB class)
  ['The militant group claimed responsibility for the car bomb, its news agency said.', null],
  // accidents are no political violence, also when the accident is named in the next sentence of a short report
  ['A gas explosion at a restaurant killed three people, fire officials said.', null],
  ['Nineteen people were killed on Friday. Their bus plunged off a bridge into a river.', null],
  // (also the rest of the claimed event's sentence)
  ['The militant group claimed responsibility for the car bomb that killed eight people in the city.', null],
  // weapons handed over are disarmament, not territory changing hands
  ['Rebel units are to hand over their weapons and heavy equipment to the army.', 'Change to group/activity'],
  // an aircraft shot down (passive, the aircraft named before the verb)
  ['A military helicopter was shot down near the border village on Monday.', 'Disrupted weapons use'],
  // police stopping a march is an intervention
  ['Police stopped hundreds of protesters from marching to the embassy.', 'Protest with intervention'],
  // "strikes back" and "riot police" are idioms
  ['Moscow strikes back at Washington, expels diplomats.', null],
];

for (const [text, sub] of rows) {
  test(`type: ${text}`, () => assert.equal(firstSub(text), sub, JSON.stringify(typed(text).map((e) => [e.action, e.subEventType]))));
}

test('homes burned in the course of an attack are part of the attack, not a looting event of their own', () => {
  const evs = typed('Gunmen attacked the village on Sunday, killing five people and burning dozens of homes.');
  assert.deepEqual(evs.map((e) => e.subEventType), ['Attack']);
  // looting on its own stays a strategic development
  assert.equal(firstSub('Soldiers looted shops and burned homes in the village.'), 'Looting/property destruction');
});

test('warplanes destroying a building is an air strike, not property destruction', () => {
  const evs = typed('Warplanes destroyed a residential tower in the city on Saturday.');
  assert.equal(evs[0]?.subEventType, 'Air/drone strike');
  assert.ok(!evs.some((e) => e.subEventType === 'Looting/property destruction'));
});

test('a trigger whose context window runs past the end of the text does not throw', () => {
  // (a place in the sentence and a trigger with a place-or-word context as the last token used to throw)
  for (const t of ['The army stayed in Marib until the hostages were freed', 'In Marib the town was captured', 'More troops were sent', 'Two drones were shot down']) {
    assert.doesNotThrow(() => annotate({ id: 't', text: t, dct: DCT }), t);
  }
});

test('classifier: features and a prediction over the committed weights', () => {
  const f = textFeatures('Police fired tear gas at 200 protesters.');
  assert.ok(f.includes('tear_gas') && f.includes('<num>') && f.includes('protesters'));
  const r = classify([...textFeatures('Thousands of protesters marched through the capital, police fired tear gas to disperse them.'), 'act:protest', 'rule:Protest with intervention']);
  assert.ok(r, 'the classifier has weights');
  assert.equal(r.eventType, 'Protests');
});
