// Output formats for events: ACLED's CSV column layout, a flat CSV of our own fields, GeoJSON.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { StoredEvent } from '../store/store.ts';
import { countryAt } from '../gazetteer/shapes.ts';

countries.registerLocale(en as Parameters<typeof countries.registerLocale>[0]);

/** ACLED's export columns, in ACLED's order and spelling. */
export const ACLED_COLUMNS = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type',
  'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting',
  'iso', 'region', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision',
  'source', 'source_scale', 'notes', 'fatalities', 'tags', 'timestamp',
] as const;

export const FLAT_COLUMNS = [
  'id', 'doc_id', 'date', 'action', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'place', 'gazetteer_id',
  'country_code', 'lat', 'lon', 'modality', 'fatalities', 'source', 'via', 'evidence_start', 'evidence_end', 'evidence_text',
] as const;

/** RFC 4180 field quoting; a leading =, +, -, @ gets a quote so spreadsheets do not run it as a formula. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

const INTER: Record<string, number> = {
  state: 1, military: 1, government: 1, police: 1, official: 1,
  rebels: 2, militia: 3, rioters: 5, protesters: 6, civilians: 7,
  peacekeepers: 8, organisation: 8, media: 8,
};

const DISORDER: Record<string, string> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};

/** ACLED time precision: 1 a day, 2 a week or a few days, 3 a month or vaguer. */
export function timePrecision(date: string | null): number | null {
  if (!date) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(date)) return 1;
  if (/^\d{4}-W\d{2}/.test(date)) return 2;
  return 3;
}

/** ACLED geo precision: 1 a town, 2 part of a region or near a town, 3 only the region or country. */
export function geoPrecision(featureType: string | null | undefined): number | null {
  if (!featureType) return null;
  if (featureType === 'populated place' || featureType === 'capital') return 1;
  if (featureType === 'adm2' || featureType === 'corridor' || featureType === 'other') return 2;
  return 3;
}

function countryName(cc: string | null | undefined): string {
  return cc ? countries.getName(cc, 'en') ?? '' : '';
}

export function acledRow(e: StoredEvent): unknown[] {
  const p = e.place;
  const day = e.date && /^\d{4}-\d{2}-\d{2}/.test(e.date) ? e.date.slice(0, 10) : (e.date ?? '');
  const i1 = e.actor1 ? INTER[e.actor1.kind] ?? 8 : null;
  const i2 = e.actor2 ? INTER[e.actor2.kind] ?? 8 : null;
  const interaction = i1 === null ? null : i2 === null ? i1 * 10 : Math.min(i1, i2) * 10 + Math.max(i1, i2);
  // the country the event happened in: the place's own, else the country its coordinates lie in
  const cc = p?.countryCode ?? (p?.lat != null && p?.lon != null ? countryAt(p.lat, p.lon) : null) ?? e.actor1?.countryCode ?? null;
  const source = e.attribution ? [e.attribution.via, e.attribution.source].filter(Boolean).join('; ') : '';
  return [
    e.id, day, e.date ? e.date.slice(0, 4) : '', timePrecision(e.date), e.eventType ? DISORDER[e.eventType] ?? '' : '',
    e.eventType ?? '', e.subEventType ?? '',
    e.actor1?.name ?? '', '', i1, e.actor2?.name ?? '', '', i2, interaction,
    e.eventType === 'Violence against civilians' ? 'Civilian targeting' : '',
    cc ? countries.alpha2ToNumeric(cc) ?? '' : '', '', countryName(cc), p?.admin1 ?? '', '', '',
    p?.name ?? '', p?.lat ?? '', p?.lon ?? '', geoPrecision(p?.featureType),
    source, '', e.evidenceText, e.fatalities ?? 0, e.modality === 'asserted' ? '' : `modality: ${e.modality}`, '',
  ];
}

export function flatRow(e: StoredEvent): unknown[] {
  return [
    e.id, e.docId, e.date, e.action, e.eventType, e.subEventType, e.actor1?.name, e.actor2?.name, e.place?.name,
    e.place?.gazetteerId, e.place?.countryCode, e.place?.lat, e.place?.lon, e.modality, e.fatalities,
    e.attribution?.source, e.attribution?.via, e.evidence.start, e.evidence.end, e.evidenceText,
  ];
}

export function toCsv(events: StoredEvent[], layout: 'acled' | 'flat'): string {
  const parts = [csvLine(layout === 'acled' ? [...ACLED_COLUMNS] : [...FLAT_COLUMNS])];
  for (const e of events) parts.push(csvLine(layout === 'acled' ? acledRow(e) : flatRow(e)));
  return parts.join('');
}

export interface EventFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown>;
}

/** Events as a GeoJSON FeatureCollection; events without coordinates get a null geometry. */
export function toGeoJson(events: StoredEvent[], total?: number) {
  const features: EventFeature[] = events.map((e) => ({
    type: 'Feature',
    id: e.id,
    geometry: e.place && e.place.lat !== null && e.place.lon !== null
      ? { type: 'Point', coordinates: [e.place.lon, e.place.lat] }
      : null,
    properties: {
      id: e.id, docId: e.docId, date: e.date, action: e.action, eventType: e.eventType, subEventType: e.subEventType,
      actor1: e.actor1?.name ?? null, actor2: e.actor2?.name ?? null, place: e.place?.name ?? null,
      modality: e.modality, fatalities: e.fatalities, corrected: e.corrected ?? false,
      evidenceStart: e.evidence.start, evidenceEnd: e.evidence.end, evidenceText: e.evidenceText,
    },
  }));
  return { type: 'FeatureCollection' as const, ...(total !== undefined ? { total } : {}), features };
}
