// Progress for long runs, on stderr: a bar (documents/s, ETA) on a TTY, a plain line every few
// seconds otherwise (logs, CI).
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { IngestProgress } from './ingest.ts';
import { walk } from './sources.ts';
import { isUrl } from './fetch.ts';

/** Counts documents in local inputs (files, JSONL lines, folders); null when unknown (URLs, stdin). */
export async function estimateTotal(inputs: string[]): Promise<number | null> {
  let n = 0;
  const countFile = async (f: string) => {
    const ext = path.extname(f).toLowerCase();
    if (ext === '.jsonl' || ext === '.ndjson') {
      let lines = 0;
      let last = 10;
      for await (const c of createReadStream(f)) {
        const b = c as Buffer;
        for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
        last = b[b.length - 1];
      }
      n += lines + (last !== 10 ? 1 : 0);
    } else n++;
  };
  for (const i of inputs) {
    if (i === '-' || isUrl(i)) return null;
    try {
      const st = await fsp.stat(i);
      if (st.isDirectory()) { for await (const f of walk(i)) await countFile(f); } else await countFile(i);
    } catch { n++; }
  }
  return n;
}

export interface ProgressReporter {
  update(p: IngestProgress): void;
  stop(): void;
}

export async function progressReporter(total: number | null, label = 'ingest'): Promise<ProgressReporter> {
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: total
        ? `${label} [{bar}] {percentage}% {value}/{total} docs | {rate} docs/s | ETA {eta_formatted} | {ingested} new, {dups} duplicate, {failed} failed`
        : `${label} {value} docs | {rate} docs/s | {ingested} new, {dups} duplicate, {failed} failed`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    bar.start(total ?? 0, 0, { rate: '0', ingested: 0, dups: 0, failed: 0 });
    return {
      update(p) {
        const rate = p.elapsedMs > 0 ? (p.read / (p.elapsedMs / 1000)).toFixed(0) : '0';
        bar.update(p.read, { rate, ingested: p.ingested, dups: p.duplicates, failed: p.failed });
      },
      stop() { bar.stop(); },
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      const rate = p.elapsedMs > 0 ? (p.read / (p.elapsedMs / 1000)).toFixed(0) : '0';
      process.stderr.write(`${label}: ${p.read}${total ? `/${total}` : ''} read, ${p.ingested} new, ${p.duplicates} duplicate, ${p.failed} failed, ${rate} docs/s\n`);
    },
    stop() {},
  };
}
