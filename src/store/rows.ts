// Helpers shared by the store implementations: an event's indexed columns, corrections, canonical JSON.
import type { Agreement, ConflictEvent, Sentence } from '../model/types.ts';
import type { Document, Extraction } from '../model/types.ts';
import type { DocumentSource, EventCorrection, IngestItem, PreparedExtraction } from './store.ts';

export interface EventRow {
  id: string; docId: string; eventId: string; action: string | null; eventType: string | null; subEventType: string | null;
  actor1: string | null; actor2: string | null; placeName: string | null; placeId: string | null; lat: number | null; lon: number | null;
  date: string | null; modality: string | null; fatalities: number | null; evidenceStart: number; evidenceEnd: number;
  evidenceText: string; data: string;
}

/** The sentence(s) around an evidence span: what a reader needs to judge the event. */
export function evidenceSentence(text: string, sentences: Sentence[], start: number, end: number): string {
  let s = start, e = end;
  for (const sn of sentences) {
    if (sn.end > start && sn.start <= start) s = Math.min(s, sn.start);
    if (sn.start < end && sn.end >= end) e = Math.max(e, sn.end);
  }
  return text.slice(s, e);
}

export function eventRow(docId: string, id: string, e: ConflictEvent, text: string, sentences: Sentence[]): EventRow {
  return {
    id, docId, eventId: e.id, action: e.action ?? null, eventType: e.eventType, subEventType: e.subEventType,
    actor1: e.actor1?.name ?? null, actor2: e.actor2?.name ?? null, placeName: e.place?.name ?? null,
    placeId: e.place?.gazetteerId ?? null, lat: e.place?.lat ?? null, lon: e.place?.lon ?? null, date: e.date,
    modality: e.modality, fatalities: e.fatalities, evidenceStart: e.evidence.start, evidenceEnd: e.evidence.end,
    evidenceText: evidenceSentence(text, sentences, e.evidence.start, e.evidence.end), data: JSON.stringify(e),
  };
}

export function applyCorrection(e: ConflictEvent, fields: EventCorrection['fields']): ConflictEvent {
  return { ...e, ...fields };
}

/** JSON with sorted keys: two agreements are identical when their canonical forms are equal. */
export function canonicalAgreement(a: Agreement): string {
  return stableStringify(a);
}

export function stableStringify(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`;
}

/** A document_sources row (either store) as a DocumentSource; '' in url stands for none. */
export function toDocumentSource(r: Record<string, unknown>): DocumentSource {
  return {
    docId: String(r.doc_id), id: String(r.id), input: String(r.input), url: r.url ? String(r.url) : null,
    source: (r.source as string) ?? null, title: (r.title as string) ?? null, kind: r.kind as DocumentSource['kind'],
    similarity: r.similarity == null ? null : Number(r.similarity),
  };
}

/** The mean Earth radius in km (WGS 84, (2a + b) / 3): PostGIS's sphere for geography distances. */
export const EARTH_KM = 6371.0087714;

/** A lat/lon box holding every point within km of (lon, lat): a cheap prefilter before the exact
 * distance. minLon > maxLon crosses the antimeridian; minLon null when the box spans all longitudes. */
export function nearBox(lon: number, lat: number, km: number): { minLat: number; maxLat: number; minLon: number | null; maxLon: number | null } {
  const dLat = (km / EARTH_KM) * (180 / Math.PI) * 1.0001 + 1e-9;
  const minLat = lat - dLat, maxLat = lat + dLat;
  if (km / EARTH_KM >= Math.PI / 2) return { minLat: Math.max(-90, minLat), maxLat: Math.min(90, maxLat), minLon: null, maxLon: null };
  if (minLat <= -90 || maxLat >= 90) return { minLat: Math.max(-90, minLat), maxLat: Math.min(90, maxLat), minLon: null, maxLon: null };
  const cosMax = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const dLon = Math.asin(Math.min(1, Math.sin(km / EARTH_KM) / cosMax)) * (180 / Math.PI) * 1.0001 + 1e-9;
  if (dLon >= 180 || Math.sin(km / EARTH_KM) >= cosMax) return { minLat, maxLat, minLon: null, maxLon: null };
  let minLon = lon - dLon, maxLon = lon + dLon;
  if (minLon < -180) minLon += 360;
  if (maxLon > 180) maxLon -= 360;
  return { minLat, maxLat, minLon, maxLon };
}

/** Serialises an extraction into the rows the stores write (extraction workers do this, so that the
 * single writer only runs INSERTs). */
export function prepareExtraction(doc: Pick<Document, 'id' | 'text' | 'dct'>, x: Extraction): PreparedExtraction {
  const id = doc.id;
  return {
    id,
    json: JSON.stringify({ ...x, id }),
    dct: x.dct.value ?? doc.dct ?? null,
    dctInferred: !!x.dct.inferred,
    events: x.events.map((e) => eventRow(id, `${id}#${e.id}`, e, doc.text, x.sentences)),
    provisions: x.provisions.map((p) => JSON.stringify(p)),
  };
}

/** An IngestItem from prepared rows; its `extraction` is parsed from the JSON only if a store needs it. */
export function preparedItem(doc: Document, contentHash: string, prepared: PreparedExtraction, sig?: string | null): IngestItem {
  let x: Extraction | undefined;
  return {
    doc, contentHash, prepared, sig,
    get extraction(): Extraction { return (x ??= JSON.parse(prepared.json) as Extraction); },
  };
}
