// Places stage: the seed fixture (../shared/fixtures/lachin-handover.txt), table-driven sentences with
// explicit offsets, metonymy, demonyms, qualifiers, "none of these", and the examples carried by the
// rule files in src/resources/places/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment } from '../segment/segment.ts';
import { geoparse } from './geoparse.ts';
import { placesStage } from './stage.ts';
import { buildPipeline, annotate } from '../pipeline.ts';
import { segmentStage } from '../segment/segment.ts';
import { getGazetteer, distanceKm } from '../../gazetteer/index.ts';
import type { Place } from '../../model/types.ts';
import usAbbr from '../../resources/places/us-state-abbreviations.json' with { type: 'json' };
import aliases from '../../resources/places/aliases.json' with { type: 'json' };
import lexicon from '../../resources/places/lexicon.json' with { type: 'json' };
import supplement from '../../resources/places/supplement.json' with { type: 'json' };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const places = (text: string): Place[] => geoparse(text, segment(text).tokens, getGazetteer());

test('seed fixture: each place within 25 km of the real one, offsets exact', () => {
  const text = fs.readFileSync(path.resolve(repoRoot, '../shared/fixtures/lachin-handover.txt'), 'utf8');
  const a = annotate({ id: 'seed', text, dct: '2020-12-01' }, {}, buildPipeline([segmentStage, placesStage]));
  for (const p of a.places) {
    assert.equal(text.slice(p.start, p.end), p.text, 'offsets point at the text');
    assert.ok(p.confidence > 0 && p.confidence <= 1);
  }
  // real coordinates: district seats / region centre / country reference points
  const want: [string, number, number, string?][] = [
    ['Lachin', 39.64, 46.55], ['Kalbajar', 40.1, 46.04], ['Agdam', 39.99, 46.93], ['Nagorno-Karabakh', 39.82, 46.76],
    ['Nagoro-Karabakh', 39.82, 46.76], ['Karabakh', 39.82, 46.76], ['Azerbaijan', 40.5, 47.5, 'AZ'], ['Armenia', 40.0, 45.0, 'AM'],
    ['Russia', 60, 100, 'RU'], ['Turkey', 39, 35, 'TR'],
  ];
  for (const [name, lat, lon, cc] of want) {
    const got = a.places.filter((p) => p.text === name);
    assert.ok(got.length > 0, `${name} found`);
    for (const p of got) {
      if (cc) assert.equal(p.countryCode, cc, name);
      else assert.ok(distanceKm({ lat: p.lat!, lon: p.lon! }, { lat, lon }) <= 25, `${name} -> ${p.name} ${p.lat},${p.lon}`);
    }
  }
  // the typo resolves to the region named elsewhere in the text
  const typo = a.places.find((p) => p.text === 'Nagoro-Karabakh')!;
  assert.equal(typo.gazetteerId, 'tm:nagorno-karabakh');
  assert.equal(typo.start, text.indexOf('Nagoro-Karabakh'));
  // demonyms are places in adjectival form
  const adj = a.places.find((p) => p.text === 'Azerbaijani')!;
  assert.equal(adj.form, 'demonym');
  assert.equal(adj.countryCode, 'AZ');
  // capitals standing for governments
  const meto = (s: string) => a.places.find((p) => p.text === s && p.metonymy === 'government');
  assert.ok(meto('Baku'), 'turned over to Baku');
  assert.ok(meto('Moscow'), 'Moscow brokered');
  assert.ok(meto('Ankara'), 'Ankara also declared');
  assert.equal(a.places.find((p) => p.text === 'Moscow')!.countryCode, 'RU');
  // not places
  for (const s of ['TASS', 'Defense Ministry', 'Tuesday', 'December']) assert.ok(!a.places.some((p) => p.text === s), s);
});

test('table: spans, ids and values', () => {
  const rows: { text: string; want: { text: string; start: number; cc?: string | null; ft?: string; id?: string; meto?: string | null; form?: string }[]; not?: string[] }[] = [
    { text: 'Troops left Lachin, Azerbaijan on Monday.', want: [{ text: 'Lachin', start: 12, cc: 'AZ' }, { text: 'Azerbaijan', start: 20, cc: 'AZ', ft: 'country' }] },
    { text: 'The shelling hit the Kalbajar district overnight.', want: [{ text: 'Kalbajar', start: 21, cc: 'AZ' }] },
    { text: 'Talks in Kiev were cancelled.', want: [{ text: 'Kiev', start: 9, cc: 'UA', ft: 'capital', meto: null }] },
    { text: 'Moscow agreed to send observers.', want: [{ text: 'Moscow', start: 0, cc: 'RU', meto: 'government' }] },
    { text: 'Several houses burned in Moscow last night.', want: [{ text: 'Moscow', start: 25, cc: 'RU', meto: null }] },
    { text: 'Armenian troops withdrew from Agdam.', want: [{ text: 'Armenian', start: 0, cc: 'AM', form: 'demonym' }, { text: 'Agdam', start: 30, cc: 'AZ' }] },
    { text: 'He was born in Corbin, Ky. in 1950.', want: [{ text: 'Ky.', start: 23, id: 'adm1:US.KY' }] },
    { text: 'Fighting resumed in the Gaza Strip and the West Bank.', want: [{ text: 'Gaza Strip', start: 24, cc: 'PS' }, { text: 'West Bank', start: 43, cc: 'PS' }] },
    { text: "Azerbaijan's Defense Ministry said so.", want: [{ text: 'Azerbaijan', start: 0, cc: 'AZ' }], not: ['Defense'] },
    { text: 'President Jackson said May would be busy.', want: [], not: ['Jackson', 'May'] },
    { text: 'On Monday, Bill Clinton visited. Clinton said nothing new.', want: [], not: ['Clinton'] },
    { text: 'Given Tunisia’s security needs, DeSmog Canada reported it.', want: [{ text: 'Tunisia', start: 6, cc: 'TN' }, { text: 'Canada', start: 39, cc: 'CA' }] },
    { text: 'Hope is not a plan. They hope to return.', want: [], not: ['Hope'] },
  ];
  for (const r of rows) {
    const got = places(r.text);
    for (const w of r.want) {
      const p = got.find((x) => x.start === w.start);
      assert.ok(p, `${r.text}: nothing at ${w.start} (${w.text}); got ${JSON.stringify(got.map((g) => [g.text, g.start]))}`);
      assert.equal(p!.text, w.text);
      assert.equal(p!.end, w.start + w.text.length);
      if (w.cc !== undefined) assert.equal(p!.countryCode, w.cc, `${r.text}: ${w.text} country`);
      if (w.ft) assert.equal(p!.featureType, w.ft, `${r.text}: ${w.text} feature`);
      if (w.id) assert.equal(p!.gazetteerId, w.id);
      if (w.meto !== undefined) assert.equal(p!.metonymy, w.meto, `${r.text}: ${w.text} metonymy`);
      if (w.form) assert.equal(p!.form, w.form);
      assert.ok(typeof p!.lat === 'number' && typeof p!.lon === 'number');
    }
    for (const s of r.not ?? []) assert.ok(!got.some((p) => p.text.includes(s)), `${r.text}: "${s}" is not a place`);
  }
});

test('resource examples and must-not-match strings', () => {
  for (const file of [usAbbr, aliases, lexicon, supplement] as unknown as { examples: { text: string; expect: Record<string, string> }[]; mustNotMatch: string[] }[]) {
    for (const ex of file.examples) {
      const got = places(ex.text);
      const p = got.find((x) => x.text === ex.expect.text);
      assert.ok(p, `${ex.text}: ${ex.expect.text} not found`);
      assert.equal(ex.text.slice(p!.start, p!.end), p!.text);
      if (ex.expect.gazetteerId) assert.equal(p!.gazetteerId, ex.expect.gazetteerId);
      if (ex.expect.admin1) assert.equal(p!.gazetteerId, `adm1:${ex.expect.admin1}`);
      if (ex.expect.form) assert.equal(p!.form, ex.expect.form);
      if (ex.expect.countryCode) assert.equal(p!.countryCode, ex.expect.countryCode, ex.text);
      if (ex.expect.metonymy) assert.equal(p!.metonymy, ex.expect.metonymy, ex.text);
    }
    for (const s of file.mustNotMatch) assert.deepEqual(places(s), [], s);
  }
});

test('given spans: resolves exactly the spans asked for', () => {
  const text = 'Residents of Lachin fled toward Goris.';
  const got = geoparse(text, segment(text).tokens, getGazetteer(), { spans: [{ start: 13, end: 19 }, { start: 32, end: 37 }] });
  assert.deepEqual(got.map((p) => [p.start, p.end, p.countryCode]), [[13, 19, 'AZ'], [32, 37, 'AM']]);
});

test('session 2: persons, contractions, seats over provinces, locative capitals, foreign namesakes, cities.json towns', () => {
  // a given name before a surname is a person, not the Russian city
  assert.deepEqual(places('Vladimir Putin said the talks would go on.').map((p) => p.text), []);
  // contractions and a stoplisted word before "'s" are not places ("He's" is no Danish village)
  for (const s of ["He's not sure, he said.", 'He’ll be easy to get out.', "We're hoping for peace."]) assert.deepEqual(places(s), [], s);
  // a single word matched only by a foreign alternate name, opening a sentence, is a common word ("Part" is no Perth)
  assert.deepEqual(places('Part of that alternative is trade.').map((p) => p.text), []);
  // an institution the gazetteer holds as an alternate name
  assert.ok(!places('The White House said on Monday that talks would resume.').some((p) => p.text === 'White House'));
  // a province and its seat share the name: the city, unless the text says "region"
  const city = places('A missile hit Vinnytsia on Thursday.').find((p) => p.text === 'Vinnytsia')!;
  assert.equal(city.featureType, 'populated place');
  assert.ok(distanceKm({ lat: city.lat!, lon: city.lon! }, { lat: 49.23, lon: 28.47 }) < 10);
  const region = places('Fighting in the Zaporizhzhia region continued.').find((p) => p.text === 'Zaporizhzhia')!;
  assert.equal(region.featureType, 'adm1');
  // "the city of X" prefers the populated place too
  assert.equal(places('Russian forces hit the city of Zaporizhzhia.').find((p) => p.text === 'Zaporizhzhia')!.featureType, 'populated place');
  // after a locative preposition a capital is a location, not its government
  const kyiv = places('Air defences shot down drones over Kyiv, officials said.').find((p) => p.text === 'Kyiv')!;
  assert.equal(kyiv.metonymy, null);
  // Arabic article inside a name
  const ras = places('Turkish and Syrian forces entered Ras al-Ain in northern Syria.').find((p) => p.text === 'Ras al-Ain');
  assert.ok(ras, 'Ras al-Ain spotted whole');
  assert.equal(ras!.countryCode, 'SY');
  // towns only cities.json knows
  for (const [s, name, cc] of [['M23 rebels took Rutshuru in eastern Congo.', 'Rutshuru', 'CD'],
    ['Insurgents attacked Macomia in Cabo Delgado, Mozambique.', 'Macomia', 'MZ']] as const) {
    const p = places(s).find((x) => x.text === name);
    assert.ok(p, `${name} found`);
    assert.equal(p!.countryCode, cc);
  }
});
