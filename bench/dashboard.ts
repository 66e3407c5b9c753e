// Dashboard speed with 10,000 events (issue 8: under 1 s each): time to first render (navigation until the
// map, board, timeline and table have drawn) and to a filter change (a server-side filter: event type; and a
// browser-side one: a date range, as brushing the timeline does), in Debian's chromium via playwright-core.
//   npx tsx bench/dashboard.ts [--events 10000] [--runs 3]
// Events are synthetic (seeded): 1,000 reports of 10 events each, spread over the Caucasus and Ukraine in
// 2020-2021, stored with store.putDocuments (the extractor is not part of this measurement).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import type { ConflictEvent, Extraction } from '../src/model/types.ts';
import { contentHash } from '../src/ingest/hash.ts';
import { buildServer } from '../src/server/server.ts';
import { CHROMIUM, ensureDashboardBuilt, launch, loadExamples } from '../test/server-browser-helpers.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}
const nEvents = Number(arg('events', '10000'));
const runs = Number(arg('runs', '3'));
const PER_DOC = 10;

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

const TYPES: [string, string, string][] = [
  ['Battles', 'Armed clash', 'clash'],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack', 'shell'],
  ['Strategic developments', 'Non-violent transfer of territory', 'hand_over'],
  ['Violence against civilians', 'Attack', 'attack'],
  ['Protests', 'Peaceful protest', 'protest'],
];
const PLACES: [string, number, number][] = [
  ['Lachin', 39.64, 46.55], ['Kalbajar', 40.1, 46.04], ['Agdam', 39.99, 46.93], ['Stepanakert', 39.82, 46.75],
  ['Hadrut', 39.52, 47.03], ['Shusha', 39.76, 46.75], ['Debaltseve', 48.34, 38.41], ['Donetsk', 48.0, 37.8],
  ['Mariupol', 47.1, 37.55], ['Luhansk', 48.57, 39.31],
];

function makeDoc(i: number, r: () => number) {
  const sentences: string[] = [];
  const events: ConflictEvent[] = [];
  let text = '';
  const sents: { start: number; end: number }[] = [];
  for (let k = 0; k < PER_DOC; k++) {
    const [et, st, action] = TYPES[Math.floor(r() * TYPES.length)];
    const [pn, lat, lon] = PLACES[Math.floor(r() * PLACES.length)];
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(r() * 730) * 86400000).toISOString().slice(0, 10);
    const s = `Report ${i}.${k}: ${action} near ${pn} on ${day}, monitors said.`;
    const start = text.length;
    text += (k ? ' ' : '') + s;
    const st0 = text.length - s.length;
    sents.push({ start: st0, end: text.length });
    void start;
    const ps = text.indexOf(pn, st0);
    events.push({
      id: `e${k + 1}`, action, eventType: et, subEventType: st, actor1: { name: 'Unidentified Armed Group', kind: 'unknown', countryCode: null },
      actor2: null, place: { start: ps, end: ps + pn.length, text: pn, name: pn, gazetteerId: null, featureType: 'populated place', countryCode: null, lat: lat + (r() - 0.5) * 0.2, lon: lon + (r() - 0.5) * 0.2, confidence: 1 },
      date: day, modality: 'asserted', quantities: [], fatalities: null, attribution: null,
      evidence: { start: st0, end: text.length }, mentions: [{ start: st0, end: text.length }],
    });
    sentences.push(s);
  }
  const x: Extraction = { id: `bench-${i}`, dct: { value: '2021-12-31', inferred: false, confidence: 1, method: 'given' }, sentences: sents, timexes: [], places: [], actors: [], quantities: [], events, provisions: [] };
  return { doc: { id: `bench-${i}`, text, dct: '2021-12-31', title: `Synthetic report ${i}`, source: 'bench', url: null }, extraction: x, contentHash: contentHash(text) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(`bench dashboard: no browser at ${CHROMIUM}; skipped`);
    return;
  }
  ensureDashboardBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-bench-dash-'));
  const store = openSqliteStore(path.join(dir, 'bench.db'));
  await store.migrate();
  const r = rng(42);
  const docs = Array.from({ length: Math.ceil(nEvents / PER_DOC) }, (_, i) => makeDoc(i, r));
  const t0 = performance.now();
  await store.putDocuments(docs);
  console.log(`stored ${await store.countEvents()} events in ${Math.round(performance.now() - t0)} ms`);
  await loadExamples(store).catch((e) => console.error(`examples not loaded: ${(e as Error).message}`));
  const app = await buildServer({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const a0 = performance.now();
  const res = await fetch(`${base}/api/events?format=geojson&limit=50000`);
  const body = await res.text();
  console.log(`API /api/events?format=geojson (all ${nEvents}+ events): ${Math.round(performance.now() - a0)} ms, ${(body.length / 1e6).toFixed(1)} MB`);

  const s0 = performance.now();
  const st = await fetch(`${base}/api/status?asOf=2021-12-31`);
  await st.text();
  console.log(`API /api/status (track's compliance report over all events): ${Math.round(performance.now() - s0)} ms`);

  const ctx = await launch();
  const first: number[] = [], inPage: number[] = [], board: number[] = [], typeChange: number[] = [], dateChange: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await ctx.newPage();
      const s = performance.now();
      await page.goto(`${base}/?asOf=2021-12-31`);
      await page.waitForFunction(() => document.body.dataset.ready === '1', undefined, { timeout: 120_000, polling: 16 });
      first.push(performance.now() - s);
      await page.waitForFunction(() => document.body.dataset.board === '1', undefined, { timeout: 120_000, polling: 16 });
      board.push(performance.now() - s);
      inPage.push(await page.evaluate(() => (window as unknown as { truce: { timings: { readyAt: number } } }).truce.timings.readyAt));
      const steps = async () => JSON.stringify(await page.evaluate(() => (window as unknown as { truce: { timings: unknown } }).truce.timings));
      console.log(`  run ${i + 1}: first render steps (ms) ${await steps()}`);
      const shown = await page.evaluate(() => Number(document.body.dataset.events));
      if (shown < nEvents) throw new Error(`only ${shown} events shown`);

      let n = await page.evaluate(() => Number(document.body.dataset.renders));
      let t = performance.now();
      await page.selectOption('select[name=type]', 'Battles');
      await page.waitForFunction((k) => document.body.dataset.ready === '1' && Number(document.body.dataset.renders) > k, n, { timeout: 60_000, polling: 16 });
      typeChange.push(performance.now() - t);
      console.log(`  run ${i + 1}: type change steps (ms) ${await steps()}`);

      n = await page.evaluate(() => Number(document.body.dataset.renders));
      t = performance.now();
      await page.fill('input[name=from]', '2021-03-01');
      await page.waitForFunction((k) => document.body.dataset.ready === '1' && Number(document.body.dataset.renders) > k, n, { timeout: 60_000, polling: 16 });
      dateChange.push(performance.now() - t);
      console.log(`  run ${i + 1}: date change steps (ms) ${await steps()}`);
      await page.close();
    }
  } finally {
    await ctx.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (xs: number[]) => `median ${Math.round(median(xs))} ms (runs: ${xs.map((x) => Math.round(x)).join(', ')})`;
  console.log(`first render, ${nEvents} events (page's navigation start to drawn): ${fmt(inPage)}`);
  console.log(`first render, wall clock incl. opening the tab: ${fmt(first)}`);
  console.log(`compliance board drawn:         ${fmt(board)}`);
  console.log(`filter change (type, server):  ${fmt(typeChange)}`);
  console.log(`filter change (dates, browser): ${fmt(dateChange)}`);
  console.log(`server process (store + API, in this process) RSS: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  console.log(`target: under 1000 ms each; machine load average now ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`);
}

await main();
