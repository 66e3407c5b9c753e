// The on-disk format of the built gazetteer (src/gazetteer/data/gazetteer.bin, gitignored).
// Plain UTF-8 text, chosen because it parses fast with split() and needs no dependency:
//   line 1: "TRUCEGAZ <version> <entryCount> <nameCount>"
//   then entryCount lines: id \t name \t lat \t lon \t cc \t featureType \t fcode \t admin1Code \t admin2Code \t population \t radiusKm \t admin1Name
//   then nameCount lines:  foldedName \t ref ref ref ...   (ref = entryIndex * 4 + NameKind)

export const FORMAT_VERSION = 2;
export const GAZETTEER_FILE = 'gazetteer.bin';

export enum NameKind {
  /** The entry's own name (GeoNames name/asciiname, admin or country name). */
  Primary = 0,
  /** An alternate name, exonym or transliteration. */
  Alternate = 1,
  /** An admin name with its head removed ("Laurel County" -> "laurel"). */
  Stripped = 2,
  /** A demonym or adjectival form ("Azerbaijani" -> Azerbaijan). */
  Demonym = 3,
}

export interface RawEntry {
  id: string;
  name: string;
  lat: number;
  lon: number;
  cc: string;
  ft: string;
  fcode: string;
  a1: string;
  a2: string;
  pop: number;
  radiusKm?: number;
  curated?: boolean;
  a1name?: string;
}

export function serialize(entries: RawEntry[], names: Map<string, number[]>): string {
  const parts: string[] = [`TRUCEGAZ ${FORMAT_VERSION} ${entries.length} ${names.size}`];
  for (const e of entries) {
    parts.push([e.id, e.name.replace(/[\t\n]/g, ' '), e.lat, e.lon, e.cc, e.ft, e.fcode, e.a1, e.a2, e.pop, e.radiusKm ?? '', e.a1name ?? ''].join('\t'));
  }
  const keys = [...names.keys()].sort();
  for (const k of keys) parts.push(`${k}\t${names.get(k)!.join(' ')}`);
  return parts.join('\n') + '\n';
}
