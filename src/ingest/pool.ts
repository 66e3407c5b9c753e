// A pool of worker threads running extract(). Documents go out in small batches (fewer messages),
// each worker has at most `depth` batches queued, and a worker that dies is replaced: its batches
// fail with the reason, the pool goes on. `size: 0` extracts on the calling thread (no workers).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Document, Extraction } from '../model/types.ts';
import type { JobResult, ResultMsg } from './extract-worker.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-entry.mjs');

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

interface Pending { docs: Document[]; resolve: (r: JobResult[]) => void }
interface Slot { worker: Worker; ready: Promise<void>; inflight: Map<number, Pending> }

export class ExtractPool {
  private slots: Slot[] = [];
  private seq = 0;
  private rr = 0;
  private closed = false;
  private inline: ((d: Document) => Extraction) | null = null;
  private runJob: typeof import('./extract-worker.ts').runJob | null = null;

  private constructor(readonly size: number, readonly mode: 'full' | 'segment') {}

  /** `mode: 'segment'` runs only the segmenter (benchmarks of the ingest machinery). */
  static async create(size: number, mode: 'full' | 'segment' = 'full'): Promise<ExtractPool> {
    const p = new ExtractPool(size, mode);
    if (size <= 0) {
      const { annotate, extract, toExtraction } = await import('../extract/pipeline.ts');
      const { segmentStage } = await import('../extract/segment/segment.ts');
      p.inline = mode === 'segment' ? (d) => toExtraction(annotate(d, {}, [segmentStage])) : extract;
      p.runJob = (await import('./extract-worker.ts')).runJob;
    } else {
      for (let i = 0; i < size; i++) p.slots.push(p.spawn());
      await Promise.all(p.slots.map((s) => s.ready));
      // warm each worker up (lazy lexicons and the gazetteer load on first use), all at once
      const warm = { id: 'warm-up', text: 'Troops entered the town of Lachin on 1 December 2020.', dct: '2020-12-01' };
      await Promise.all(p.slots.map((s, i) => new Promise<void>((resolve) => {
        const seq = -(i + 1);
        s.inflight.set(seq, { docs: [warm], resolve: () => resolve() });
        s.worker.postMessage({ seq, docs: [warm] });
      })));
    }
    return p;
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, { workerData: { mode: this.mode, truceExtractWorker: true } });
    const inflight = new Map<number, Pending>();
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => { markReady = res; markFailed = rej; });
    const slot: Slot = { worker, ready, inflight };
    worker.on('message', (m: ResultMsg | { ready: true }) => {
      if ('ready' in m) { markReady(); return; }
      const p = inflight.get(m.seq);
      if (!p) return;
      inflight.delete(m.seq);
      p.resolve(m.results);
    });
    const die = (why: string) => {
      markFailed(new Error(why));
      for (const [, p] of inflight) p.resolve(p.docs.map(() => ({ ok: false, error: `extraction worker died: ${why}` })));
      inflight.clear();
      if (!this.closed) {
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
      }
    };
    worker.on('error', (e) => die(e.message));
    worker.on('exit', (code) => { if (!this.closed || inflight.size) die(`exit code ${code}`); });
    return slot;
  }

  /** Extracts a batch of documents; results in the same order. Never rejects: failures are results.
   * With `sigs`, each result also carries the text's MinHash signature (computed off the main thread);
   * with `prepared`, the extraction comes serialised into store rows instead of as an object. */
  async run(docs: Document[], sigs = false, prepared = false): Promise<JobResult[]> {
    if (this.inline) {
      const f = this.inline;
      return docs.map((d) => this.runJob!(d, { sigs, prepared }, f));
    }
    // the least-loaded worker (round robin among equals)
    let best = this.slots[this.rr++ % this.slots.length];
    for (const s of this.slots) if (s.inflight.size < best.inflight.size) best = s;
    try { await best.ready; } catch { /* it died while starting: its replacement is in the slot list */ return this.run(docs, sigs, prepared); }
    const seq = ++this.seq;
    return new Promise<JobResult[]>((resolve) => {
      best.inflight.set(seq, { docs, resolve });
      best.worker.postMessage({ seq, docs, sigs, prepared });
    });
  }

  /** Batches queued or running over all workers. */
  get load(): number {
    return this.slots.reduce((n, s) => n + s.inflight.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
