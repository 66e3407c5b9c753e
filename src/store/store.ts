// One Store interface, two implementations (sqlite/ default, postgres/ for shared deployments).
// Every implementation passes the same contract test suite (test/store-contract.ts).
import type { Agreement, ConflictEvent, Document, Extraction, Provision } from '../model/types.ts';
import type { EventRow } from './rows.ts';

export interface StoredDocument extends Document {
  /** sha256 of the normalised text (whitespace collapsed, lower-cased): exact-duplicate key. */
  contentHash: string;
  /** Whether the DCT was inferred by the extractor rather than given. */
  dctInferred: boolean;
  ingestedAt: string;
  extraction: Extraction;
}

export interface DocumentSummary {
  id: string;
  title: string | null;
  url: string | null;
  source: string | null;
  dct: string | null;
  dctInferred: boolean;
  ingestedAt: string;
  events: number;
  chars: number;
}

/** An event as stored: the extracted event plus its document, with a store-wide id "docId#eventId". */
export interface StoredEvent extends ConflictEvent {
  /** Store-wide id: `${docId}#${event.id}`. */
  id: string;
  docId: string;
  /** The sentence (or evidence span) text, for display. */
  evidenceText: string;
  /** True when an analyst changed a field; the corrected values are already applied. */
  corrected?: boolean;
}

export interface EventFilter {
  docId?: string;
  eventType?: string;
  subEventType?: string;
  action?: string;
  actor?: string;
  /** Place name or gazetteer id. */
  place?: string;
  /** [minLon, minLat, maxLon, maxLat], bounds inclusive; minLon > maxLon crosses the antimeridian. */
  bbox?: [number, number, number, number];
  /** [lon, lat, km]: events placed within km kilometres (great-circle distance on a sphere of the
   * mean Earth radius, 6371.0088 km) of the point. */
  near?: [number, number, number];
  /** Inclusive YYYY-MM-DD bounds on the event date. */
  from?: string;
  to?: string;
  modality?: string;
  /** Full-text search over the evidence sentence. */
  q?: string;
  limit?: number;
  offset?: number;
}

export interface IngestItem {
  doc: Document;
  extraction: Extraction;
  contentHash: string;
  /** When the document was first ingested (ISO time); default now. `truce import` keeps the original. */
  ingestedAt?: string;
  /** Its MinHash signature (base64), stored in the same transaction as the document (near-duplicate
   * detection by later and concurrent runs). */
  sig?: string | null;
  /** The extraction already serialised into rows (by an extraction worker, off the writer's thread);
   * used when the document keeps this id and has no analyst corrections, else `extraction` is. */
  prepared?: PreparedExtraction;
}

/** An extraction as the stores write it: its JSON and its event and provision rows, made for one id. */
export interface PreparedExtraction {
  id: string;
  /** JSON of the extraction, with `id`. */
  json: string;
  /** The document's DCT column (the extraction's, else the given one) and whether it was inferred. */
  dct: string | null;
  dctInferred: boolean;
  events: EventRow[];
  /** JSON of each provision stated in the report. */
  provisions: string[];
}

export interface IngestResult {
  inserted: string[];
  /** Items whose content hash (or id) was already stored: [new id, stored id]. */
  duplicates: { id: string; existingId: string }[];
}

/** Another place the same report was found: an exact or near duplicate, kept as a source of the stored
 * document instead of as a second document. */
export interface DocumentSource {
  /** The stored document this duplicates. */
  docId: string;
  /** The duplicate's own id (file base name, feed item id...). */
  id: string;
  /** The file, URL or feed it was read from. */
  input: string;
  url: string | null;
  source: string | null;
  title: string | null;
  kind: 'exact' | 'near';
  /** Estimated Jaccard similarity for near duplicates. */
  similarity: number | null;
}

export type Role = 'viewer' | 'analyst' | 'admin';

export interface User {
  name: string;
  role: Role;
  createdAt: string;
  /** Only with listUsers({ withTokenHashes: true }) (export/import): the sha256 of the user's token. */
  tokenHash?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  action: string;
  /** What was changed: "event:docId#e1", "provision:karabakh-2020/kalbajar", "user:alice". */
  target: string;
  before: unknown;
  after: unknown;
}

/** An analyst's correction of an event; applied over the extracted event, survives re-extraction. */
export interface EventCorrection {
  eventId: string;
  fields: Partial<Pick<ConflictEvent, 'eventType' | 'subEventType' | 'date' | 'actor1' | 'actor2' | 'place' | 'action' | 'modality' | 'fatalities'>>;
  user: string;
  at: string;
}

/** An analyst's verdict on an event-provision link. */
export interface LinkVerdict {
  agreementId: string;
  provisionId: string;
  eventId: string;
  verdict: 'confirmed' | 'rejected';
  user: string;
  at: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call on every open. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Stores documents with their extractions and events in ONE transaction; duplicates are skipped. */
  putDocuments(items: IngestItem[]): Promise<IngestResult>;
  /** Returns the id of a stored document with this content hash, or null. */
  findByHash(hash: string): Promise<string | null>;
  getDocument(id: string): Promise<StoredDocument | null>;
  listDocuments(opts?: { limit?: number; offset?: number }): Promise<DocumentSummary[]>;
  countDocuments(): Promise<number>;
  /** Replaces a document's extraction (re-extraction); analyst corrections stay applied. */
  replaceExtraction(docId: string, extraction: Extraction): Promise<void>;

  /** Records duplicates as sources of stored documents; a source already recorded is skipped. Returns how
   * many were new. One transaction. */
  addDocumentSources(sources: DocumentSource[]): Promise<number>;
  listDocumentSources(docId?: string): Promise<DocumentSource[]>;
  /** MinHash signatures (base64) of stored documents, for near-duplicate detection across runs. */
  addNearDupSignatures(entries: { docId: string; sig: string }[]): Promise<void>;
  /** In the order they were added; `after`: only those added after the entry whose `seq` is given
   * (a reader catching up; `seq` is an increasing insertion number). */
  listNearDupSignatures(opts?: { after?: number }): Promise<{ docId: string; sig: string; seq?: number }[]>;
  /** Runs fn holding a lock shared by every process on this store (a PostgreSQL advisory lock), so that
   * near-duplicate decisions and the writes they lead to are serialised across machines. Optional: an
   * embedded store has one writer at a time anyway. */
  withLock?<T>(key: number, fn: () => Promise<T>): Promise<T>;

  listEvents(filter?: EventFilter): Promise<StoredEvent[]>;
  countEvents(filter?: EventFilter): Promise<number>;
  /** A token that changes whenever anything is committed to the store, by this connection or by another
   * process; equal tokens mean nothing changed (lets derived reports be cached without a time limit).
   * Optional: a store that cannot tell cheaply leaves it out. */
  dataVersion?(): Promise<string>;
  getEvent(id: string): Promise<StoredEvent | null>;
  /** Provisions stated inside reports, with their document ids. */
  listReportProvisions(): Promise<(Provision & { docId: string })[]>;

  /** 'inserted' or 'unchanged' (identical agreement already stored); throws StoreConflictError when
   * a different agreement is stored under the same id. One transaction. */
  putAgreement(a: Agreement): Promise<'inserted' | 'unchanged'>;
  /** Replaces an agreement (an admin's edit). */
  replaceAgreement(a: Agreement): Promise<void>;
  getAgreement(id: string): Promise<Agreement | null>;
  listAgreements(): Promise<Agreement[]>;

  correctEvent(c: EventCorrection): Promise<void>;
  listCorrections(eventId?: string): Promise<EventCorrection[]>;
  setLinkVerdict(v: LinkVerdict): Promise<void>;
  listLinkVerdicts(agreementId?: string): Promise<LinkVerdict[]>;

  /** Users and tokens: only a sha256 of each token is stored. `createdAt` defaults to now (import keeps it). */
  addUser(name: string, role: Role, tokenHash: string, createdAt?: string): Promise<void>;
  userByTokenHash(tokenHash: string): Promise<User | null>;
  /** Token hashes are left out unless asked for (export/import). */
  listUsers(opts?: { withTokenHashes?: boolean }): Promise<User[]>;

  /** Append-only audit log. */
  audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<void>;
  listAudit(opts?: { target?: string; limit?: number }): Promise<AuditEntry[]>;

  /** Small key-value state (feed watcher's seen items, etc.). */
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
  /** Every state entry (whose key starts with `prefix`), by key: what `truce export` carries. */
  listState?(prefix?: string): Promise<{ key: string; value: string }[]>;
}

export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
