// Moving a whole store (SQLite <-> PostgreSQL, or to a file and back) through the Store interface:
// documents with their extractions, agreements, analyst corrections (replayed, so corrected events
// come out corrected), link verdicts, audit entries, users (name, role, creation time and the sha256 of
// their token: tokens themselves are never stored) and the ingest state (near-duplicate signatures,
// extra sources, what `truce watch` remembers of each feed). Documents keep their ingestedAt. A JSON-lines dump: a header line, then one record per line.
import type { Agreement } from '../model/types.ts';
import { TruceError } from '../model/errors.ts';
import { StoreConflictError, type AuditEntry, type DocumentSource, type EventCorrection, type IngestItem, type LinkVerdict, type Role, type Store } from '../store/store.ts';
import { contentHash } from './hash.ts';

export type DumpRecord =
  | { type: 'truce-export'; version: 1; from: string; exportedAt: string }
  | { type: 'document'; item: IngestItem; ingestedAt: string }
  | { type: 'agreement'; agreement: Agreement }
  | { type: 'correction'; correction: EventCorrection }
  | { type: 'verdict'; verdict: LinkVerdict }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'user'; user: { name: string; role: Role; createdAt: string; tokenHash: string } }
  | { type: 'source'; source: DocumentSource }
  | { type: 'signature'; docId: string; sig: string }
  | { type: 'state'; key: string; value: string };

export interface TransferCounts {
  documents: number;
  agreements: number;
  corrections: number;
  verdicts: number;
  audit: number;
  users: number;
  sources: number;
  signatures: number;
  state: number;
}

/** Every record of a store, in an order that imports cleanly (documents before their corrections). */
export async function* dumpStore(store: Store): AsyncGenerator<DumpRecord> {
  yield { type: 'truce-export', version: 1, from: store.kind, exportedAt: new Date().toISOString() };
  const docIds: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.listDocuments({ limit: 500, offset });
    for (const s of page) {
      const d = await store.getDocument(s.id);
      if (!d) continue;
      docIds.push(d.id);
      yield {
        type: 'document',
        ingestedAt: d.ingestedAt,
        item: { doc: { id: d.id, text: d.text, dct: d.dct, source: d.source ?? null, url: d.url ?? null, title: d.title ?? null }, extraction: d.extraction, contentHash: d.contentHash },
      };
    }
    if (page.length < 500) break;
  }
  for (const a of await store.listAgreements()) yield { type: 'agreement', agreement: a };
  for (const c of await store.listCorrections()) yield { type: 'correction', correction: c };
  for (const v of await store.listLinkVerdicts()) yield { type: 'verdict', verdict: v };
  for (const e of await store.listAudit({ limit: Number.MAX_SAFE_INTEGER })) yield { type: 'audit', entry: e };
  for (const u of await store.listUsers({ withTokenHashes: true })) {
    if (u.tokenHash) yield { type: 'user', user: { name: u.name, role: u.role, createdAt: u.createdAt, tokenHash: u.tokenHash } };
  }
  // what ingest keeps for dedupe: the other sources of each document, near-duplicate signatures
  for (const src of await store.listDocumentSources()) yield { type: 'source', source: src };
  for (const g of await store.listNearDupSignatures()) yield { type: 'signature', docId: g.docId, sig: g.sig };
  // what `truce watch` remembers of each feed (seen items, ETag, backoff)
  for (const e of (await store.listState?.()) ?? []) yield { type: 'state', key: e.key, value: e.value };
}

/** Loads records into a store. Documents already there (same content) are skipped; an agreement that
 * differs from a stored one under the same id is a CONFLICT. Refuses a non-empty target unless `merge`. */
export async function loadStore(records: AsyncIterable<DumpRecord>, store: Store, opts: { merge?: boolean; input?: string } = {}): Promise<TransferCounts> {
  const input = opts.input ?? 'import';
  if (!opts.merge && (await store.countDocuments()) > 0) {
    throw new TruceError('CONFLICT', input, 'the target store is not empty (use --merge to add to it)');
  }
  const counts: TransferCounts = { documents: 0, agreements: 0, corrections: 0, verdicts: 0, audit: 0, users: 0, sources: 0, signatures: 0, state: 0 };
  let batch: IngestItem[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const r = await store.putDocuments(batch);
    counts.documents += r.inserted.length;
    batch = [];
  };
  let first = true;
  let line = 0;
  for await (const rec of records) {
    line++;
    if (first) {
      first = false;
      if (rec.type !== 'truce-export') throw new TruceError('BAD_JSON', input, 'not a truce export (no header line)');
      continue;
    }
    if (rec.type !== 'document') await flush();
    switch (rec.type) {
      case 'document': {
        const it = rec.item;
        if (!it?.doc?.id || typeof it.doc.text !== 'string' || !it.extraction) throw new TruceError('BAD_JSON', `${input}:${line}`, 'malformed document record');
        if (contentHash(it.doc.text) !== it.contentHash) throw new TruceError('BAD_JSON', `${input}:${line}`, `the content hash of ${it.doc.id} does not match its text`);
        batch.push(typeof rec.ingestedAt === 'string' ? { ...it, ingestedAt: rec.ingestedAt } : it);
        if (batch.length >= 200) await flush();
        break;
      }
      case 'agreement':
        await store.putAgreement(rec.agreement).catch((e) => { throw new TruceError('CONFLICT', `${input}:${line}`, (e as Error).message); });
        counts.agreements++;
        break;
      case 'correction':
        await store.correctEvent(rec.correction);
        counts.corrections++;
        break;
      case 'verdict':
        await store.setLinkVerdict(rec.verdict);
        counts.verdicts++;
        break;
      case 'audit': {
        const { id: _id, ...e } = rec.entry;
        await store.audit(e);
        counts.audit++;
        break;
      }
      case 'user': {
        const u = rec.user;
        if (!u?.name || !u.role || !/^[0-9a-f]{64}$/.test(u.tokenHash ?? '')) throw new TruceError('BAD_JSON', `${input}:${line}`, 'malformed user record (a token hash is 64 hex digits)');
        try {
          await store.addUser(u.name, u.role, u.tokenHash, u.createdAt);
          counts.users++;
        } catch (e) {
          if (!(e instanceof StoreConflictError) && !/UNIQUE|duplicate key/i.test((e as Error).message)) throw e;
          // merging: the same user again is nothing new; a different one under that name (or token) is a conflict
          const same = (await store.listUsers({ withTokenHashes: true })).find((x) => x.name === u.name);
          if (!same || same.role !== u.role || same.tokenHash !== u.tokenHash) {
            throw new TruceError('CONFLICT', `${input}:${line}`, `a different user "${u.name}" (or one with the same token) is already in the target store`);
          }
        }
        break;
      }
      case 'source':
        counts.sources += await store.addDocumentSources([rec.source]);
        break;
      case 'signature':
        await store.addNearDupSignatures([{ docId: rec.docId, sig: rec.sig }]);
        counts.signatures++;
        break;
      case 'state':
        await store.setState(rec.key, rec.value);
        counts.state++;
        break;
      default:
        throw new TruceError('BAD_JSON', `${input}:${line}`, `unknown record type "${(rec as { type?: string }).type}"`);
    }
  }
  await flush();
  if (first) throw new TruceError('EMPTY_INPUT', input, 'the export is empty');
  return counts;
}
