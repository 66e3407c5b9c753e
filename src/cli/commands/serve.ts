// `truce serve`: the REST API (+ OpenAPI document) and the dashboard, from one process.
import type { Command } from 'commander';
import { TruceError } from '../../model/errors.ts';
import { action, dbUrl } from '../run.ts';

interface Opts { db?: string; port: string; host: string; log?: boolean; readToken?: boolean }

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API (/api, /openapi.json) and the dashboard (/)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--port <n>', 'TCP port (0 picks a free one)', process.env.PORT ?? '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--log', 'log every request to stderr')
    .option('--read-token', 'require a token for reading too (shared installs)')
    .action(action(async (o: Opts) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TruceError('USAGE', '--port', `"${o.port}" is not a port number`);
      const { openStore } = await import('../../store/open.ts');
      const { buildServer } = await import('../../server/server.ts');
      const store = await openStore(dbUrl(o.db));
      const app = await buildServer({ store, logger: !!o.log, requireTokenToRead: !!o.readToken });
      try {
        await app.listen({ port, host: o.host });
      } catch (e) {
        await store.close();
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new TruceError('USAGE', `--port ${port}`, 'the port is already in use (pick another with --port)');
        throw e;
      }
      const addr = app.server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      // loopback and wildcard binds are reachable as localhost: print the address a user types
      const local = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(o.host);
      const shown = local ? 'localhost' : o.host.includes(':') ? `[${o.host}]` : o.host;
      process.stdout.write(`Truce Monitor: serving http://${shown}:${p}/ (API at /api, reference at /api/docs)\n`);
      // compute today's compliance report now, while nobody waits: the dashboard's first visit finds it cached
      // (it stays cached until something is committed to the store)
      setImmediate(() => { app.inject({ method: 'GET', url: '/api/status' }).catch(() => {}); });
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().then(() => store.close()).then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    }));
}
