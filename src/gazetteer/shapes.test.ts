import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countryAt } from './shapes.ts';

// [what, lat, lon, expected country or null]
const cases: [string, number, number, string | null][] = [
  ['Lachin town', 39.64, 46.55, 'AZ'],
  ['Kalbajar town', 40.10, 46.04, 'AZ'],
  ['Yerevan', 40.18, 44.51, 'AM'],
  ['Goris, on the Lachin road in Armenia', 39.51, 46.34, 'AM'],
  ['Moscow', 55.75, 37.62, 'RU'],
  ['Ankara', 39.93, 32.86, 'TR'],
  ['Kyiv', 50.45, 30.52, 'UA'],
  // the 1:50m shapes cut small coastal peninsulas (Suva, Anadyr): interior points are what the shapes decide
  ['inland Viti Levu, Fiji (near the antimeridian)', -17.8, 178.0, 'FJ'],
  ['inland Chukotka (east of 170E)', 66.0, 172.0, 'RU'],
  ['Lesotho (a hole in South Africa)', -29.6, 28.2, 'LS'],
  ['Bloemfontein, South Africa', -29.12, 26.21, 'ZA'],
  ['the Caspian Sea', 41.5, 50.5, null],
  ['mid-Atlantic', 30, -40, null],
];

for (const [what, lat, lon, cc] of cases) {
  test(`countryAt: ${what}`, () => assert.equal(countryAt(lat, lon), cc));
}

test('countryAt: west of the antimeridian in a shape that crosses it (Chukotka at 172W)', () => {
  assert.equal(countryAt(66.0, -172.0), 'RU');
});
