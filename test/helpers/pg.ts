// A throwaway PostgreSQL server for tests: initdb in a temp dir, listening on 127.0.0.1 on a free
// port, run as the `postgres` OS user when we are root (initdb refuses root), stopped and removed by
// stop(). pgBin() is null when no PostgreSQL binaries are installed (tests then skip with a message).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

export function pgBin(): string | null {
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(a) - Number(b));
    if (versions.length) return path.join(root, versions[versions.length - 1], 'bin');
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && existsSync(path.join(r.stdout.trim(), 'initdb'))) return r.stdout.trim();
  return null;
}

export const PG_SKIP = pgBin() ? false : 'no PostgreSQL binaries found (install Debian postgresql); PostgreSQL tests skipped';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  url: string;
  port: number;
  dir: string;
  /** Creates a fresh database on this server and returns its URL. */
  createDb(name: string): string;
  stop(): Promise<void>;
}

export async function startPg(): Promise<PgServer> {
  const bin = pgBin();
  if (!bin) throw new Error('no PostgreSQL binaries found');
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-pg-'));
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' })
      : execFileSync(full, args, { stdio: 'pipe' });
  };
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  run('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run('pg_ctl', ['-D', dir, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`, 'start']);
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url, port, dir,
    createDb(name: string) {
      execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-qAtc', `CREATE DATABASE "${name}"`], { stdio: 'pipe' });
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try { run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
