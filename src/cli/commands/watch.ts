// `truce watch FEED... --every 15m`: poll RSS/Atom feeds, ingest new items; remembers what it saw.
import type { Command } from 'commander';
import { TruceError } from '../../model/errors.ts';
import { action, dbUrl, intOpt, out } from '../run.ts';

export function register(program: Command): void {
  program
    .command('watch')
    .description('poll RSS/Atom feeds and ingest new items (remembers what it saw; backs off on errors)')
    .argument('<feeds...>', 'feed URLs')
    .option('--every <duration>', 'polling interval (15m, 1h, 30s)', '15m')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: TRUCE_DB or ./truce.db)')
    .option('--source <name>', 'source name stored with every item (default: the feed title)')
    .option('--workers <n>', 'extraction worker threads (default: all cores)')
    .option('--max-size <size>', 'refuse feeds larger than this (default 20MB)')
    .option('--timeout <seconds>', 'timeout of each fetch (default 20)')
    .option('--once', 'poll each feed once and exit (exit 1 if a feed failed)')
    .action(action(async (feeds: string[], o: { every: string; db?: string; source?: string; workers?: string; maxSize?: string; timeout?: string; once?: boolean }) => {
      const { parseEvery, watchFeeds } = await import('../../ingest/watch.ts');
      const { DEFAULT_MAX_BYTES, parseSize } = await import('../../ingest/decode.ts');
      const everyMs = parseEvery(o.every);
      for (const f of feeds) if (!/^https?:\/\//i.test(f)) throw new TruceError('USAGE', f, 'a feed must be an http(s) URL');
      const workers = intOpt(o.workers, '--workers', 0);
      const { openStore } = await import('../../store/open.ts');
      const { ExtractPool, defaultWorkers } = await import('../../ingest/pool.ts');
      const store = await openStore(dbUrl(o.db));
      const pool = await ExtractPool.create(workers ?? defaultWorkers());
      const ctrl = new AbortController();
      process.once('SIGINT', () => ctrl.abort());
      process.once('SIGTERM', () => ctrl.abort());
      try {
        const results = await watchFeeds(store, feeds, {
          everyMs, maxBytes: o.maxSize ? parseSize(o.maxSize) : DEFAULT_MAX_BYTES, source: o.source ?? null,
          timeoutMs: o.timeout ? Number(o.timeout) * 1000 : undefined, pool, once: !!o.once, signal: ctrl.signal,
          log: (m) => process.stderr.write(`watch: ${m}\n`),
        });
        if (o.once) {
          const lines = results.map((r) => r.ok
            ? `${r.feed}: ${r.notModified ? 'not modified' : `${r.newItems} new, ingested ${r.summary?.ingested.length ?? 0}, duplicate ${r.summary?.duplicates.length ?? 0}, failed ${r.summary?.failed.length ?? 0}`}`
            : `${r.feed}: failed: ${r.error}`);
          await out(`${lines.join('\n')}\n`);
          return results.some((r) => !r.ok || (r.summary?.failed.length ?? 0) > 0) ? 1 : 0;
        }
        return 0;
      } finally {
        await pool.close();
        await store.close();
      }
    }));
}
