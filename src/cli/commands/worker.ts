// `truce worker --db postgres://...`: processes documents queued by `truce ingest --queue` (pg-boss).
// Run as many as you like, on as many machines: each document is extracted and stored exactly once.
import type { Command } from 'commander';
import { TruceError } from '../../model/errors.ts';
import { action, dbUrl, intOpt, out } from '../run.ts';

interface WorkerOpts {
  db?: string;
  workers?: string;
  batchSize?: string;
  once?: boolean;
  jobTimeout?: string;
  maintenance?: string;
  nearDup?: boolean;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('extract and store documents queued by `truce ingest --queue` (PostgreSQL job queue)')
    .option('--db <url>', 'postgres:// URL (default: TRUCE_DB)')
    .option('--workers <n>', 'extraction threads in this process (default: all cores)')
    .option('--batch-size <n>', 'jobs fetched and stored per transaction (default 32)')
    .option('--once', 'exit when the queue is empty')
    .option('--job-timeout <seconds>', 'retry a job whose worker vanished after this long (default 300)')
    .option('--maintenance <seconds>', 'seconds between queue maintenance runs (default 30)')
    .option('--no-near-dup', 'store near-duplicates (wire copies) as separate documents')
    .action(action(async (o: WorkerOpts) => {
      const url = dbUrl(o.db);
      if (!/^postgres(ql)?:\/\//.test(url)) throw new TruceError('USAGE', '--db', `truce worker needs a postgres:// database (got ${url})`);
      const opts = {
        workers: intOpt(o.workers, '--workers', 0), batchSize: intOpt(o.batchSize, '--batch-size', 1),
        jobTimeout: intOpt(o.jobTimeout, '--job-timeout', 1), maintenance: intOpt(o.maintenance, '--maintenance', 1), once: !!o.once,
        nearDup: o.nearDup !== false,
      };
      const { openStore } = await import('../../store/open.ts');
      const { runWorker } = await import('../../ingest/queue.ts');
      const store = await openStore(url);
      const ctrl = new AbortController();
      const stop = () => ctrl.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const s = await runWorker(url, store, { ...opts, signal: ctrl.signal, log: (m) => process.stderr.write(`worker: ${m}\n`) });
        await out(`worker: stored ${s.stored}, duplicate ${s.duplicates} (${s.near} near), failed ${s.failed}\n`);
        return s.failed ? 1 : 0;
      } finally {
        await store.close();
      }
    }));
}
