// One extraction worker: receives batches of Documents, answers with their Extractions (or errors).
// extract() is pure and synchronous, so a worker is just a loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { Document, Extraction } from '../model/types.ts';
import { annotate, extract, toExtraction } from '../extract/pipeline.ts';
import { segmentStage } from '../extract/segment/segment.ts';
import { minhash } from './minhash.ts';

/** 'segment' runs only the first stage: for benchmarks of the ingest machinery itself. */
const mode = (workerData as { mode?: 'full' | 'segment' } | undefined)?.mode ?? 'full';
const run = mode === 'segment' ? (d: Document) => toExtraction(annotate(d, {}, [segmentStage])) : (d: Document) => extract(d);

export interface JobMsg { seq: number; docs: Document[]; sigs?: boolean }
/** `sig`: the MinHash signature of the text (near-duplicate detection), when asked for. */
export type JobResult = { ok: true; x: Extraction; sig?: Uint32Array | null } | { ok: false; error: string };
export interface ResultMsg { seq: number; results: JobResult[] }

parentPort!.on('message', (m: JobMsg) => {
  const results: JobResult[] = m.docs.map((d) => {
    try {
      return { ok: true, x: run(d), sig: m.sigs ? minhash(d.text) : undefined };
    } catch (e) {
      return { ok: false, error: (e as Error)?.message ?? String(e) };
    }
  });
  parentPort!.postMessage({ seq: m.seq, results } satisfies ResultMsg);
});
parentPort!.postMessage({ ready: true });
