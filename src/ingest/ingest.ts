// The ingest run: readers -> dedupe (exact hash, then MinHash near-duplicates) -> a worker pool runs
// extract() -> ONE writer stores batches, each batch in one transaction (store.putDocuments).
// A crash loses at most the batches not yet committed; a rerun skips what is stored (content hash),
// so nothing is half-written and nothing is duplicated.
import type { Document } from '../model/types.ts';
import type { IngestItem, Store } from '../store/store.ts';
import { preparedItem } from '../store/rows.ts';
import { contentHash } from './hash.ts';
import { NearDupIndex, decodeSig, encodeSig } from './minhash.ts';
import { ExtractPool, defaultWorkers } from './pool.ts';
import { readSources, type ReadItem, type ReadOptions } from './sources.ts';

export interface IngestOptions extends ReadOptions {
  /** Extraction worker threads; default: all cores. 0 extracts on the main thread. */
  workers?: number;
  /** Documents per store transaction (default 200). */
  batchSize?: number;
  /** Near-duplicate detection (default on). */
  nearDup?: boolean;
  /** Estimated Jaccard similarity at which a document is a near-duplicate (default 0.7). */
  threshold?: number;
  onProgress?: (p: IngestProgress) => void;
  /** An existing pool to use (not closed here). */
  pool?: ExtractPool;
}

export interface IngestProgress {
  read: number;
  ingested: number;
  duplicates: number;
  failed: number;
  elapsedMs: number;
}

export interface Duplicate {
  input: string;
  id: string;
  existingId: string;
  kind: 'exact' | 'near';
  similarity?: number;
}

export interface Failure {
  input: string;
  code: string;
  message: string;
}

export interface IngestSummary {
  read: number;
  ingested: string[];
  duplicates: Duplicate[];
  failed: Failure[];
  words: number;
  chars: number;
  elapsedMs: number;
  /** The highest resident memory (bytes) of the process seen during the run (sampled with the progress). */
  peakRss: number;
}

/** Crash tests only: a pause after each committed batch, so that a kill lands mid-run on any machine. */
export const THROTTLE_MS = Number(process.env.TRUCE_INGEST_THROTTLE_MS ?? 0) || 0;

/** Held while near-duplicates are decided and written, by `truce ingest` and by queue workers alike, on a
 * store shared by many processes (PostgreSQL): two wire copies ingested at once are never both stored. */
export const NEARDUP_LOCK = 727_002;

function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

interface Pending {
  input: string;
  doc: Document;
  hash: string;
  sig: Uint32Array | null;
}

/** Records duplicates as extra sources of the documents they duplicate (skipping the same file again). */
type DupRecord = Duplicate & { doc: Pick<Document, 'url' | 'source' | 'title'> };

/** What a duplicate's record keeps (not its text: memory stays bounded on big re-ingests). */
function dupRecord(d: Duplicate, doc: Document): DupRecord | null {
  if (d.id === d.existingId) return null; // the same document again: nothing new to say
  return { ...d, doc: { url: doc.url ?? null, source: doc.source ?? null, title: doc.title ?? null } };
}

async function recordSources(store: Store, dups: DupRecord[]): Promise<void> {
  if (!dups.length) return;
  await store.addDocumentSources(dups.map((d) => ({
    docId: d.existingId, id: d.id, input: d.input, url: d.doc.url ?? null, source: d.doc.source ?? null,
    title: d.doc.title ?? null, kind: d.kind, similarity: d.similarity ?? null,
  })));
}

/** Reads, dedupes, extracts and stores `inputs`. Never throws for a bad input: see `failed`. */
export async function ingest(inputs: string[] | AsyncIterable<ReadItem>, store: Store, opts: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const batchSize = opts.batchSize ?? 200;
  const nearDup = opts.nearDup !== false;
  const ownPool = !opts.pool;
  const pool = opts.pool ?? (await ExtractPool.create(opts.workers ?? defaultWorkers()));
  const index = nearDup ? new NearDupIndex(opts.threshold) : null;
  // the signatures stored so far; on a shared store, those stored later by other processes are caught up
  // with under the lock, before each write
  let sigSeq = 0;
  if (index) {
    for (const e of await store.listNearDupSignatures()) {
      index.add(e.docId, decodeSig(e.sig));
      sigSeq = Math.max(sigSeq, e.seq ?? 0);
    }
  }
  const storedHere = new Set<string>();
  const summary: IngestSummary = { read: 0, ingested: [], duplicates: [], failed: [], words: 0, chars: 0, elapsedMs: 0, peakRss: process.memoryUsage.rss() };
  const dupDocs: DupRecord[] = [];
  const addDup = (d: Duplicate, doc: Document) => {
    summary.duplicates.push(d);
    const r = dupRecord(d, doc);
    if (r) dupDocs.push(r);
  };
  const seen = new Map<string, string>(); // content hash -> id, this run
  const indexSlot = new Map<Pending, number>();

  const progress = () => {
    summary.peakRss = Math.max(summary.peakRss, process.memoryUsage.rss());
    reportProgress();
  };
  const reportProgress = () => opts.onProgress?.({
    read: summary.read, ingested: summary.ingested.length, duplicates: summary.duplicates.length,
    failed: summary.failed.length, elapsedMs: performance.now() - t0,
  });

  // ---- the single writer: batches of extracted documents, one transaction each ----------------
  let toWrite: { p: Pending; item: IngestItem }[] = [];
  let writing: Promise<void> = Promise.resolve();
  /** Under the lock: documents that near-duplicate what other processes stored since we last looked become
   * sources of those documents; the rest of the batch is returned for writing. */
  const catchUpNearDups = async (batch: { p: Pending; item: IngestItem }[]) => {
    const others = new NearDupIndex(opts.threshold);
    for (const e of await store.listNearDupSignatures({ after: sigSeq })) {
      sigSeq = Math.max(sigSeq, e.seq ?? 0);
      if (storedHere.has(e.docId)) continue;
      const sig = decodeSig(e.sig);
      others.add(e.docId, sig);
      index!.add(e.docId, sig);
    }
    if (!others.size) return batch;
    const keep: typeof batch = [];
    for (const b of batch) {
      const near = b.p.sig ? others.find(b.p.sig) : null;
      if (!near) { keep.push(b); continue; }
      addDup({ input: b.p.input, id: b.p.doc.id, existingId: near.id, kind: 'near', similarity: near.similarity }, b.p.doc);
      seen.set(b.p.hash, near.id);
      // later copies of this document in the run now point at the stored one
      const slot = indexSlot.get(b.p);
      if (slot !== undefined) index!.setId(slot, near.id);
      indexSlot.delete(b.p);
    }
    return keep;
  };

  const flush = () => {
    if (!toWrite.length) return writing;
    let batch = toWrite;
    toWrite = [];
    writing = writing.then(async () => {
      const shared = !!index && !!store.withLock;
      const write = async () => {
        if (shared) batch = await catchUpNearDups(batch);
        if (!batch.length) return;
        const r = await store.putDocuments(batch.map((b) => b.item));
        const dupOf = new Map<string, string[]>();
        for (const d of r.duplicates) dupOf.set(d.id, [...(dupOf.get(d.id) ?? []), d.existingId]);
        let k = 0;
        for (const b of batch) {
          const ex = dupOf.get(b.item.doc.id);
          if (ex && ex.length) {
            // stored meanwhile by another process: a duplicate, not an error
            const existingId = ex.shift()!;
            addDup({ input: b.p.input, id: b.p.doc.id, existingId, kind: 'exact' }, b.p.doc);
            continue;
          }
          const id = r.inserted[k++] ?? b.item.doc.id;
          summary.ingested.push(id);
          storedHere.add(id);
          summary.words += countWords(b.p.doc.text);
          summary.chars += b.p.doc.text.length;
          const slot = indexSlot.get(b.p);
          if (slot !== undefined && index) index.setId(slot, id);
          indexSlot.delete(b.p);
        }
      };
      try {
        if (shared) await store.withLock!(NEARDUP_LOCK, write);
        else await write();
        if (THROTTLE_MS) await new Promise((r) => setTimeout(r, THROTTLE_MS));
      } catch (e) {
        const msg = (e as Error)?.message ?? String(e);
        for (const b of batch) summary.failed.push({ input: b.p.input, code: 'DATABASE', message: `${b.p.input}: not stored: ${msg}` });
      }
      progress();
    });
    return writing;
  };

  // ---- extraction: mini-batches to the pool, bounded in flight --------------------------------
  const MINI = 8;
  const maxInflight = Math.max(2, pool.size) * 4;
  let mini: Pending[] = [];
  const inflight = new Set<Promise<void>>();
  const dispatch = async () => {
    if (!mini.length) return;
    const docs = mini;
    mini = [];
    // the MinHash signatures are computed by the workers, next to extraction (off the main thread)
    // the workers also serialise the extractions into store rows (strings cross threads cheaply)
    const job = pool.run(docs.map((p) => p.doc), !!index, true).then(async (results) => {
      results.forEach((r, i) => {
        const p = docs[i];
        if (r.ok) {
          if (index && r.sig) {
            const sig = r.sig instanceof Uint32Array ? r.sig : new Uint32Array(r.sig);
            const near = index.find(sig);
            if (near) {
              addDup({ input: p.input, id: p.doc.id, existingId: near.id, kind: 'near', similarity: near.similarity }, p.doc);
              seen.set(p.hash, near.id);
              return;
            }
            p.sig = sig;
            indexSlot.set(p, index.add(p.doc.id, sig));
          }
          // the signature is stored with the document, in the same transaction
          const sig = p.sig ? encodeSig(p.sig) : null;
          toWrite.push({ p, item: r.prepared ? preparedItem(p.doc, p.hash, r.prepared, sig) : { doc: p.doc, extraction: r.x!, contentHash: p.hash, sig } });
        } else {
          summary.failed.push({ input: p.input, code: 'INTERNAL', message: `${p.input}: extraction failed: ${r.error}` });
          seen.delete(p.hash);
        }
      });
      if (toWrite.length >= batchSize) await flush();
    });
    const tracked = job.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
    while (inflight.size >= maxInflight) await Promise.race(inflight);
  };

  const items = Array.isArray(inputs) ? readSources(inputs, opts) : inputs;
  try {
    for await (const it of items) {
      summary.read++;
      if (it.kind === 'error') {
        summary.failed.push({ input: it.input, code: it.code, message: it.message });
        if (summary.read % 100 === 0) progress();
        continue;
      }
      const doc = it.doc;
      const hash = contentHash(doc.text);
      const runDup = seen.get(hash);
      const existingId = runDup ?? (await store.findByHash(hash));
      if (existingId) {
        addDup({ input: it.input, id: doc.id, existingId, kind: 'exact' }, doc);
        continue;
      }
      seen.set(hash, doc.id);
      mini.push({ input: it.input, doc, hash, sig: null });
      if (mini.length >= MINI) await dispatch();
      if (summary.read % 100 === 0) progress();
    }
    await dispatch();
    while (inflight.size) await Promise.race(inflight);
    await flush();
    await writing;
    await recordSources(store, dupDocs);
  } finally {
    if (ownPool) await pool.close();
  }
  summary.elapsedMs = performance.now() - t0;
  progress();
  return summary;
}
