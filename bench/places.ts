// Benchmark of the places stage: gazetteer load time and memory, then words/s of the places stage alone
// (tokens from the segment stage, computed beforehand) on real news articles, one core.
// Run: npx tsx bench/places.ts        (targets: load < 2 s, RSS < 500 MB, >= 2,000,000 words/s)
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment } from '../src/extract/segment/segment.ts';
import { getGazetteer } from '../src/gazetteer/index.ts';
import { geoparse } from '../src/extract/places/geoparse.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(repoRoot, '../shared/data/news/voa_stories.jsonl');
const arts: string[] = readFileSync(file, 'utf8').trim().split('\n').map((l) => String(JSON.parse(l).text ?? '')).filter((t) => t.length > 0);

const rss0 = process.memoryUsage().rss;
const tl = performance.now();
const cl = process.cpuUsage();
const gaz = getGazetteer();
gaz.byId('country:AZ'); // builds the id index too (lazy)
const loadMs = performance.now() - tl;
const loadCpu = process.cpuUsage(cl);
const rssLoaded = process.memoryUsage().rss;

const countWords = (s: string) => { let n = 0, inw = false; for (let i = 0; i < s.length; i++) { const sp = s.charCodeAt(i) <= 32; if (!sp && !inw) n++; inw = !sp; } return n; };
const words = arts.reduce((s, a) => s + countWords(a), 0);
const segmented = arts.map((text) => ({ text, tokens: segment(text).tokens }));

// Wall time and CPU time per pass: on a shared machine the wall clock includes time the process waited for
// a core, so CPU time (process.cpuUsage, user+system) is the figure to compare against the target.
let cpuPerPass = 0;
function timeIt(fn: () => void, minMs = 3000): number {
  for (let w = 0; w < 5; w++) fn(); // warm-up: lookup caches filled and the JIT settled, as in a long-running process
  let runs = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let el = 0;
  do { fn(); runs++; el = performance.now() - t0; } while (el < minMs);
  const c = process.cpuUsage(c0);
  cpuPerPass = (c.user + c.system) / 1000 / runs;
  return el / runs;
}
let places = 0;
const cold = performance.now();
for (const a of segmented) geoparse(a.text, a.tokens, gaz);
const coldMs = performance.now() - cold;
const ms = timeIt(() => { places = 0; for (const a of segmented) places += geoparse(a.text, a.tokens, gaz).length; });
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`articles: ${arts.length}, words: ${fmt(words)}, places found: ${fmt(places)}`);
console.log(`gazetteer: ${fmt(gaz.size)} entries, load ${fmt(loadMs)} ms wall / ${fmt((loadCpu.user + loadCpu.system) / 1000)} ms CPU, RSS +${fmt((rssLoaded - rss0) / 1e6)} MB (process ${fmt(rssLoaded / 1e6)} MB)`);
console.log(`places stage: first pass ${fmt(coldMs)} ms (${fmt(words / (coldMs / 1000))} words/s), warm ${ms.toFixed(1)} ms/pass -> ${fmt(words / (ms / 1000))} words/s wall; CPU ${cpuPerPass.toFixed(1)} ms/pass -> ${fmt(words / (cpuPerPass / 1000))} words/CPU-s, ${fmt(arts.length / (cpuPerPass / 1000))} docs/CPU-s`);
// calibration: one trivial pass over the same tokens (what this machine does per token at the least)
const cc = process.cpuUsage();
let calib = 0;
for (let r = 0; r < 5; r++) for (const a of segmented) for (const t of a.tokens) if (t.kind === 'word' && t.text.charCodeAt(0) < 91) calib++;
const calibMs = ((process.cpuUsage(cc).user + process.cpuUsage(cc).system) / 1000) / 5;
const ntok = segmented.reduce((s, a) => s + a.tokens.length, 0);
console.log(`calibration: a trivial loop over the ${fmt(ntok)} tokens takes ${calibMs.toFixed(1)} ms CPU (${fmt(ntok / (calibMs / 1000))} tokens/CPU-s); places stage = ${(cpuPerPass / calibMs).toFixed(1)}x that loop${calib < 0 ? '' : ''}`);
console.log(`process RSS after: ${fmt(process.memoryUsage().rss / 1e6)} MB`);
