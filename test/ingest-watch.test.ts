// truce watch: new items only, conditional GETs, state across restarts, exponential backoff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { loadFeedState, parseEvery, pollFeed, watchFeeds } from '../src/ingest/watch.ts';

const item = (n: number, what: string) => `<item><title>Item ${n}</title><link>https://wire.example/a/${n}</link><guid>g-${n}</guid>
<pubDate>Tue, 24 Nov 2020 0${n}:00:00 GMT</pubDate><description>${what}</description></item>`;
const feedXml = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`;

let items = [item(1, 'Peacekeepers set up a checkpoint on the road north of the river crossing on Monday.'),
  item(2, 'Engineers began clearing mines from farmland around the eastern villages, the mission said.')];
let status = 200;
let hits = 0;
let server: Server;
let url = '';
before(async () => {
  server = createServer((req, res) => {
    hits++;
    if (status !== 200) { res.writeHead(status); res.end('down'); return; }
    const body = feedXml(items);
    const etag = `"${body.length}"`;
    if (req.headers['if-none-match'] === etag) { res.writeHead(304); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/feed.xml`;
});
after(() => server.close());

test('watch: ingests new items once, uses conditional GETs, remembers across restarts, backs off on errors', async () => {
  const db = path.join(mkdtempSync(path.join(tmpdir(), 'truce-watch-')), 'w.db');
  let clock = Date.parse('2020-11-24T12:00:00Z');
  const o = { everyMs: 15 * 60000, maxBytes: 1 << 20, workers: 0, now: () => clock };
  let store = openSqliteStore(db);
  await store.migrate();
  let r = await pollFeed(store, url, o);
  assert.equal(r.ok, true, r.error);
  assert.equal(r.newItems, 2);
  assert.equal(r.summary?.ingested.length, 2, JSON.stringify(r.summary?.failed));
  assert.equal(r.nextAt, '2020-11-24T12:15:00.000Z');
  const doc = (await store.listDocuments())[0];
  assert.equal(doc.source, 'Wire');
  assert.equal(doc.dct, '2020-11-24');

  r = await pollFeed(store, url, o);
  assert.equal(r.notModified, true);
  await store.close();

  // a restart: a new item appears; only it is ingested
  items = [...items, item(3, 'Buses carrying displaced families crossed back over the bridge into the town on Tuesday.')];
  store = openSqliteStore(db);
  await store.migrate();
  r = await pollFeed(store, url, o);
  assert.equal(r.newItems, 1, r.error);
  assert.equal(r.summary?.ingested.length, 1, JSON.stringify(r.summary?.failed));
  assert.equal(await store.countDocuments(), 3);
  assert.deepEqual((await loadFeedState(store, url)).seen, ['g-1', 'g-2', 'g-3']);

  // errors: the delay doubles with each failure, and resets after a success
  status = 503;
  r = await pollFeed(store, url, o);
  assert.equal(r.ok, false);
  assert.match(r.error!, /HTTP 503/);
  assert.equal(r.nextAt, '2020-11-24T12:30:00.000Z');
  r = await pollFeed(store, url, o);
  assert.equal(r.nextAt, '2020-11-24T13:00:00.000Z');
  assert.equal((await loadFeedState(store, url)).failures, 2);
  // watchFeeds respects nextAt: not due yet, so no request is made... unless --once
  status = 200;
  const before = hits;
  const ctrl = new AbortController();
  const w = watchFeeds(store, [url], { ...o, signal: ctrl.signal });
  await new Promise((res) => setTimeout(res, 200));
  ctrl.abort();
  assert.deepEqual(await w, []);
  assert.equal(hits, before);
  clock += 3600000;
  const once = await watchFeeds(store, [url], { ...o, once: true });
  assert.equal(once[0].ok, true, once[0].error);
  assert.equal((await loadFeedState(store, url)).failures, 0);
  assert.equal(await store.countDocuments(), 3);
  await store.close();
});

test('watch: --every parses durations', () => {
  assert.equal(parseEvery('15m'), 900000);
  assert.equal(parseEvery('1h'), 3600000);
  assert.equal(parseEvery('30s'), 30000);
  assert.throws(() => parseEvery('soon'), /not a duration/);
});
