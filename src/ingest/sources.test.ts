import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { readSources, type ReadItem, type ReadOptions } from './sources.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'truce-src-'));
const opts: ReadOptions = { maxBytes: 1 << 20 };
async function all(inputs: string[], o: Partial<ReadOptions> = {}): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const it of readSources(inputs, { ...opts, ...o })) out.push(it);
  return out;
}
const docs = (items: ReadItem[]) => items.flatMap((i) => (i.kind === 'doc' ? [i.doc] : []));
const errors = (items: ReadItem[]) => items.flatMap((i) => (i.kind === 'error' ? [[i.code, i.message]] : []));

const HTML = `<!doctype html><html><head><title>Site | Ceasefire holds</title>
<meta property="og:title" content="Ceasefire holds in the valley">
<meta property="article:published_time" content="2020-11-26T08:00:00Z">
<link rel="canonical" href="https://news.example/world/ceasefire-holds.html"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ceasefire holds in the valley</h1>
<p>The ceasefire held for a third day on Thursday as monitors toured the front line near the river crossing, the observer mission said in a statement.</p>
<p>Two brigades pulled back their artillery from the hills above the town, according to the mission, and the road to the capital reopened to civilian traffic.</p>
<p>Officials from both sides met at the border post to discuss the exchange of prisoners planned for next week.</p>
</article><footer>Copyright news.example</footer></body></html>`;

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Troops leave district</title><link>https://wire.example/a/troops-leave</link><guid>wire-1</guid>
<pubDate>Wed, 25 Nov 2020 10:00:00 GMT</pubDate><description>&lt;p&gt;Troops left the district on Wednesday.&lt;/p&gt;&lt;p&gt;Residents watched.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/a/empty</link><guid>wire-2</guid><description></description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>Border reopens</title><id>urn:x:1</id><link rel="alternate" href="https://atom.example/border-reopens"/>
<published>2020-12-02T07:00:00Z</published><content type="html">&lt;p&gt;The border crossing reopened on Wednesday.&lt;/p&gt;</content></entry></feed>`;

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    const u = req.url ?? '/';
    if (u === '/page') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(HTML); }
    else if (u === '/cyrillic') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1251' });
      res.end(Buffer.from([0xc2, 0xee, 0xe9, 0xf1, 0xea, 0xe0, 0x20, 0xe2, 0xee, 0xf8, 0xeb, 0xe8])); // "Войска вошли"
    }
    else if (u === '/nocharset') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(Buffer.concat([Buffer.from('<html><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' reopened near the square after the truce took effect on Monday morning, officials said.</p></body></html>')])); }
    else if (u === '/feed') { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(RSS); }
    else if (u === '/moved') { res.writeHead(301, { location: '/page' }); res.end(); }
    else if (u === '/loop') { res.writeHead(302, { location: '/loop' }); res.end(); }
    else if (u === '/big') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('x '.repeat(600_000)); }
    else if (u === '/slow') { res.writeHead(200, { 'content-type': 'text/plain' }); res.write('start '); /* never ends */ }
    else if (u === '/binary') { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(Buffer.from([0, 1, 2, 3, 0, 5])); }
    else { res.writeHead(404); res.end('not here'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => { server.closeAllConnections(); server.close(); });

test('text files: id from the base name, DCT from the dateline, --date wins', async () => {
  const f = path.join(dir, 'kalbajar-report.txt');
  writeFileSync(f, 'BAKU, Nov. 25, 2020 - Kalbajar was handed over.\n');
  let [d] = docs(await all([f]));
  assert.equal(d.id, 'kalbajar-report');
  assert.equal(d.dct, '2020-11-25');
  assert.equal(d.text, 'BAKU, Nov. 25, 2020 - Kalbajar was handed over.\n');
  [d] = docs(await all([f], { date: '2020-11-26', source: 'desk' }));
  assert.equal(d.dct, '2020-11-26');
  assert.equal(d.source, 'desk');
});

test('JSON lines: one document per line; bad lines are errors naming file and line; the rest goes on', async () => {
  const f = path.join(dir, 'batch.jsonl');
  writeFileSync(f, [
    JSON.stringify({ id: 'a', text: 'First report.', date: '2020-11-20', url: 'https://x.example/a', title: 'A' }),
    '',
    '{not json',
    JSON.stringify({ id: 'c', text: 'Third report.', published: '2025-03-14 20:30:26Z' }),
    JSON.stringify({ id: 'd', text: 'Bad date.', date: '2020-02-30' }),
    JSON.stringify({ id: 'e' }),
    JSON.stringify({ text: 'No id, no date.' }),
  ].join('\n'));
  const items = await all([f], { date: '2020-12-01' });
  assert.deepEqual(docs(items).map((d) => [d.id, d.dct, d.url ?? null, d.title ?? null]), [
    ['a', '2020-11-20', 'https://x.example/a', 'A'], ['c', '2025-03-14', null, null], ['batch-7', '2020-12-01', null, null],
  ]);
  const errs = errors(items);
  assert.equal(errs.length, 3);
  assert.deepEqual(errs.map((e) => e[0]), ['BAD_JSON', 'BAD_DATE', 'BAD_JSON']);
  assert.match(errs[0][1], /batch\.jsonl:3: /);
  assert.match(errs[1][1], /batch\.jsonl:5: .*2020-02-30/);
  const withId = items.filter((i) => i.kind === 'error').map((i) => (i as { id?: string }).id);
  assert.deepEqual(withId, [undefined, 'd', 'e']);
});

test('JSON lines: invalid UTF-8 and over-size lines are errors of that line only', async () => {
  const f = path.join(dir, 'enc.jsonl');
  writeFileSync(f, Buffer.concat([Buffer.from('{"id":"x","text":"caf'), Buffer.from([0xff]), Buffer.from('"}\n'),
    Buffer.from(JSON.stringify({ id: 'big', text: 'y'.repeat(3000) }) + '\n'), Buffer.from('{"id":"ok","text":"fine"}\n')]));
  const items = await all([f], { maxBytes: 2000 });
  assert.deepEqual(docs(items).map((d) => d.id), ['ok']);
  assert.deepEqual(errors(items).map((e) => e[0]), ['BAD_ENCODING', 'TOO_LARGE']);
});

test('HTML files are reduced to the article with title, date and canonical URL', async () => {
  const f = path.join(dir, 'page.html');
  writeFileSync(f, HTML);
  const [d] = docs(await all([f]));
  assert.equal(d.title, 'Ceasefire holds in the valley');
  assert.equal(d.dct, '2020-11-26');
  assert.equal(d.url, 'https://news.example/world/ceasefire-holds.html');
  assert.ok(d.text.startsWith('The ceasefire held for a third day'), d.text.slice(0, 60));
  assert.match(d.text, /civilian traffic\.\n\nOfficials from both sides/);
  assert.doesNotMatch(d.text, /Home|Copyright/);
});

test('RSS and Atom feeds: one document per item with link, date and title; empty items are errors', async () => {
  const r = path.join(dir, 'wire.rss');
  const a = path.join(dir, 'wire.atom');
  writeFileSync(r, RSS);
  writeFileSync(a, ATOM);
  const items = await all([r, a]);
  const ds = docs(items);
  assert.deepEqual(ds.map((d) => [d.url, d.dct, d.title, d.source]), [
    ['https://wire.example/a/troops-leave', '2020-11-25', 'Troops leave district', 'Wire'],
    ['https://atom.example/border-reopens', '2020-12-02', 'Border reopens', 'Atom wire'],
  ]);
  assert.equal(ds[0].text, 'Troops left the district on Wednesday.\n\nResidents watched.');
  assert.match(ds[0].id, /^troops-leave-[0-9a-f]{8}$/);
  assert.deepEqual(errors(items).map((e) => e[0]), ['EMPTY_INPUT']);
});

test('malformed feeds, binary, empty, invalid UTF-8, missing and too large files: one error each', async () => {
  const bad = path.join(dir, 'broken.xml'); writeFileSync(bad, '<rss><channel><item><title>x</item></channel>');
  const bin = path.join(dir, 'blob.txt'); writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const empty = path.join(dir, 'empty.txt'); writeFileSync(empty, '');
  const latin = path.join(dir, 'latin.txt'); writeFileSync(latin, Buffer.from([0x43, 0x61, 0x66, 0xe9]));
  const big = path.join(dir, 'big.txt'); writeFileSync(big, 'word '.repeat(500));
  const items = await all([bad, bin, empty, latin, path.join(dir, 'nope.txt'), big], { maxBytes: 1000 });
  assert.deepEqual(errors(items).map((e) => e[0]), ['BAD_FEED', 'BINARY_INPUT', 'EMPTY_INPUT', 'BAD_ENCODING', 'NOT_FOUND', 'TOO_LARGE']);
  for (const [i, e] of errors(items).entries()) assert.ok(e[1].includes([bad, bin, empty, latin, 'nope.txt', big][i]), e[1]);
});

test('folders are read recursively and in order; unknown extensions and hidden files are skipped', async () => {
  const root = path.join(dir, 'tree');
  mkdirSync(path.join(root, 'b', 'c'), { recursive: true });
  writeFileSync(path.join(root, 'a.txt'), 'Report A.');
  writeFileSync(path.join(root, 'b', 'c', 'd.txt'), 'Report D.');
  writeFileSync(path.join(root, 'b', 'e.md'), 'Report E.');
  writeFileSync(path.join(root, 'b', 'image.png'), Buffer.from([0x89, 0x50]));
  writeFileSync(path.join(root, '.hidden.txt'), 'Hidden.');
  assert.deepEqual(docs(await all([root])).map((d) => d.id), ['a', 'd', 'e']);
});

test('stdin: text, or JSON lines when it starts with {', async () => {
  let [d] = docs(await all(['-'], { stdin: Readable.from([Buffer.from('Plain report from stdin.')]) }));
  assert.deepEqual([d.id, d.text], ['stdin', 'Plain report from stdin.']);
  const ds = docs(await all(['-'], { stdin: Readable.from([Buffer.from('{"id":"s1","text":"One."}\n{"id":"s2","text":"Two."}\n')]) }));
  assert.deepEqual(ds.map((x) => x.id), ['s1', 's2']);
});

test('URLs: pages, redirects, feeds, declared and missing charsets', async () => {
  const warnings: string[] = [];
  const items = await all([`${base}/page`, `${base}/moved`, `${base}/feed`, `${base}/cyrillic`, `${base}/nocharset`], { warn: (m) => warnings.push(m) });
  const ds = docs(items);
  assert.equal(ds[0].title, 'Ceasefire holds in the valley');
  assert.equal(ds[0].url, 'https://news.example/world/ceasefire-holds.html');
  assert.equal(ds[1].text, ds[0].text); // the redirect lands on the same page
  assert.equal(ds[2].url, 'https://wire.example/a/troops-leave');
  assert.equal(ds[3].text, 'Войска вошли');
  assert.match(ds[4].text, /^Café reopened/);
  assert.ok(warnings.some((w) => /nocharset.*windows-1252/.test(w)), warnings.join('; '));
});

test('URLs: 404, redirect loops, size limit, timeouts and binary bodies are errors naming the URL', async () => {
  const urls = [`${base}/missing`, `${base}/loop`, `${base}/big`, `${base}/slow`, `${base}/binary`, 'http://127.0.0.1:9/refused'];
  const items = await all(urls, { maxBytes: 100_000, fetchTimeoutMs: 500 });
  const errs = errors(items);
  assert.deepEqual(errs.map((e) => e[0]), ['FETCH_FAILED', 'FETCH_FAILED', 'TOO_LARGE', 'FETCH_FAILED', 'BINARY_INPUT', 'FETCH_FAILED']);
  assert.match(errs[0][1], /HTTP 404/);
  assert.match(errs[1][1], /redirects/);
  assert.match(errs[3][1], /timed out/);
  for (const [i, e] of errs.entries()) assert.ok(e[1].startsWith(urls[i]), e[1]);
});
