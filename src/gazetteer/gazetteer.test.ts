// Gazetteer: folding, name variants, ids, containment, distances (needs the built index: npm run build:gazetteer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, editDistance } from './fold.ts';
import { getGazetteer, distanceKm } from './index.ts';

test('fold: case, diacritics, ə/ı, apostrophes, hyphens, periods', () => {
  const cases: [string, string][] = [
    ['Kəlbəcər', 'kalbacar'],
    ['Kʻelbajar', 'kelbajar'],
    ['Laçın', 'lacin'],
    ['Nagorno-Karabakh', 'nagorno karabakh'],
    ['U.S.', 'us'],
    ['Azerbaijan’s', 'azerbaijans'],
    ['  Sant Julià  de Lòria ', 'sant julia de loria'],
    ['Ağdam', 'agdam'],
    ['İmişli', 'imisli'],
  ];
  for (const [input, want] of cases) assert.equal(fold(input), want, input);
});

test('editDistance with a cap', () => {
  assert.equal(editDistance('nagoro karabakh', 'nagorno karabakh', 2), 1);
  assert.equal(editDistance('kalbajar', 'kelbajar', 2), 1);
  assert.equal(editDistance('lachin', 'moscow', 2), 3);
});

test('lookup: transliterations and exonyms reach the same place', () => {
  const gaz = getGazetteer();
  const near = (name: string, lat: number, lon: number, km: number) => {
    const cands = gaz.lookup(name);
    assert.ok(cands.length > 0, `no candidate for ${name}`);
    const best = Math.min(...cands.map((c) => distanceKm(c.entry, { lat, lon })));
    assert.ok(best <= km, `${name}: nearest candidate ${best.toFixed(0)} km from ${lat},${lon}`);
  };
  // district seats (Wikipedia coordinates)
  for (const n of ['Kalbajar', 'Kelbajar', 'Karvachar']) near(n, 40.1, 46.04, 25);
  for (const n of ['Agdam', 'Aghdam']) near(n, 39.99, 46.93, 25);
  for (const n of ['Shusha', 'Shushi']) near(n, 39.76, 46.75, 25);
  for (const n of ['Stepanakert', 'Khankendi']) near(n, 39.82, 46.75, 25);
  for (const n of ['Kyiv', 'Kiev']) near(n, 50.45, 30.52, 25);
  for (const n of ['Nagorno-Karabakh', 'Karabakh', 'Artsakh']) near(n, 39.82, 46.76, 40);
  for (const n of ['Lachin corridor', 'Crimea', 'Donbas', 'Gaza', 'West Bank', 'Abkhazia', 'South Ossetia', 'Transnistria', 'Northern Cyprus', 'Western Sahara', 'Kashmir']) {
    assert.ok(gaz.lookup(n).some((c) => c.entry.curated), `${n} from the curated supplement`);
  }
  assert.equal(gaz.lookup('Azerbaijani')[0].entry.id, 'country:AZ');
  assert.equal(gaz.lookup('Turkey').some((c) => c.entry.id === 'country:TR'), true);
  assert.deepEqual(gaz.lookup('Xyzzyville'), []);
});

test('byId, contains, distanceKm', () => {
  const gaz = getGazetteer();
  const az = gaz.byId('country:AZ');
  assert.ok(az);
  assert.equal(az!.featureType, 'country');
  assert.equal(gaz.byId('no:such'), null);
  const lachinTown = gaz.lookup('Laçın').find((c) => c.entry.countryCode === 'AZ' && c.entry.featureType === 'populated place')!.entry;
  assert.equal(gaz.contains('country:AZ', lachinTown.id), true);
  assert.equal(gaz.contains('country:AM', lachinTown.id), false);
  assert.equal(gaz.contains(`adm1:${lachinTown.admin1Code}`, lachinTown.id), true);
  assert.equal(gaz.contains('tm:nagorno-karabakh', lachinTown.id), true, 'within the region radius');
  assert.equal(gaz.contains(lachinTown.id, 'country:AZ'), false);
  const baku = gaz.lookup('Baku')[0].entry;
  const d = gaz.distanceKm(baku.id, lachinTown.id)!;
  assert.ok(d > 250 && d < 320, `Baku-Lachin ${d}`);
  assert.equal(Math.round(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })), 111);
});
