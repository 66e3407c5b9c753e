// The shared store: the same Store interface (and contract tests) as SQLite, on PostgreSQL via `pg`.
// Every multi-row write runs in one transaction; inserts are race-safe (ON CONFLICT) so several
// ingest processes and workers on several machines can share one database.
import pg from 'pg';
import type { Agreement, ConflictEvent, Extraction, Provision } from '../../model/types.ts';
import { TruceError } from '../../model/errors.ts';
import {
  StoreConflictError,
  type AuditEntry, type DocumentSource, type DocumentSummary, type EventCorrection, type EventFilter, type IngestItem,
  type IngestResult, type LinkVerdict, type PreparedExtraction, type Role, type Store, type StoredDocument, type StoredEvent, type User,
} from '../store.ts';
import { EARTH_KM, applyCorrection, canonicalAgreement, eventRow, nearBox, toDocumentSource } from '../rows.ts';
import { postgisSql, postgresMigrations } from './migrations.ts';

type Row = Record<string, unknown>;
type Q = Pick<pg.PoolClient, 'query'>;

const MIGRATION_LOCK = 727_001;

export interface PostgresStoreOptions {
  /** Use PostGIS for spatial filters when the server has it (default true); false: plain comparisons. */
  postgis?: boolean;
}

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15000 });
  pool.on('error', () => { /* idle client lost (server restart): the next query reconnects */ });
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new TruceError('DATABASE', redact(url), `cannot connect to PostgreSQL: ${(e as Error).message}`);
  }
  return new PostgresStore(pool, url, opts);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** Whether spatial filters run on PostGIS (events.geom, GiST indexes); known after migrate(). */
  postgis = false;
  constructor(readonly pool: pg.Pool, readonly url: string, readonly opts: PostgresStoreOptions = {}) {}

  async withLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    // a session lock on a connection of its own: fn's queries use other connections of the pool. The lock's
    // connection sits checked out while fn runs; if the server drops it, the lock is released with it and the
    // unlock fails (so does the caller); the connection is then discarded, not returned to the pool.
    const c = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (e: Error) => { broken = e; };
    c.on('error', onError);
    const q = (sql: string) => c.query(sql, [key]).catch((e: Error) => { broken ??= e; throw e; });
    try {
      await q('SELECT pg_advisory_lock($1)');
      try {
        return await fn();
      } finally {
        await q('SELECT pg_advisory_unlock($1)');
      }
    } finally {
      c.off('error', onError);
      c.release(broken);
    }
  }

  /** Runs fn in one transaction on one connection. */
  async tx<T>(fn: (c: Q) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const r = await fn(c);
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r.version)));
      for (const m of postgresMigrations) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
      }
      this.postgis = (await this.ensurePostgis(c)) && this.opts.postgis !== false;
    });
  }

  /** The PostGIS step, retried on every open until it succeeds (the extension may be installed later):
   * a point geometry generated from lon/lat with GiST indexes on it (bbox) and on its geography (near).
   * Skipped, leaving plain comparisons, when the server has no PostGIS or we may not create it. */
  private async ensurePostgis(c: Q): Promise<boolean> {
    const col = await c.query(`SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'geom'`);
    if (col.rowCount) return true;
    if (this.opts.postgis === false) return false;
    const avail = await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
    if (!avail.rowCount) return false;
    await c.query('SAVEPOINT postgis');
    try {
      await c.query(postgisSql);
      await c.query('RELEASE SAVEPOINT postgis');
      return true;
    } catch {
      await c.query('ROLLBACK TO SAVEPOINT postgis'); // e.g. not allowed to create extensions: plain filters
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // ---- documents -------------------------------------------------------------------------------

  async putDocuments(items: IngestItem[]): Promise<IngestResult> {
    const now = new Date().toISOString();
    return this.tx(async (c) => {
      const result: IngestResult = { inserted: [], duplicates: [] };
      for (const it of items) {
        let id = it.doc.id;
        for (let n = 2; ; n++) {
          // rows prepared by an extraction worker when the id is the one they were made for
          const pre = it.prepared && it.prepared.id === id ? it.prepared : null;
          const x: Extraction | null = pre ? null : { ...it.extraction, id };
          const r = await c.query(
            `INSERT INTO documents (id, content_hash, text, dct, dct_inferred, source, url, title, ingested_at, extraction)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
            [id, it.contentHash, it.doc.text, pre ? pre.dct : x!.dct.value ?? it.doc.dct ?? null, pre ? pre.dctInferred : x!.dct.inferred,
              it.doc.source ?? null, it.doc.url ?? null, it.doc.title ?? null, it.ingestedAt ?? now, pre ? pre.json : JSON.stringify(x)],
          );
          if (r.rowCount) {
            if (pre && !(await this.hasCorrections(c, id))) await this.insertPrepared(c, pre);
            else await this.insertAnnotations(c, id, it.doc.text, x ?? { ...it.extraction, id });
            if (it.sig) {
              await c.query('INSERT INTO neardup_signatures (doc_id, sig) VALUES ($1, $2) ON CONFLICT (doc_id) DO UPDATE SET sig = excluded.sig', [id, it.sig]);
            }
            result.inserted.push(id);
            break;
          }
          const dup = await c.query('SELECT id FROM documents WHERE content_hash = $1', [it.contentHash]);
          if (dup.rowCount) {
            result.duplicates.push({ id: it.doc.id, existingId: String(dup.rows[0].id) });
            break;
          }
          // the same id with different content: keep both, suffix the new one (as SQLite does)
          id = `${it.doc.id}-${n}`;
        }
      }
      return result;
    });
  }

  private async hasCorrections(c: Q, docId: string): Promise<boolean> {
    return !!(await c.query('SELECT 1 FROM corrections WHERE event_id LIKE $1 LIMIT 1', [`${likeEscape(docId)}#%`])).rowCount;
  }

  /** Prepared rows: one multi-row INSERT for the events, one for the provisions. */
  private async insertPrepared(c: Q, pre: PreparedExtraction): Promise<void> {
    const COLS = 20;
    for (let i = 0; i < pre.events.length; i += 200) {
      const chunk = pre.events.slice(i, i + 200);
      const params: unknown[] = [];
      const values = chunk.map((w, k) => {
        params.push(w.id, w.docId, w.eventId, w.action, w.eventType, w.subEventType, w.actor1, w.actor2, w.placeName, w.placeId, w.lat, w.lon,
          w.date, w.modality, w.fatalities, w.evidenceStart, w.evidenceEnd, w.evidenceText, w.data, false);
        return `(${Array.from({ length: COLS }, (_, j) => `$${k * COLS + j + 1}`).join(',')})`;
      });
      await c.query(`INSERT INTO events (id, doc_id, event_id, action, event_type, sub_event_type, actor1, actor2, place_name, place_id, lat, lon,
        date, modality, fatalities, evidence_start, evidence_end, evidence_text, data, corrected) VALUES ${values.join(',')}`, params);
    }
    if (pre.provisions.length) {
      const params: unknown[] = [];
      const values = pre.provisions.map((p, i) => { params.push(pre.id, i, p); return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`; });
      await c.query(`INSERT INTO report_provisions (doc_id, idx, data) VALUES ${values.join(',')}`, params);
    }
  }

  private async insertAnnotations(c: Q, docId: string, text: string, x: Extraction): Promise<void> {
    const corr = x.events.length
      ? (await c.query('SELECT event_id, fields FROM corrections WHERE event_id LIKE $1 ORDER BY id', [`${docId.replace(/[\\%_]/g, '\\$&')}#%`])).rows
      : [];
    for (const ev of x.events) {
      const id = `${docId}#${ev.id}`;
      let e: ConflictEvent = ev;
      let corrected = false;
      for (const r of corr) if (r.event_id === id) { e = applyCorrection(e, JSON.parse(String(r.fields))); corrected = true; }
      const w = eventRow(docId, id, e, text, x.sentences);
      await c.query(
        `INSERT INTO events (id, doc_id, event_id, action, event_type, sub_event_type, actor1, actor2, place_name, place_id, lat, lon,
          date, modality, fatalities, evidence_start, evidence_end, evidence_text, data, corrected)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
        [w.id, w.docId, w.eventId, w.action, w.eventType, w.subEventType, w.actor1, w.actor2, w.placeName, w.placeId, w.lat, w.lon,
          w.date, w.modality, w.fatalities, w.evidenceStart, w.evidenceEnd, w.evidenceText, w.data, corrected],
      );
    }
    for (let i = 0; i < x.provisions.length; i++) {
      await c.query('INSERT INTO report_provisions (doc_id, idx, data) VALUES ($1, $2, $3)', [docId, i, JSON.stringify(x.provisions[i])]);
    }
  }

  async findByHash(hash: string): Promise<string | null> {
    const r = await this.q('SELECT id FROM documents WHERE content_hash = $1', [hash]);
    return r.length ? String(r[0].id) : null;
  }

  async getDocument(id: string): Promise<StoredDocument | null> {
    const rows = await this.q('SELECT * FROM documents WHERE id = $1', [id]);
    if (!rows.length) return null;
    const r = rows[0];
    return {
      id: String(r.id), text: String(r.text), dct: (r.dct as string) ?? null, source: (r.source as string) ?? null,
      url: (r.url as string) ?? null, title: (r.title as string) ?? null, contentHash: String(r.content_hash),
      dctInferred: !!r.dct_inferred, ingestedAt: String(r.ingested_at), extraction: JSON.parse(String(r.extraction)),
    };
  }

  async listDocuments(opts: { limit?: number; offset?: number } = {}): Promise<DocumentSummary[]> {
    const rows = await this.q(`SELECT d.id, d.title, d.url, d.source, d.dct, d.dct_inferred, d.ingested_at, length(d.text) AS chars,
      (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events
      FROM documents d ORDER BY d.dct COLLATE "C" NULLS FIRST, d.id COLLATE "C" LIMIT $1 OFFSET $2`, [opts.limit ?? 1000, opts.offset ?? 0]);
    return rows.map((r) => ({
      id: String(r.id), title: (r.title as string) ?? null, url: (r.url as string) ?? null, source: (r.source as string) ?? null,
      dct: (r.dct as string) ?? null, dctInferred: !!r.dct_inferred, ingestedAt: String(r.ingested_at),
      events: Number(r.events), chars: Number(r.chars),
    }));
  }

  async countDocuments(): Promise<number> {
    return Number((await this.q('SELECT count(*) AS n FROM documents'))[0].n);
  }

  async replaceExtraction(docId: string, extraction: Extraction): Promise<void> {
    await this.tx(async (c) => {
      const doc = await c.query('SELECT text FROM documents WHERE id = $1 FOR UPDATE', [docId]);
      if (!doc.rowCount) throw new TruceError('NOT_FOUND', docId, 'no such document');
      await c.query('DELETE FROM events WHERE doc_id = $1', [docId]);
      await c.query('DELETE FROM report_provisions WHERE doc_id = $1', [docId]);
      const x = { ...extraction, id: docId };
      await c.query('UPDATE documents SET extraction = $1, dct = coalesce($2, dct), dct_inferred = $3 WHERE id = $4',
        [JSON.stringify(x), x.dct.value, x.dct.inferred, docId]);
      await this.insertAnnotations(c, docId, String(doc.rows[0].text), x);
    });
  }

  // ---- events ----------------------------------------------------------------------------------

  private where(f: EventFilter): { sql: string; params: unknown[] } {
    const w: string[] = [];
    const p: unknown[] = [];
    const $ = (v: unknown) => { p.push(v); return `$${p.length}`; };
    if (f.docId) w.push(`e.doc_id = ${$(f.docId)}`);
    if (f.eventType) w.push(`e.event_type = ${$(f.eventType)}`);
    if (f.subEventType) w.push(`e.sub_event_type = ${$(f.subEventType)}`);
    if (f.action) w.push(`e.action = ${$(f.action)}`);
    if (f.modality) w.push(`e.modality = ${$(f.modality)}`);
    if (f.actor) { const a = $(`%${likeEscape(f.actor)}%`); w.push(`(e.actor1 ILIKE ${a} OR e.actor2 ILIKE ${a})`); }
    if (f.place) w.push(`(e.place_id = ${$(f.place)} OR e.place_name ILIKE ${$(`%${likeEscape(f.place)}%`)})`);
    if (f.bbox) {
      const [x0, y0, x1, y1] = f.bbox.map(Number);
      if (this.postgis) {
        // the GiST index finds candidates (e.geom && box: float4 boxes, rounded outward), the plain
        // comparisons below keep SQLite's exact, inclusive bounds; two boxes across the antimeridian
        const env = (a: number, b: number) => `e.geom && ST_MakeEnvelope(${$(a)}, ${$(y0)}, ${$(b)}, ${$(y1)}, 4326)`;
        w.push(y0 > y1 ? 'false' : x0 <= x1 ? env(x0, x1) : `(${env(x0, 180)} OR ${env(-180, x1)})`);
      }
      if (x0 <= x1) w.push(`e.lon >= ${$(x0)} AND e.lat >= ${$(y0)} AND e.lon <= ${$(x1)} AND e.lat <= ${$(y1)}`);
      else w.push(`(e.lon >= ${$(x0)} OR e.lon <= ${$(x1)}) AND e.lat >= ${$(y0)} AND e.lat <= ${$(y1)}`);
    }
    if (f.near) {
      const [lon, lat, km] = f.near.map(Number);
      if (this.postgis) {
        // sphere distance (use_spheroid false): the same as SQLite's haversine, through the geography index
        w.push(`ST_DWithin(e.geom::geography, ST_SetSRID(ST_MakePoint(${$(lon)}, ${$(lat)}), 4326)::geography, ${$(km * 1000)}, false)`);
      } else {
        const box = nearBox(lon, lat, km);
        w.push(`e.lat >= ${$(box.minLat)} AND e.lat <= ${$(box.maxLat)}`);
        if (box.minLon !== null) {
          const a = $(box.minLon), b = $(box.maxLon);
          w.push(box.minLon <= box.maxLon! ? `e.lon >= ${a} AND e.lon <= ${b}` : `(e.lon >= ${a} OR e.lon <= ${b})`);
        }
        const la = $(lat), lo = $(lon);
        w.push(`2 * ${EARTH_KM} * asin(least(1, sqrt(power(sin(radians(e.lat - ${la}) / 2), 2) + cos(radians(${la})) * cos(radians(e.lat)) * power(sin(radians(e.lon - ${lo}) / 2), 2)))) <= ${$(km)}`);
      }
    }
    if (f.from) w.push(`substr(e.date, 1, 10) COLLATE "C" >= ${$(f.from)}`);
    if (f.to) w.push(`substr(e.date, 1, 10) COLLATE "C" <= ${$(f.to)}`);
    if (f.q) w.push(`e.evidence_tsv @@ to_tsquery('simple', ${$(tsQuery(f.q))})`);
    return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params: p };
  }

  async listEvents(filter: EventFilter = {}): Promise<StoredEvent[]> {
    const { sql, params } = this.where(filter);
    const n = params.length;
    const rows = await this.q(`SELECT e.id, e.doc_id, e.evidence_text, e.corrected, e.data FROM events e ${sql}
      ORDER BY substr(e.date, 1, 10) COLLATE "C" NULLS FIRST, e.doc_id COLLATE "C", e.evidence_start LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, filter.limit ?? 100000, filter.offset ?? 0]);
    return rows.map(toStoredEvent);
  }

  async countEvents(filter: EventFilter = {}): Promise<number> {
    const { sql, params } = this.where(filter);
    return Number((await this.q(`SELECT count(*) AS n FROM events e ${sql}`, params))[0].n);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const r = await this.q('SELECT e.id, e.doc_id, e.evidence_text, e.corrected, e.data FROM events e WHERE e.id = $1', [id]);
    return r.length ? toStoredEvent(r[0]) : null;
  }

  async listReportProvisions(): Promise<(Provision & { docId: string })[]> {
    const rows = await this.q('SELECT doc_id, data FROM report_provisions ORDER BY doc_id COLLATE "C", idx');
    return rows.map((r) => ({ ...(JSON.parse(String(r.data)) as Provision), docId: String(r.doc_id) }));
  }

  // ---- agreements ------------------------------------------------------------------------------

  async putAgreement(a: Agreement): Promise<'inserted' | 'unchanged'> {
    const canon = canonicalAgreement(a);
    return this.tx(async (c) => {
      const ins = await c.query('INSERT INTO agreements (id, canonical, data, loaded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [a.id, canon, JSON.stringify(a), new Date().toISOString()]);
      if (ins.rowCount) return 'inserted' as const;
      const r = await c.query('SELECT canonical FROM agreements WHERE id = $1', [a.id]);
      if (String(r.rows[0].canonical) === canon) return 'unchanged' as const;
      throw new StoreConflictError(`a different agreement is already stored under the id "${a.id}"`);
    });
  }

  async replaceAgreement(a: Agreement): Promise<void> {
    await this.q(`INSERT INTO agreements (id, canonical, data, loaded_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET canonical = excluded.canonical, data = excluded.data, loaded_at = excluded.loaded_at`,
    [a.id, canonicalAgreement(a), JSON.stringify(a), new Date().toISOString()]);
  }

  async getAgreement(id: string): Promise<Agreement | null> {
    const r = await this.q('SELECT data FROM agreements WHERE id = $1', [id]);
    return r.length ? (JSON.parse(String(r[0].data)) as Agreement) : null;
  }

  async listAgreements(): Promise<Agreement[]> {
    return (await this.q('SELECT data FROM agreements ORDER BY id COLLATE "C"')).map((r) => JSON.parse(String(r.data)) as Agreement);
  }

  // ---- analyst work ----------------------------------------------------------------------------

  async correctEvent(c: EventCorrection): Promise<void> {
    await this.tx(async (q) => {
      const r = await q.query('SELECT doc_id, data FROM events WHERE id = $1 FOR UPDATE', [c.eventId]);
      if (!r.rowCount) throw new TruceError('NOT_FOUND', c.eventId, 'no such event');
      await q.query('INSERT INTO corrections (event_id, fields, user_name, at) VALUES ($1, $2, $3, $4)', [c.eventId, JSON.stringify(c.fields), c.user, c.at]);
      const docId = String(r.rows[0].doc_id);
      const doc = (await q.query('SELECT text, extraction FROM documents WHERE id = $1', [docId])).rows[0];
      const x = JSON.parse(String(doc.extraction)) as Extraction;
      const e = applyCorrection(JSON.parse(String(r.rows[0].data)) as ConflictEvent, c.fields);
      const w = eventRow(docId, c.eventId, e, String(doc.text), x.sentences);
      await q.query(`UPDATE events SET action=$1, event_type=$2, sub_event_type=$3, actor1=$4, actor2=$5, place_name=$6, place_id=$7,
        lat=$8, lon=$9, date=$10, modality=$11, fatalities=$12, data=$13, corrected=true WHERE id=$14`,
      [w.action, w.eventType, w.subEventType, w.actor1, w.actor2, w.placeName, w.placeId, w.lat, w.lon, w.date, w.modality, w.fatalities, w.data, w.id]);
    });
  }

  async listCorrections(eventId?: string): Promise<EventCorrection[]> {
    const rows = eventId
      ? await this.q('SELECT * FROM corrections WHERE event_id = $1 ORDER BY id', [eventId])
      : await this.q('SELECT * FROM corrections ORDER BY id');
    return rows.map((r) => ({ eventId: String(r.event_id), fields: JSON.parse(String(r.fields)), user: String(r.user_name), at: String(r.at) }));
  }

  async setLinkVerdict(v: LinkVerdict): Promise<void> {
    await this.q(`INSERT INTO link_verdicts (agreement_id, provision_id, event_id, verdict, user_name, at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (agreement_id, provision_id, event_id) DO UPDATE SET verdict = excluded.verdict, user_name = excluded.user_name, at = excluded.at`,
    [v.agreementId, v.provisionId, v.eventId, v.verdict, v.user, v.at]);
  }

  async listLinkVerdicts(agreementId?: string): Promise<LinkVerdict[]> {
    const rows = agreementId
      ? await this.q('SELECT * FROM link_verdicts WHERE agreement_id = $1', [agreementId])
      : await this.q('SELECT * FROM link_verdicts');
    return rows.map((r) => ({
      agreementId: String(r.agreement_id), provisionId: String(r.provision_id), eventId: String(r.event_id),
      verdict: r.verdict as LinkVerdict['verdict'], user: String(r.user_name), at: String(r.at),
    }));
  }

  // ---- users, audit, state ---------------------------------------------------------------------

  async addUser(name: string, role: Role, tokenHash: string, createdAt?: string): Promise<void> {
    try {
      await this.q('INSERT INTO users (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4)', [name, role, tokenHash, createdAt ?? new Date().toISOString()]);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new StoreConflictError(`a user named "${name}" already exists`);
      throw e;
    }
  }

  async userByTokenHash(tokenHash: string): Promise<User | null> {
    const r = await this.q('SELECT name, role, created_at FROM users WHERE token_hash = $1', [tokenHash]);
    return r.length ? { name: String(r[0].name), role: r[0].role as Role, createdAt: String(r[0].created_at) } : null;
  }

  async listUsers(opts: { withTokenHashes?: boolean } = {}): Promise<User[]> {
    return (await this.q('SELECT name, role, created_at, token_hash FROM users ORDER BY name COLLATE "C"'))
      .map((r) => ({ name: String(r.name), role: r.role as Role, createdAt: String(r.created_at), ...(opts.withTokenHashes ? { tokenHash: String(r.token_hash) } : {}) }));
  }

  async audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<void> {
    await this.q('INSERT INTO audit (at, user_name, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.at ?? new Date().toISOString(), entry.user, entry.action, entry.target, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null)]);
  }

  async listAudit(opts: { target?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = opts.target
      ? await this.q('SELECT * FROM audit WHERE target = $1 ORDER BY id LIMIT $2', [opts.target, opts.limit ?? 10000])
      : await this.q('SELECT * FROM audit ORDER BY id LIMIT $1', [opts.limit ?? 10000]);
    return rows.map((r) => ({
      id: Number(r.id), at: String(r.at), user: String(r.user_name), action: String(r.action), target: String(r.target),
      before: JSON.parse(String(r.before)), after: JSON.parse(String(r.after)),
    }));
  }

  async addDocumentSources(sources: DocumentSource[]): Promise<number> {
    const at = new Date().toISOString();
    return this.tx(async (c) => {
      let added = 0;
      for (const x of sources) {
        const r = await c.query(`INSERT INTO document_sources (doc_id, id, input, url, source, title, kind, similarity, added_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [x.docId, x.id, x.input, x.url ?? '', x.source, x.title, x.kind, x.similarity, at]);
        added += r.rowCount ?? 0;
      }
      return added;
    });
  }

  async listDocumentSources(docId?: string): Promise<DocumentSource[]> {
    const rows = docId
      ? await this.q('SELECT * FROM document_sources WHERE doc_id = $1 ORDER BY seq', [docId])
      : await this.q('SELECT * FROM document_sources ORDER BY doc_id, seq');
    return rows.map(toDocumentSource);
  }

  async addNearDupSignatures(entries: { docId: string; sig: string }[]): Promise<void> {
    if (!entries.length) return;
    await this.tx(async (c) => {
      for (const e of entries) {
        await c.query('INSERT INTO neardup_signatures (doc_id, sig) VALUES ($1, $2) ON CONFLICT (doc_id) DO UPDATE SET sig = excluded.sig', [e.docId, e.sig]);
      }
    });
  }

  async listNearDupSignatures(opts: { after?: number } = {}): Promise<{ docId: string; sig: string; seq?: number }[]> {
    return (await this.q('SELECT seq, doc_id, sig FROM neardup_signatures WHERE seq > $1 ORDER BY seq', [opts.after ?? 0]))
      .map((r) => ({ docId: String(r.doc_id), sig: String(r.sig), seq: Number(r.seq) }));
  }

  async getState(key: string): Promise<string | null> {
    const r = await this.q('SELECT value FROM state WHERE key = $1', [key]);
    return r.length ? String(r[0].value) : null;
  }

  async listState(prefix = ''): Promise<{ key: string; value: string }[]> {
    return (await this.q('SELECT key, value FROM state WHERE left(key, $1) = $2 ORDER BY key COLLATE "C"', [prefix.length, prefix]))
      .map((r) => ({ key: String(r.key), value: String(r.value) }));
  }

  async setState(key: string, value: string): Promise<void> {
    await this.q('INSERT INTO state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}

function toStoredEvent(r: Row): StoredEvent {
  const e = JSON.parse(String(r.data)) as ConflictEvent;
  return { ...e, id: String(r.id), docId: String(r.doc_id), evidenceText: String(r.evidence_text ?? ''), corrected: !!r.corrected };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

/** User text to a tsquery: each word as a prefix term, all required (as the SQLite store's FTS5 query). */
function tsQuery(q: string): string {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : '';
}
