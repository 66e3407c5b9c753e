// A feed of 10,000 items over HTTP, with a malformed feed, a dead URL and a URL that never answers in
// the same run: `truce ingest` (a real process) stores every item, names each failure, exits 1, and
// its memory does not grow with the number of items.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { truceProc } from './helpers/crash.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'truce-feed10k-'));

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

const towns = ['Northtown', 'Southville', 'Eastburg', 'Westport', 'Riverside', 'Hillcrest', 'Lakeview', 'Stonebridge'];
const verbs = ['withdrew from', 'entered', 'shelled', 'handed over', 'evacuated', 'patrolled'];
const words = ('convoy market bridge checkpoint council water school clinic power road grain fuel truck border village ' +
  'mayor envoy monitor talks patrol shelter crossing harvest river station depot airfield ridge valley hospital prison ' +
  'minister observer delegation corridor supplies mine fence trench barracks outpost hill farm mill port rail').split(' ');

/** An RSS feed of n distinct short reports (random word runs: no two are near-duplicates). */
function feed(n: number): string {
  const r = rng(n);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const filler = Array.from({ length: 24 }, () => pick(words)).join(' ');
    const text = `Report ${i}: forces ${pick(verbs)} ${pick(towns)} on Tuesday, officials said. Residents described ${filler}.`;
    items.push(`<item><title>Report ${i}</title><link>https://wire.example/news/report-${i}</link><guid>wire-${i}</guid>` +
      `<pubDate>Tue, 24 Nov 2020 0${i % 10}:00:00 GMT</pubDate><description>${text}</description></item>`);
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big wire</title>${items.join('')}</channel></rss>`;
}

let server: Server;
let base: string;
let dead: string;
const feeds = new Map<number, string>();

before(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/feed.xml') {
      const n = Number(u.searchParams.get('n'));
      if (!feeds.has(n)) feeds.set(n, feed(n));
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(feeds.get(n));
    } else if (u.pathname === '/malformed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</item></channel></rss>');
    } else if (u.pathname === '/slow.xml') {
      // headers never come: the fetch times out
      setTimeout(() => { if (!res.writableEnded) res.end(); }, 10000).unref();
    } else {
      res.writeHead(404); res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // a port nothing listens on: connection refused
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
  dead = `http://127.0.0.1:${(tmp.address() as { port: number }).port}/feed.xml`;
  await new Promise<void>((r) => tmp.close(() => r()));
});
after(() => { server.closeAllConnections(); server.close(); });

async function run(n: number, extra: string[] = []) {
  const db = path.join(dir, `feed-${n}.db`);
  // every thread's heap capped at 128 MB (one extraction worker needs about 90 MB for its lexicons and
  // gazetteer): items held per item, beyond that, would kill the run
  const p = truceProc(['ingest', `${base}/feed.xml?n=${n}`, ...extra, '--db', db, '--workers', '1', '--timeout', '2', '--json'], dir,
    { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=128`.trim() });
  const code = await p.done;
  return { code, s: JSON.parse(p.out() || '{}'), err: p.err(), db };
}

test('a feed of 10,000 items ingests completely with bounded memory; a malformed feed, a dead URL and a timeout are named', async (t) => {
  const big = await run(10000, [`${base}/malformed.xml`, dead, `${base}/slow.xml`]);
  assert.equal(big.code, 1, big.err);
  const s = big.s;
  assert.equal(s.read, 10003);
  assert.equal(s.ingestedCount, 10000);
  assert.equal(s.duplicates.length, 0);
  const failed = new Map((s.failed as { input: string; code: string; message: string }[]).map((f) => [f.input, f]));
  assert.equal(failed.size, 3);
  assert.equal(failed.get(`${base}/malformed.xml`)?.code, 'BAD_FEED');
  assert.match(failed.get(`${base}/malformed.xml`)!.message, /malformed\.xml.*malformed XML/);
  assert.equal(failed.get(dead)?.code, 'FETCH_FAILED');
  assert.match(failed.get(dead)!.message, /cannot fetch.*ECONNREFUSED/);
  assert.equal(failed.get(`${base}/slow.xml`)?.code, 'FETCH_FAILED');
  assert.match(failed.get(`${base}/slow.xml`)!.message, /slow\.xml.*timed out after 2000 ms/);

  const store = openSqliteStore(big.db);
  assert.equal(await store.countDocuments(), 10000);
  const d = await store.getDocument(s.ingested[9999]);
  assert.equal(d?.url, 'https://wire.example/news/report-9999');
  assert.equal(d?.title, 'Report 9999');
  assert.equal(d?.dct, '2020-11-24');
  await store.close();

  // it ran under the heap cap; resident memory stays bounded too (two capped heaps, SQLite's 32 MB page
  // cache, the 4.4 MB feed): reported, with a generous ceiling
  const mb = (b: number) => Math.round(b / 1048576);
  t.diagnostic(`peak RSS ${mb(s.peakRss)} MB for 10,000 items`);
  assert.ok(s.peakRss < 640 * 1048576, `peak RSS ${mb(s.peakRss)} MB`);
});
