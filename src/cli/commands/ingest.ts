// `truce ingest PATH|URL... [--db] [--date] [--source] [--workers N] [--queue]`: read, dedupe, extract
// (worker threads), store in batched transactions; a summary at the end; exit 1 if anything failed.
import type { Command } from 'commander';
import { checkDate } from '../../model/errors.ts';
import { action, dbUrl, intOpt, out } from '../run.ts';

interface IngestOpts {
  db?: string;
  date?: string;
  source?: string;
  workers?: string;
  queue?: boolean;
  maxSize?: string;
  batchSize?: string;
  nearDup?: boolean;
  json?: boolean;
  timeout?: string;
  jobTimeout?: string;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('read reports (files, folders, .jsonl, HTML, RSS/Atom, URLs, - for stdin), extract and store them')
    .argument('<inputs...>', 'files, folders, URLs or - (stdin)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: TRUCE_DB or ./truce.db)')
    .option('--date <YYYY-MM-DD>', 'publication date (DCT) of documents that state none')
    .option('--source <name>', 'source name stored with every document')
    .option('--workers <n>', 'extraction worker threads (default: all cores; 0 = main thread)')
    .option('--queue', 'enqueue the documents for `truce worker` instead of extracting here (PostgreSQL)')
    .option('--max-size <size>', 'refuse documents larger than this (default 20MB)')
    .option('--batch-size <n>', 'documents per store transaction (default 200)')
    .option('--no-near-dup', 'keep near-duplicates (wire copies) as separate documents')
    .option('--timeout <seconds>', 'timeout for each URL fetch (default 20)')
    .option('--job-timeout <seconds>', 'with --queue: retry a job whose worker vanished after this long (default 300)')
    .option('--json', 'print the summary as JSON')
    .action(action(async (inputs: string[], o: IngestOpts) => {
      const { DEFAULT_MAX_BYTES, parseSize } = await import('../../ingest/decode.ts');
      const maxBytes = o.maxSize ? parseSize(o.maxSize) : DEFAULT_MAX_BYTES;
      if (o.date) checkDate(o.date, '--date');
      const workers = intOpt(o.workers, '--workers', 0);
      const batchSize = intOpt(o.batchSize, '--batch-size', 1);
      const timeout = intOpt(o.timeout, '--timeout', 1);
      const warn = (m: string) => process.stderr.write(`truce: warning: ${m}\n`);
      const url = dbUrl(o.db);
      const readOpts = { date: o.date ?? null, source: o.source ?? null, maxBytes, warn, fetchTimeoutMs: timeout ? timeout * 1000 : undefined };

      if (o.queue) {
        const { enqueue } = await import('../../ingest/queue.ts');
        const r = await enqueue(inputs, url, { ...readOpts, jobTimeout: intOpt(o.jobTimeout, '--job-timeout', 1) });
        const lines = [`queued ${r.queued} documents for truce worker (${r.skipped} already stored), ${r.failed.length} failed`];
        for (const f of r.failed) lines.push(`  failed: ${f.message}`);
        await out(o.json ? `${JSON.stringify(r, null, 2)}\n` : `${lines.join('\n')}\n`);
        return r.failed.length ? 1 : 0;
      }

      const { openStore } = await import('../../store/open.ts');
      const { ingest } = await import('../../ingest/ingest.ts');
      const { estimateTotal, progressReporter } = await import('../../ingest/progress.ts');
      const store = await openStore(url);
      try {
        const total = process.stderr.isTTY ? await estimateTotal(inputs) : null;
        const bar = await progressReporter(total);
        let s;
        try {
          s = await ingest(inputs, store, { ...readOpts, workers, batchSize, nearDup: o.nearDup, onProgress: (p) => bar.update(p) });
        } finally {
          bar.stop();
        }
        if (o.json) {
          await out(`${JSON.stringify({ ...s, ingestedCount: s.ingested.length }, null, 2)}\n`);
        } else {
          const secs = s.elapsedMs / 1000;
          const lines = [
            `ingested ${s.ingested.length}, duplicate ${s.duplicates.length}, failed ${s.failed.length} ` +
            `(${s.read} read in ${secs.toFixed(1)} s, ${(s.ingested.length / Math.max(secs, 1e-3)).toFixed(0)} docs/s, ` +
            `peak memory ${(s.peakRss / 1048576).toFixed(0)} MB) into ${store.kind === 'sqlite' ? url : 'PostgreSQL'}`,
          ];
          const SHOW = 50;
          for (const d of s.duplicates.slice(0, SHOW)) lines.push(`  duplicate: ${d.input} = ${d.existingId}${d.kind === 'near' ? ` (near, similarity ${d.similarity?.toFixed(2)})` : ''}`);
          if (s.duplicates.length > SHOW) lines.push(`  ... and ${s.duplicates.length - SHOW} more duplicates (--json lists them all)`);
          for (const f of s.failed.slice(0, SHOW * 4)) lines.push(`  failed: ${f.message}`);
          if (s.failed.length > SHOW * 4) lines.push(`  ... and ${s.failed.length - SHOW * 4} more failures (--json lists them all)`);
          await out(`${lines.join('\n')}\n`);
        }
        return s.failed.length ? 1 : 0;
      } finally {
        await store.close();
      }
    }));
}
