// Helpers shared by the store implementations: an event's indexed columns, corrections, canonical JSON.
import type { Agreement, ConflictEvent, Sentence } from '../model/types.ts';
import type { DocumentSource, EventCorrection } from './store.ts';

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
