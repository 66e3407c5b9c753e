// Distributed ingest through PostgreSQL with pg-boss 10: `truce ingest --queue` reads and dedupes
// documents and enqueues one job per document (job id derived from the content hash, so the same
// document is never queued twice); `truce worker` (any number of processes, on any machines) fetches
// batches, extracts them and stores each batch in one transaction. A worker killed mid-batch leaves
// its jobs active until they expire; they are then retried, and the store's content-hash check makes
// the retry a no-op for whatever was already committed: each document is stored exactly once.
// Near-duplicates (wire copies queued as separate jobs, by one run or by several): a worker extracts
// its batch, then, holding an advisory lock, catches up on the stored MinHash signatures and keeps a
// near-duplicate as a source of the stored document instead of storing it (the signatures are stored
// with their documents, in the same transaction), so each wire story is stored once with all its sources.
import PgBoss from 'pg-boss';
import type { Document } from '../model/types.ts';
import { TruceError } from '../model/errors.ts';
import type { DocumentSource, IngestItem, Store } from '../store/store.ts';
import { preparedItem } from '../store/rows.ts';
import type { JobResult } from './extract-worker.ts';
import { NearDupIndex, decodeSig, encodeSig } from './minhash.ts';
import { contentHash } from './hash.ts';
import { NEARDUP_LOCK, THROTTLE_MS, type Failure } from './ingest.ts';
import { readSources, type ReadOptions } from './sources.ts';
import { ExtractPool, defaultWorkers } from './pool.ts';

export const QUEUE = 'truce-extract';

export interface JobData {
  doc: Document;
  hash: string;
  input: string;
}

function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** A UUID made from the content hash: sending the same document twice inserts one job. */
export function jobIdFor(hash: string): string {
  const h = hash.slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

export interface BossOptions {
  /** Seconds before an active job whose worker vanished is retried (default 300). */
  jobTimeout?: number;
  /** Seconds between maintenance runs, which expire such jobs (default 30). */
  maintenance?: number;
}

export async function startBoss(url: string, o: BossOptions = {}): Promise<PgBoss> {
  if (!isPostgres(url)) throw new TruceError('USAGE', '--db', `the job queue needs a postgres:// database (got ${url})`);
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    maintenanceIntervalSeconds: o.maintenance ?? 30,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', (e) => process.stderr.write(`truce: queue: ${(e as Error).message}\n`));
  try {
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 5, retryDelay: 2, expireInSeconds: o.jobTimeout ?? 300 });
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new TruceError('DATABASE', url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@'), `cannot start the job queue: ${(e as Error).message}`);
  }
  return boss;
}

export interface EnqueueResult {
  queued: number;
  /** Already stored or already queued. */
  skipped: number;
  failed: Failure[];
}

/** Reads inputs and queues one job per new document. */
export async function enqueue(inputs: string[], url: string, opts: ReadOptions & BossOptions, store?: Store): Promise<EnqueueResult> {
  const boss = await startBoss(url, opts);
  const own = !store;
  if (!store) {
    const { openStore } = await import('../store/open.ts');
    store = await openStore(url);
  }
  const r: EnqueueResult = { queued: 0, skipped: 0, failed: [] };
  try {
    const seen = new Set<string>();
    for await (const it of readSources(inputs, opts)) {
      if (it.kind === 'error') { r.failed.push({ input: it.input, code: it.code, message: it.message }); continue; }
      const hash = contentHash(it.doc.text);
      if (seen.has(hash) || (await store.findByHash(hash))) { r.skipped++; continue; }
      seen.add(hash);
      const id = await boss.send(QUEUE, { doc: it.doc, hash, input: it.input } satisfies JobData,
        { id: jobIdFor(hash), ...(opts.jobTimeout ? { expireInSeconds: opts.jobTimeout } : {}) });
      if (id) r.queued++;
      else r.skipped++;
    }
  } finally {
    if (own) await store.close();
    await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  }
  return r;
}

export interface WorkerOptions extends BossOptions {
  /** Extraction threads in this process (default: all cores; 0 = the main thread). */
  workers?: number;
  /** Jobs fetched (and stored in one transaction) at a time (default 32). */
  batchSize?: number;
  /** Exit when the queue is empty (no job waiting or running anywhere). */
  once?: boolean;
  /** Near-duplicate detection against everything stored, by any worker (default on). */
  nearDup?: boolean;
  /** Estimated Jaccard similarity at which a document is a near-duplicate (default 0.7). */
  threshold?: number;
  log?: (msg: string) => void;
  signal?: AbortSignal;
}

export interface WorkerStats {
  stored: number;
  duplicates: number;
  /** Of the duplicates: near-duplicates, kept as sources of the stored document. */
  near: number;
  failed: number;
}


/** Processes queued documents until stopped (or, with `once`, until the queue is empty). */
export async function runWorker(url: string, store: Store, o: WorkerOptions = {}): Promise<WorkerStats> {
  const boss = await startBoss(url, o);
  if (!store.withLock) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw new TruceError('USAGE', url, 'a worker needs a PostgreSQL store (its near-duplicate lock)');
  }
  const withLock = store.withLock.bind(store);
  const pool = await ExtractPool.create(o.workers ?? defaultWorkers());
  const stats: WorkerStats = { stored: 0, duplicates: 0, near: 0, failed: 0 };
  const log = o.log ?? (() => {});
  const nearDup = o.nearDup !== false;
  // what this worker knows of the stored signatures; caught up under the lock before each decision
  let index = new NearDupIndex(o.threshold);
  let seen = 0;
  let busy = 0;
  try {
    await boss.work<JobData>(QUEUE, { batchSize: o.batchSize ?? 32, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      busy++;
      try {
        const results = await pool.run(jobs.map((j) => j.data.doc), nearDup, true);
        try {
          // a lost lock connection releases the lock and fails the batch, which pg-boss retries
          await withLock(NEARDUP_LOCK, () => storeBatch(jobs.map((j, i) => ({ job: j.data, r: results[i] }))));
        } catch (e) {
          // the batch may not be stored (pg-boss retries it): forget what it added to the index
          index = new NearDupIndex(o.threshold);
          seen = 0;
          throw e;
        }
        if (THROTTLE_MS) await new Promise((r) => setTimeout(r, THROTTLE_MS));
      } finally {
        busy--;
      }
    });

    /** Under the lock: exact duplicates (a retried job) skipped, near-duplicates of anything stored (or of
     * an earlier document of this batch) kept as sources, the rest stored in one transaction. */
    async function storeBatch(batch: { job: JobData; r: JobResult }[]): Promise<void> {
      if (nearDup) {
        for (const e of await store.listNearDupSignatures({ after: seen })) {
          index.add(e.docId, decodeSig(e.sig));
          seen = Math.max(seen, e.seq ?? 0);
        }
      }
      const items: IngestItem[] = [];
      const slots: (number | null)[] = [];
      const sources: DocumentSource[] = [];
      let dups = 0;
      const source = (j: JobData, docId: string, kind: 'exact' | 'near', similarity: number | null): DocumentSource => ({
        docId, id: j.doc.id, input: j.input, url: j.doc.url ?? null, source: j.doc.source ?? null, title: j.doc.title ?? null, kind, similarity,
      });
      for (const { job, r } of batch) {
        if (!r.ok) { stats.failed++; log(`failed: ${job.input}: extraction failed: ${r.error}`); continue; }
        const stored = await store.findByHash(job.hash);
        if (stored) {
          // committed before (a retried job) or by another process: nothing to extract or store again
          dups++;
          if (stored !== job.doc.id) sources.push(source(job, stored, 'exact', null));
          continue;
        }
        const sig = r.sig ? (r.sig instanceof Uint32Array ? r.sig : new Uint32Array(r.sig)) : null;
        if (sig) {
          const near = index.find(sig);
          if (near) {
            dups++;
            stats.near++;
            sources.push(source(job, near.id, 'near', near.similarity));
            log(`near-duplicate: ${job.input} = ${near.id} (similarity ${near.similarity.toFixed(2)})`);
            continue;
          }
        }
        slots.push(sig ? index.add(job.doc.id, sig) : null);
        const enc = sig ? encodeSig(sig) : null;
        items.push(r.prepared ? preparedItem(job.doc, job.hash, r.prepared, enc) : { doc: job.doc, extraction: r.x!, contentHash: job.hash, sig: enc });
      }
      // one transaction; a retry after a crash finds the committed documents by their hash
      const res = await store.putDocuments(items);
      const dupIds = new Set(res.duplicates.map((d) => d.id));
      const renamed = new Map<string, string>();
      let k = 0;
      items.forEach((it, i) => {
        if (dupIds.has(it.doc.id)) return;
        const id = res.inserted[k++];
        if (id && id !== it.doc.id) {
          renamed.set(it.doc.id, id);
          if (slots[i] !== null) index.setId(slots[i]!, id);
        }
      });
      if (sources.length) await store.addDocumentSources(sources.map((x) => ({ ...x, docId: renamed.get(x.docId) ?? x.docId })));
      stats.stored += res.inserted.length;
      stats.duplicates += dups + res.duplicates.length;
      log(`stored ${res.inserted.length}, duplicate ${dups + res.duplicates.length} (batch of ${batch.length})`);
    }

    if (o.once) {
      // empty = nothing created, retrying or active anywhere (a dead worker's jobs come back on expiry)
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        if (o.signal?.aborted) break;
        if (busy === 0 && (await boss.getQueueSize(QUEUE, { before: 'completed' })) === 0) break;
      }
    } else {
      await new Promise<void>((resolve) => {
        if (o.signal?.aborted) resolve();
        o.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 30000 }).catch(() => {});
    await pool.close();
  }
  return stats;
}
