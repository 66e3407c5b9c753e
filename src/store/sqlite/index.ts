// The embedded default store: one SQLite file via better-sqlite3, WAL mode (the CLI and the server can
// use the same file at once), FTS5 over evidence sentences, migrations in ../migrations.ts.
import Database from 'better-sqlite3';
import type { Agreement, ConflictEvent, Extraction, Provision } from '../../model/types.ts';
import { TruceError } from '../../model/errors.ts';
import {
  StoreConflictError,
  type AuditEntry, type DocumentSource, type DocumentSummary, type EventCorrection, type EventFilter, type IngestItem,
  type IngestResult, type LinkVerdict, type PreparedExtraction, type Role, type Store, type StoredDocument, type StoredEvent, type User,
} from '../store.ts';
import { sqliteMigrations } from './migrations.ts';
import { EARTH_KM, applyCorrection, canonicalAgreement, eventRow, nearBox, toDocumentSource, type EventRow } from '../rows.ts';

type Row = Record<string, unknown>;

const INSERT_EVENT = `INSERT INTO events (id, doc_id, event_id, action, event_type, sub_event_type, actor1, actor2,
  place_name, place_id, lat, lon, date, modality, fatalities, evidence_start, evidence_end, evidence_text, data, corrected)
  VALUES (@id, @docId, @eventId, @action, @eventType, @subEventType, @actor1, @actor2, @placeName, @placeId, @lat, @lon,
  @date, @modality, @fatalities, @evidenceStart, @evidenceEnd, @evidenceText, @data, @corrected)`;

export function openSqliteStore(file: string): SqliteStore {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new TruceError('DATABASE', file, `cannot open the SQLite database: ${(e as Error).message}`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // 32 MB of page cache (default 2 MB): a big ingest inserts into six event indexes at random places
  db.pragma('cache_size = -32768');
  return new SqliteStore(db, file);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  /** Prepared statements, made once per connection (ingest writes thousands of rows a second). */
  private stmts = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database, readonly file: string) {}

  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) { s = this.db.prepare(sql); this.stmts.set(sql, s); }
    return s;
  }

  async migrate(): Promise<void> {
    const db = this.db;
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of sqliteMigrations) {
      if (done.has(m.version)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
      }).immediate();
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  // ---- documents -------------------------------------------------------------------------------

  async putDocuments(items: IngestItem[]): Promise<IngestResult> {
    const db = this.db;
    const byHash = this.st('SELECT id FROM documents WHERE content_hash = ?');
    const byId = this.st('SELECT id FROM documents WHERE id = ?');
    const insDoc = this.st(`INSERT INTO documents (id, content_hash, text, dct, dct_inferred, source, url, title, ingested_at, extraction)
      VALUES (@id, @contentHash, @text, @dct, @dctInferred, @source, @url, @title, @ingestedAt, @extraction)`);
    const insSig = this.st('INSERT OR REPLACE INTO neardup_signatures (doc_id, sig) VALUES (?, ?)');
    const now = new Date().toISOString();
    const result: IngestResult = { inserted: [], duplicates: [] };
    db.transaction(() => {
      for (const it of items) {
        const dup = byHash.get(it.contentHash) as Row | undefined;
        if (dup) {
          result.duplicates.push({ id: it.doc.id, existingId: String(dup.id) });
          continue;
        }
        // the same id with different content (two files called report.txt): keep both, suffix the new one
        let id = it.doc.id;
        for (let n = 2; byId.get(id); n++) id = `${it.doc.id}-${n}`;
        // rows prepared by an extraction worker, unless the id changed or analysts corrected its events
        const pre = it.prepared && it.prepared.id === id && !this.hasCorrections(id) ? it.prepared : null;
        const extraction: Extraction | null = pre ? null : { ...it.extraction, id };
        insDoc.run({
          id,
          contentHash: it.contentHash,
          text: it.doc.text,
          dct: pre ? pre.dct : extraction!.dct.value ?? it.doc.dct ?? null,
          dctInferred: (pre ? pre.dctInferred : extraction!.dct.inferred) ? 1 : 0,
          source: it.doc.source ?? null,
          url: it.doc.url ?? null,
          title: it.doc.title ?? null,
          ingestedAt: it.ingestedAt ?? now,
          extraction: pre ? pre.json : JSON.stringify(extraction),
        });
        if (pre) this.insertPrepared(pre);
        else this.insertAnnotations(id, it.doc.text, extraction!);
        if (it.sig) insSig.run(id, it.sig);
        result.inserted.push(id);
      }
    }).immediate();
    return result;
  }

  /** Whether an analyst corrected any event of this document id (a document re-ingested after removal). */
  private hasCorrections(docId: string): boolean {
    return !!this.st('SELECT 1 FROM corrections WHERE event_id >= ? AND event_id < ? LIMIT 1').get(`${docId}#`, `${docId}$`);
  }

  private insertPrepared(pre: PreparedExtraction): void {
    const insEv = this.st(INSERT_EVENT);
    for (const r of pre.events) insEv.run({ ...r, corrected: 0 });
    const insProv = this.st('INSERT INTO report_provisions (doc_id, idx, data) VALUES (?, ?, ?)');
    pre.provisions.forEach((p, i) => insProv.run(pre.id, i, p));
  }

  private insertAnnotations(docId: string, text: string, x: Extraction): void {
    const insEv = this.st(INSERT_EVENT);
    const corr = this.st('SELECT fields FROM corrections WHERE event_id = ? ORDER BY id');
    for (const ev of x.events) {
      const id = `${docId}#${ev.id}`;
      let e: ConflictEvent = ev;
      const corrections = corr.all(id) as Row[];
      for (const c of corrections) e = applyCorrection(e, JSON.parse(String(c.fields)));
      insEv.run({ ...eventRow(docId, id, e, text, x.sentences), corrected: corrections.length ? 1 : 0 });
    }
    const insProv = this.st('INSERT INTO report_provisions (doc_id, idx, data) VALUES (?, ?, ?)');
    x.provisions.forEach((p, i) => insProv.run(docId, i, JSON.stringify(p)));
  }

  async findByHash(hash: string): Promise<string | null> {
    const r = this.st('SELECT id FROM documents WHERE content_hash = ?').get(hash) as Row | undefined;
    return r ? String(r.id) : null;
  }

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as Row | undefined;
    if (!r) return null;
    return {
      id: String(r.id), text: String(r.text), dct: (r.dct as string) ?? null, source: (r.source as string) ?? null,
      url: (r.url as string) ?? null, title: (r.title as string) ?? null, contentHash: String(r.content_hash),
      dctInferred: !!r.dct_inferred, ingestedAt: String(r.ingested_at), extraction: JSON.parse(String(r.extraction)),
    };
  }

  async listDocuments(opts: { limit?: number; offset?: number } = {}): Promise<DocumentSummary[]> {
    const rows = this.db.prepare(`SELECT d.id, d.title, d.url, d.source, d.dct, d.dct_inferred, d.ingested_at, length(d.text) AS chars,
      (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events
      FROM documents d ORDER BY d.dct, d.id LIMIT ? OFFSET ?`).all(opts.limit ?? 1000, opts.offset ?? 0) as Row[];
    return rows.map((r) => ({
      id: String(r.id), title: (r.title as string) ?? null, url: (r.url as string) ?? null, source: (r.source as string) ?? null,
      dct: (r.dct as string) ?? null, dctInferred: !!r.dct_inferred, ingestedAt: String(r.ingested_at),
      events: Number(r.events), chars: Number(r.chars),
    }));
  }

  async countDocuments(): Promise<number> {
    return Number((this.db.prepare('SELECT count(*) AS n FROM documents').get() as Row).n);
  }

  async replaceExtraction(docId: string, extraction: Extraction): Promise<void> {
    const db = this.db;
    const doc = db.prepare('SELECT text FROM documents WHERE id = ?').get(docId) as Row | undefined;
    if (!doc) throw new TruceError('NOT_FOUND', docId, 'no such document');
    db.transaction(() => {
      db.prepare('DELETE FROM events WHERE doc_id = ?').run(docId);
      db.prepare('DELETE FROM report_provisions WHERE doc_id = ?').run(docId);
      const x = { ...extraction, id: docId };
      db.prepare('UPDATE documents SET extraction = ?, dct = coalesce(?, dct), dct_inferred = ? WHERE id = ?')
        .run(JSON.stringify(x), x.dct.value, x.dct.inferred ? 1 : 0, docId);
      this.insertAnnotations(docId, String(doc.text), x);
    }).immediate();
  }

  async addDocumentSources(sources: DocumentSource[]): Promise<number> {
    const ins = this.db.prepare(`INSERT OR IGNORE INTO document_sources (doc_id, id, input, url, source, title, kind, similarity, added_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let added = 0;
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const x of sources) added += ins.run(x.docId, x.id, x.input, x.url ?? '', x.source, x.title, x.kind, x.similarity, at).changes;
    }).immediate();
    return added;
  }

  async listDocumentSources(docId?: string): Promise<DocumentSource[]> {
    const rows = (docId
      ? this.db.prepare('SELECT * FROM document_sources WHERE doc_id = ? ORDER BY rowid').all(docId)
      : this.db.prepare('SELECT * FROM document_sources ORDER BY doc_id, rowid').all()) as Row[];
    return rows.map(toDocumentSource);
  }

  async addNearDupSignatures(entries: { docId: string; sig: string }[]): Promise<void> {
    const ins = this.db.prepare('INSERT OR REPLACE INTO neardup_signatures (doc_id, sig) VALUES (?, ?)');
    this.db.transaction(() => { for (const e of entries) ins.run(e.docId, e.sig); }).immediate();
  }

  async listNearDupSignatures(opts: { after?: number } = {}): Promise<{ docId: string; sig: string; seq?: number }[]> {
    return (this.db.prepare('SELECT rowid AS seq, doc_id, sig FROM neardup_signatures WHERE rowid > ? ORDER BY rowid').all(opts.after ?? 0) as Row[])
      .map((r) => ({ docId: String(r.doc_id), sig: String(r.sig), seq: Number(r.seq) }));
  }

  // ---- events ----------------------------------------------------------------------------------

  private where(f: EventFilter): { sql: string; params: unknown[] } {
    const w: string[] = [];
    const p: unknown[] = [];
    if (f.docId) { w.push('e.doc_id = ?'); p.push(f.docId); }
    if (f.eventType) { w.push('e.event_type = ?'); p.push(f.eventType); }
    if (f.subEventType) { w.push('e.sub_event_type = ?'); p.push(f.subEventType); }
    if (f.action) { w.push('e.action = ?'); p.push(f.action); }
    if (f.modality) { w.push('e.modality = ?'); p.push(f.modality); }
    if (f.actor) { w.push('(e.actor1 LIKE ? OR e.actor2 LIKE ?)'); p.push(`%${f.actor}%`, `%${f.actor}%`); }
    if (f.place) { w.push('(e.place_id = ? OR e.place_name LIKE ?)'); p.push(f.place, `%${f.place}%`); }
    if (f.bbox) {
      const [x0, y0, x1, y1] = f.bbox;
      if (x0 <= x1) { w.push('e.lon >= ? AND e.lat >= ? AND e.lon <= ? AND e.lat <= ?'); p.push(x0, y0, x1, y1); }
      else { w.push('(e.lon >= ? OR e.lon <= ?) AND e.lat >= ? AND e.lat <= ?'); p.push(x0, x1, y0, y1); } // across the antimeridian
    }
    if (f.near) {
      // a box around the point first (cheap), then the great-circle distance
      const [lon, lat, km] = f.near;
      const box = nearBox(lon, lat, km);
      w.push('e.lat >= ? AND e.lat <= ?'); p.push(box.minLat, box.maxLat);
      if (box.minLon !== null) { w.push(box.minLon <= box.maxLon! ? 'e.lon >= ? AND e.lon <= ?' : '(e.lon >= ? OR e.lon <= ?)'); p.push(box.minLon, box.maxLon); }
      w.push(`${HAVERSINE_KM} <= ?`); p.push(lat, lat, lon, km);
    }
    // dates are TIMEX3 values: compare on their first 10 characters (2020-11 sorts before 2020-11-01)
    if (f.from) { w.push('substr(e.date, 1, 10) >= ?'); p.push(f.from); }
    if (f.to) { w.push('substr(e.date, 1, 10) <= ?'); p.push(f.to); }
    if (f.q) { w.push('e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)'); p.push(ftsQuery(f.q)); }
    return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params: p };
  }

  async listEvents(filter: EventFilter = {}): Promise<StoredEvent[]> {
    const { sql, params } = this.where(filter);
    const rows = this.db.prepare(`SELECT e.id, e.doc_id, e.evidence_text, e.corrected, e.data FROM events e ${sql}
      ORDER BY substr(e.date, 1, 10), e.doc_id, e.evidence_start LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? 100000, filter.offset ?? 0) as Row[];
    return rows.map(toStoredEvent);
  }

  async dataVersion(): Promise<string> {
    // data_version moves when another connection commits; total_changes() counts this connection's own writes
    const other = this.db.pragma('data_version', { simple: true }) as number;
    const own = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    return `${other}:${own}`;
  }

  async countEvents(filter: EventFilter = {}): Promise<number> {
    const { sql, params } = this.where(filter);
    return Number((this.db.prepare(`SELECT count(*) AS n FROM events e ${sql}`).get(...params) as Row).n);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const r = this.db.prepare('SELECT e.id, e.doc_id, e.evidence_text, e.corrected, e.data FROM events e WHERE e.id = ?').get(id) as Row | undefined;
    return r ? toStoredEvent(r) : null;
  }

  async listReportProvisions(): Promise<(Provision & { docId: string })[]> {
    const rows = this.db.prepare('SELECT doc_id, data FROM report_provisions ORDER BY doc_id, idx').all() as Row[];
    return rows.map((r) => ({ ...(JSON.parse(String(r.data)) as Provision), docId: String(r.doc_id) }));
  }

  // ---- agreements ------------------------------------------------------------------------------

  async putAgreement(a: Agreement): Promise<'inserted' | 'unchanged'> {
    const canon = canonicalAgreement(a);
    let out: 'inserted' | 'unchanged' = 'inserted';
    this.db.transaction(() => {
      const r = this.db.prepare('SELECT canonical FROM agreements WHERE id = ?').get(a.id) as Row | undefined;
      if (r) {
        if (String(r.canonical) === canon) { out = 'unchanged'; return; }
        throw new StoreConflictError(`a different agreement is already stored under the id "${a.id}"`);
      }
      this.db.prepare('INSERT INTO agreements (id, canonical, data, loaded_at) VALUES (?, ?, ?, ?)').run(a.id, canon, JSON.stringify(a), new Date().toISOString());
    }).immediate();
    return out;
  }

  async replaceAgreement(a: Agreement): Promise<void> {
    this.db.prepare(`INSERT INTO agreements (id, canonical, data, loaded_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET canonical = excluded.canonical, data = excluded.data, loaded_at = excluded.loaded_at`)
      .run(a.id, canonicalAgreement(a), JSON.stringify(a), new Date().toISOString());
  }

  async getAgreement(id: string): Promise<Agreement | null> {
    const r = this.db.prepare('SELECT data FROM agreements WHERE id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(String(r.data)) as Agreement) : null;
  }

  async listAgreements(): Promise<Agreement[]> {
    return (this.db.prepare('SELECT data FROM agreements ORDER BY id').all() as Row[]).map((r) => JSON.parse(String(r.data)) as Agreement);
  }

  // ---- analyst work ----------------------------------------------------------------------------

  async correctEvent(c: EventCorrection): Promise<void> {
    const db = this.db;
    db.transaction(() => {
      const r = db.prepare('SELECT doc_id, data FROM events WHERE id = ?').get(c.eventId) as Row | undefined;
      if (!r) throw new TruceError('NOT_FOUND', c.eventId, 'no such event');
      db.prepare('INSERT INTO corrections (event_id, fields, user, at) VALUES (?, ?, ?, ?)').run(c.eventId, JSON.stringify(c.fields), c.user, c.at);
      const doc = db.prepare('SELECT text, extraction FROM documents WHERE id = ?').get(r.doc_id) as Row;
      const x = JSON.parse(String(doc.extraction)) as Extraction;
      const e = applyCorrection(JSON.parse(String(r.data)) as ConflictEvent, c.fields);
      const row = eventRow(String(r.doc_id), c.eventId, e, String(doc.text), x.sentences);
      db.prepare(`UPDATE events SET action=@action, event_type=@eventType, sub_event_type=@subEventType, actor1=@actor1, actor2=@actor2,
        place_name=@placeName, place_id=@placeId, lat=@lat, lon=@lon, date=@date, modality=@modality, fatalities=@fatalities,
        data=@data, corrected=1 WHERE id=@id`).run(row);
    }).immediate();
  }

  async listCorrections(eventId?: string): Promise<EventCorrection[]> {
    const rows = (eventId
      ? this.db.prepare('SELECT * FROM corrections WHERE event_id = ? ORDER BY id').all(eventId)
      : this.db.prepare('SELECT * FROM corrections ORDER BY id').all()) as Row[];
    return rows.map((r) => ({ eventId: String(r.event_id), fields: JSON.parse(String(r.fields)), user: String(r.user), at: String(r.at) }));
  }

  async setLinkVerdict(v: LinkVerdict): Promise<void> {
    this.db.prepare(`INSERT INTO link_verdicts (agreement_id, provision_id, event_id, verdict, user, at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(agreement_id, provision_id, event_id) DO UPDATE SET verdict = excluded.verdict, user = excluded.user, at = excluded.at`)
      .run(v.agreementId, v.provisionId, v.eventId, v.verdict, v.user, v.at);
  }

  async listLinkVerdicts(agreementId?: string): Promise<LinkVerdict[]> {
    const rows = (agreementId
      ? this.db.prepare('SELECT * FROM link_verdicts WHERE agreement_id = ?').all(agreementId)
      : this.db.prepare('SELECT * FROM link_verdicts').all()) as Row[];
    return rows.map((r) => ({
      agreementId: String(r.agreement_id), provisionId: String(r.provision_id), eventId: String(r.event_id),
      verdict: r.verdict as LinkVerdict['verdict'], user: String(r.user), at: String(r.at),
    }));
  }

  // ---- users, audit, state ---------------------------------------------------------------------

  async addUser(name: string, role: Role, tokenHash: string, createdAt?: string): Promise<void> {
    try {
      this.db.prepare('INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)').run(name, role, tokenHash, createdAt ?? new Date().toISOString());
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new StoreConflictError(`a user named "${name}" already exists`);
      throw e;
    }
  }

  async userByTokenHash(tokenHash: string): Promise<User | null> {
    const r = this.db.prepare('SELECT name, role, created_at FROM users WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r ? { name: String(r.name), role: r.role as Role, createdAt: String(r.created_at) } : null;
  }

  async listUsers(opts: { withTokenHashes?: boolean } = {}): Promise<User[]> {
    return (this.db.prepare('SELECT name, role, created_at, token_hash FROM users ORDER BY name').all() as Row[])
      .map((r) => ({ name: String(r.name), role: r.role as Role, createdAt: String(r.created_at), ...(opts.withTokenHashes ? { tokenHash: String(r.token_hash) } : {}) }));
  }

  async audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<void> {
    this.db.prepare('INSERT INTO audit (at, user, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.at ?? new Date().toISOString(), entry.user, entry.action, entry.target, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null));
  }

  async listAudit(opts: { target?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = (opts.target
      ? this.db.prepare('SELECT * FROM audit WHERE target = ? ORDER BY id LIMIT ?').all(opts.target, opts.limit ?? 10000)
      : this.db.prepare('SELECT * FROM audit ORDER BY id LIMIT ?').all(opts.limit ?? 10000)) as Row[];
    return rows.map((r) => ({
      id: Number(r.id), at: String(r.at), user: String(r.user), action: String(r.action), target: String(r.target),
      before: JSON.parse(String(r.before)), after: JSON.parse(String(r.after)),
    }));
  }

  async getState(key: string): Promise<string | null> {
    const r = this.db.prepare('SELECT value FROM state WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.value) : null;
  }

  async listState(prefix = ''): Promise<{ key: string; value: string }[]> {
    return (this.db.prepare('SELECT key, value FROM state WHERE substr(key, 1, ?) = ? ORDER BY key').all(prefix.length, prefix) as Row[])
      .map((r) => ({ key: String(r.key), value: String(r.value) }));
  }

  async setState(key: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

/** Great-circle distance in km between (e.lat, e.lon) and the point (?1 = lat, ?2 = lat, ?3 = lon), as in
 * PostGIS's sphere distance (mean Earth radius). Parameters: lat, lat, lon. */
const HAVERSINE_KM = `(2 * ${EARTH_KM} * asin(min(1, sqrt(power(sin(radians(e.lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(e.lat)) * power(sin(radians(e.lon - ?) / 2), 2)))))`;

function toStoredEvent(r: Row): StoredEvent {
  const e = JSON.parse(String(r.data)) as ConflictEvent;
  return { ...e, id: String(r.id), docId: String(r.doc_id), evidenceText: String(r.evidence_text ?? ''), corrected: !!r.corrected };
}

/** User text to an FTS5 query: each word as a quoted prefix term, all required. */
function ftsQuery(q: string): string {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : '""';
}

export type { EventRow };
