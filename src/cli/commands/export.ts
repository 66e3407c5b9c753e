// `truce export [--db SRC] [--out FILE | --to DST]` and `truce import FILE|- [--db DST] [--merge]`:
// move a whole store between SQLite and PostgreSQL (directly, or through a JSON-lines file).
import { createReadStream, createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { TruceError } from '../../model/errors.ts';
import { action, dbUrl, out } from '../run.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('write a whole store as JSON lines (stdout or --out), or copy it into another store (--to)')
    .option('--db <url>', 'the store to export (default: TRUCE_DB or ./truce.db)')
    .option('--out <file>', 'write the dump to this file instead of stdout')
    .option('--to <url>', 'copy straight into this store (SQLite file or postgres:// URL)')
    .option('--merge', 'with --to: add to a store that already has documents')
    .action(action(async (o: { db?: string; out?: string; to?: string; merge?: boolean }) => {
      const { openStore } = await import('../../store/open.ts');
      const { dumpStore, loadStore } = await import('../../ingest/transfer.ts');
      const src = await openStore(dbUrl(o.db));
      try {
        if (o.to) {
          if (o.out) throw new TruceError('USAGE', 'export', 'give --out or --to, not both');
          const dst = await openStore(o.to);
          try {
            const c = await loadStore(dumpStore(src), dst, { merge: o.merge, input: dbUrl(o.db) });
            process.stderr.write(`exported ${c.documents} documents, ${c.agreements} agreements, ${c.corrections} corrections, ${c.verdicts} verdicts, ${c.audit} audit entries, ${c.users} users\n`);
          } finally {
            await dst.close();
          }
          return 0;
        }
        let n = 0;
        if (o.out) {
          const ws = createWriteStream(o.out);
          for await (const r of dumpStore(src)) {
            n++;
            if (!ws.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((res) => ws.once('drain', () => res()));
          }
          await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
        } else {
          for await (const r of dumpStore(src)) { n++; await out(`${JSON.stringify(r)}\n`); }
        }
        process.stderr.write(`exported ${n - 1} records\n`);
        return 0;
      } finally {
        await src.close();
      }
    }));

  program
    .command('import')
    .description('load a dump written by `truce export` into a store')
    .argument('<file>', "the dump (JSON lines), or '-' for stdin")
    .option('--db <url>', 'the target store (default: TRUCE_DB or ./truce.db)')
    .option('--merge', 'add to a store that already has documents')
    .action(action(async (file: string, o: { db?: string; merge?: boolean }) => {
      const { openStore } = await import('../../store/open.ts');
      const { loadStore } = await import('../../ingest/transfer.ts');
      const { createInterface } = await import('node:readline');
      const input = file === '-' ? 'stdin' : file;
      const stream = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((res, rej) => {
        if (file === '-') res();
        else { stream.once('open', () => res()); stream.once('error', (e: Error) => rej(new TruceError('NOT_FOUND', file, e.message))); }
      });
      await opened;
      const records = (async function* () {
        let line = 0;
        for await (const l of createInterface({ input: stream, crlfDelay: Infinity })) {
          line++;
          if (!l.trim()) continue;
          try { yield JSON.parse(l); } catch (e) { throw new TruceError('BAD_JSON', `${input}:${line}`, (e as Error).message); }
        }
      })();
      const dst = await openStore(dbUrl(o.db));
      try {
        const c = await loadStore(records, dst, { merge: o.merge, input });
        await out(`imported ${c.documents} documents, ${c.agreements} agreements, ${c.corrections} corrections, ${c.verdicts} verdicts, ${c.audit} audit entries, ${c.users} users, ${c.sources} document sources, ${c.signatures} near-duplicate signatures, ${c.state} state entries\n`);
        return 0;
      } finally {
        await dst.close();
      }
    }));
}
