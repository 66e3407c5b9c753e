// Distributed ingest through PostgreSQL with pg-boss 10: `truce ingest --queue` reads and dedupes
// documents and enqueues one job per document (job id derived from the content hash, so the same
// document is never queued twice); `truce worker` (any number of processes, on any machines) fetches
// batches, extracts them and stores each batch in one transaction. A worker killed mid-batch leaves
// its jobs active until they expire; they are then retried, and the store's content-hash check makes
// the retry a no-op for whatever was already committed: each document is stored exactly once.
import PgBoss from 'pg-boss';
import type { Document } from '../model/types.ts';
import { TruceError } from '../model/errors.ts';
import type { Store } from '../store/store.ts';
import { contentHash } from './hash.ts';
import { THROTTLE_MS, type Failure } from './ingest.ts';
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
  log?: (msg: string) => void;
  signal?: AbortSignal;
}

export interface WorkerStats {
  stored: number;
  duplicates: number;
  failed: number;
}

/** Processes queued documents until stopped (or, with `once`, until the queue is empty). */
export async function runWorker(url: string, store: Store, o: WorkerOptions = {}): Promise<WorkerStats> {
  const boss = await startBoss(url, o);
  const pool = await ExtractPool.create(o.workers ?? defaultWorkers());
  const stats: WorkerStats = { stored: 0, duplicates: 0, failed: 0 };
  const log = o.log ?? (() => {});
  let busy = 0;
  try {
    await boss.work<JobData>(QUEUE, { batchSize: o.batchSize ?? 32, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      busy++;
      try {
        const results = await pool.run(jobs.map((j) => j.data.doc));
        const items = [];
        for (let i = 0; i < jobs.length; i++) {
          const r = results[i];
          if (r.ok) items.push({ doc: jobs[i].data.doc, extraction: r.x, contentHash: jobs[i].data.hash });
          else { stats.failed++; log(`failed: ${jobs[i].data.input}: extraction failed: ${r.error}`); }
        }
        // one transaction; a retry after a crash finds the committed documents by their hash
        const res = await store.putDocuments(items);
        stats.stored += res.inserted.length;
        stats.duplicates += res.duplicates.length;
        log(`stored ${res.inserted.length}, duplicate ${res.duplicates.length} (batch of ${jobs.length})`);
        if (THROTTLE_MS) await new Promise((r) => setTimeout(r, THROTTLE_MS));
      } finally {
        busy--;
      }
    });
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
