// One extraction worker: receives batches of Documents, answers with their Extractions (or errors).
// extract() is pure and synchronous, so a worker is just a loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { Document, Extraction } from '../model/types.ts';
import { annotate, extract, toExtraction } from '../extract/pipeline.ts';
import { segmentStage } from '../extract/segment/segment.ts';
import { minhash } from './minhash.ts';
import { prepareExtraction } from '../store/rows.ts';
import type { PreparedExtraction } from '../store/store.ts';

/** 'segment' runs only the first stage: for benchmarks of the ingest machinery itself. */
const mode = (workerData as { mode?: 'full' | 'segment' } | undefined)?.mode ?? 'full';
const run = mode === 'segment' ? (d: Document) => toExtraction(annotate(d, {}, [segmentStage])) : (d: Document) => extract(d);

export interface JobMsg { seq: number; docs: Document[]; sigs?: boolean; prepared?: boolean }
/** `sig`: the MinHash signature of the text (near-duplicate detection), when asked for. With `prepared`,
 * the extraction comes back serialised into the store's rows (`prepared`, no `x`): strings cross the
 * thread boundary far cheaper than an object graph, and the single writer has less to do. */
export type JobResult =
  | { ok: true; x?: Extraction; prepared?: PreparedExtraction; sig?: Uint32Array | null }
  | { ok: false; error: string };
export interface ResultMsg { seq: number; results: JobResult[] }

/** Extracts one document as a job asks (shared by the worker threads and the pool's inline mode). */
export function runJob(d: Document, m: Omit<JobMsg, 'seq' | 'docs'>, f: (d: Document) => Extraction = run): JobResult {
  try {
    const x = f(d);
    const sig = m.sigs ? minhash(d.text) : undefined;
    return m.prepared ? { ok: true, prepared: prepareExtraction(d, x), sig } : { ok: true, x, sig };
  } catch (e) {
    return { ok: false, error: (e as Error)?.message ?? String(e) };
  }
}

if (parentPort && (workerData as { truceExtractWorker?: boolean } | undefined)?.truceExtractWorker) {
  parentPort.on('message', (m: JobMsg) => {
    const results: JobResult[] = m.docs.map((d) => runJob(d, m));
    parentPort!.postMessage({ seq: m.seq, results } satisfies ResultMsg);
  });
  parentPort.postMessage({ ready: true });
}
