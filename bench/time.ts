// Benchmark of the time stage: words/s on real news articles (segment+time and time alone, one core),
// and time per MB on 1, 10 and 50 MB of concatenated input (must stay flat: no backtracking blow-up).
// Run: npx tsx bench/time.ts
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment } from '../src/extract/segment/segment.ts';
import { tagTime } from '../src/extract/time/stage.ts';
import type { Dct, Sentence, Token } from '../src/model/types.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
import { PerformanceObserver } from 'node:perf_hooks';
let gcMs = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ['gc'] });

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(repoRoot, '../shared/data/news/voa_stories.jsonl');
const arts: { text: string; dct: string | null }[] = readFileSync(file, 'utf8').trim().split('\n').map((l) => {
  const j = JSON.parse(l);
  return { text: String(j.text ?? ''), dct: j.published ? String(j.published).slice(0, 10) : null };
}).filter((a) => a.text.length > 0);

const given = (d: string | null): Dct => (d ? { value: d, inferred: false, confidence: 1, method: 'given' } : { value: null, inferred: true, confidence: 0, method: 'none' });
const countWords = (s: string) => { let n = 0, inw = false; for (let i = 0; i < s.length; i++) { const sp = s.charCodeAt(i) <= 32; if (!sp && !inw) n++; inw = !sp; } return n; };

const words = arts.reduce((s, a) => s + countWords(a.text), 0);
const segmented = arts.map((a) => ({ ...a, ...segment(a.text) }));

/** Mean ms per pass; CPU time of this process (the machine may be shared), wall time kept too. */
function timeIt(fn: () => void, minMs = 1500): number {
  for (let k = 0; k < 3; k++) fn(); // warm-up (JIT, caches)
  let runs = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let el = 0;
  do { fn(); runs++; el = performance.now() - t0; } while (el < minMs);
  const cpu = process.cpuUsage(c0).user / 1000;
  wall.push(el / runs);
  return cpu / runs;
}
const wall: number[] = [];

let timexes = 0;
const msTime = timeIt(() => { timexes = 0; for (const a of segmented) timexes += tagTime(a.text, a.tokens, a.sentences, given(a.dct)).timexes.length; });
const msBoth = timeIt(() => { for (const a of arts) { const s = segment(a.text); tagTime(a.text, s.tokens, s.sentences, given(a.dct)); } });
const msInfer = timeIt(() => { for (const a of segmented) tagTime(a.text, a.tokens, a.sentences, given(null)); });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`articles: ${arts.length}, words: ${fmt(words)} (${fmt(words / arts.length)} per article), timexes: ${fmt(timexes)}`);
console.log('stage                      cpu ms/pass  words/s (cpu)  docs/s   wall ms/pass  words/s (wall)');
const line = (name: string, ms: number, w: number) => console.log(`${name.padEnd(26)} ${ms.toFixed(1).padStart(9)} ${fmt(words / ms * 1000).padStart(14)} ${fmt(arts.length / ms * 1000).padStart(7)} ${w.toFixed(1).padStart(13)} ${fmt(words / w * 1000).padStart(15)}`);
line('time alone (DCT given)', msTime, wall[0]);
line('time alone (DCT inferred)', msInfer, wall[2]);
line('segment + time', msBoth, wall[1]);

// scaling: one big text made of the articles repeated. The segmenter runs on ~1 MB pieces (cut at
// paragraph breaks; it is not this stage's code and runs out of heap on 50 MB in one piece), then
// the time stage runs ONCE over the tokens of the whole text, so its time per MB shows any
// superlinear behaviour.
const joined = arts.map((a) => a.text).join('\n\n');
function segmentChunked(big: string): { tokens: Token[]; sentences: Sentence[] } {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let pos = 0;
  while (pos < big.length) {
    let end = Math.min(big.length, pos + 1_000_000);
    if (end < big.length) { const k = big.indexOf('\n\n', end); end = k < 0 ? big.length : k; }
    const s = segment(big.slice(pos, end));
    const base = sentences.length;
    for (const x of s.sentences) sentences.push({ start: x.start + pos, end: x.end + pos });
    for (const t of s.tokens) tokens.push({ start: t.start + pos, end: t.end + pos, text: t.text, kind: t.kind, sentence: t.sentence + base });
    pos = end;
  }
  return { tokens, sentences };
}
console.log('\nsize    segment ms/MB   time ms/MB (wall)   time ms/MB (cpu)   of which GC   time words/s (cpu)   timexes');
for (const mb of [1, 10, 50]) {
  const target = mb * 1024 * 1024;
  let big = '';
  while (big.length < target) big += joined + '\n\n';
  big = big.slice(0, target);
  const w = countWords(big);
  const t0 = performance.now();
  const s = segmentChunked(big);
  gc();
  await new Promise((r) => setTimeout(r, 0));
  gcMs = 0;
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const r = tagTime(big, s.tokens, s.sentences, given('2024-01-01'));
  const cpu = process.cpuUsage(c1).user / 1000;
  const t2 = performance.now();
  await new Promise((r) => setTimeout(r, 0)); // let the GC observer report
  console.log(`${String(mb).padStart(2)} MB ${((t1 - t0) / mb).toFixed(1).padStart(14)} ${((t2 - t1) / mb).toFixed(1).padStart(19)} ${(cpu / mb).toFixed(1).padStart(18)} ${(gcMs / mb).toFixed(1).padStart(13)} ${fmt(w / cpu * 1000).padStart(20)} ${fmt(r.timexes.length).padStart(9)}`);
}
const mem = process.memoryUsage();
console.log(`\nmemory: rss ${(mem.rss / 1048576).toFixed(0)} MB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB`);
