// Browser-test plumbing: a store with the example data (agreements + reports from examples/), a server on a
// free port, the dashboard built if needed, and Debian's chromium driven by playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { buildServer, DEFAULT_WEB_ROOT } from '../src/server/server.ts';
import { ingestText } from '../src/server/ingest.ts';
import { createUser } from '../src/server/auth.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = path.join(root, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds web/dist when it is missing (npm install normally does it). */
export function ensureDashboardBuilt(): void {
  if (existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) return;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build web failed');
}

/** Loads examples/agreements/*.yaml (through the track module's reader) and examples/reports (with index.json dates). */
export async function loadExamples(store: Store): Promise<{ agreements: number; reports: number }> {
  let agreements = 0;
  const adir = path.join(root, 'examples/agreements');
  if (existsSync(adir)) {
    const { loadAgreementFile, storeAgreement } = await import('../src/track/load.ts');
    for (const f of readdirSync(adir).filter((x) => x.endsWith('.yaml')).sort()) {
      const file = path.join(adir, f);
      await storeAgreement(store, await loadAgreementFile(file), file);
      agreements++;
    }
  }
  let reports = 0;
  const rdir = path.join(root, 'examples/reports');
  const index = JSON.parse(readFileSync(path.join(rdir, 'index.json'), 'utf8')) as { file: string; date: string; title?: string; source?: string }[];
  for (const r of index) {
    await ingestText(store, {
      id: path.basename(r.file, path.extname(r.file)), text: readFileSync(path.join(rdir, r.file), 'utf8'),
      dct: r.date, title: r.title ?? null, source: r.source ?? null,
    });
    reports++;
  }
  return { agreements, reports };
}

export interface Live {
  dir: string;
  store: Store;
  app: FastifyInstance;
  base: string;
  tokens: { viewer: string; analyst: string };
  close(): Promise<void>;
}

export async function startLive(seed: (store: Store) => Promise<unknown>): Promise<Live> {
  ensureDashboardBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-browser-'));
  const store = await openStore(path.join(dir, 'truce.db'));
  await seed(store);
  const tokens = { viewer: await createUser(store, 'vic', 'viewer'), analyst: await createUser(store, 'alma', 'analyst') };
  const app = await buildServer({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    dir, store, app, base: `http://127.0.0.1:${port}`, tokens,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'truce-chrome-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport, args: CHROME_ARGS });
  ctx.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    } catch { /* chromium may still be writing; the OS tmp cleaner gets it */ }
  });
  return ctx;
}

export function artifact(name: string): string {
  mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}
