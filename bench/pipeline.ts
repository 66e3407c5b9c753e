// Benchmark of the whole extract() pipeline over ../shared/data/news/voa_stories.jsonl (real VOA articles,
// DCT = published date): articles/s and words/s on one core, wall and CPU time per article and per stage,
// memory (resident, heap, peak), and, with --scale, time per MB for one document of growing size.
// usage: npx tsx bench/pipeline.ts [--reps N] [--warmup N] [--summary] [--scale [MB,MB,...]]
//   --reps N      timed passes over the 89 articles after the warm-up passes (default 5)
//   --warmup N    untimed passes first (default 15; the first one loads the gazetteer)
//   --summary     prints what the pipeline makes of each article
//   --isolated    each stage alone over the articles annotated beforehand: the best of 30 passes (robust
//                 when other work shares the machine; the stages' own work, not the GC of the whole run)
//   --profile F   writes a V8 CPU profile of the timed passes only (after warm-up) to F (.cpuprofile)
//   --scale LIST  one document made of the articles concatenated (paragraphs), at each size in MB
//                 (default 1,10,50): ms per MB per stage must stay flat
// CPU time is process CPU (user + system, every thread: GC helpers included), the honest "one core" figure
// on a machine shared with other work; wall time is what a clock sees. Compare CPU figures between runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import inspector from 'node:inspector';
import { defaultStages, toExtraction } from '../src/extract/pipeline.ts';
import type { Annotated } from '../src/extract/annotated.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.resolve(repoRoot, '../shared/data/news/voa_stories.jsonl');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 5;
// V8 keeps re-optimising the big stage functions for the first ~1,000 articles (measured: CPU per pass
// settles after 10-15 passes over the 89 articles): warm up that long, or the figures count JIT work
const warmup = args.includes('--warmup') ? Number(args[args.indexOf('--warmup') + 1]) : 15;
const docs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string; published: string; title: string });
const words = docs.reduce((n, d) => n + d.text.split(/\s+/).filter(Boolean).length, 0);
const MB = 2 ** 20;

// GC pauses (the observer's buffer is read synchronously: the timed loops never yield to the event loop)
let gcMs = 0;
let gcCount = 0;
const gcObs = new PerformanceObserver(() => {});
gcObs.observe({ entryTypes: ['gc'] });
const gcTake = (): void => { for (const e of gcObs.takeRecords()) { gcMs += e.duration; gcCount++; } };
const gcReset = (): void => { gcTake(); gcMs = 0; gcCount = 0; };

interface StageTimes { wall: Map<string, number>; cpu: Map<string, number> }
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** CPU time of the main thread alone (Linux /proc, 10 ms ticks; NaN elsewhere): the pipeline's own work,
 * without V8's concurrent GC and compiler threads that process CPU also counts. */
const mainThreadCpuMs = (): number => {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch { return NaN; }
};
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function run(text: string, id: string, dct: string, title: string | null, times?: StageTimes): Annotated {
  const a: Annotated = {
    doc: { id, text, dct, title }, options: {},
    dct: { value: dct, inferred: false, confidence: 1, method: 'given' },
    sentences: [], tokens: [], timexes: [], places: [], actors: [], quantities: [], events: [], provisions: [],
  };
  for (const s of defaultStages) {
    if (times) {
      const t0 = performance.now();
      const c0 = cpuMs();
      s.run(a);
      times.cpu.set(s.name, (times.cpu.get(s.name) ?? 0) + cpuMs() - c0);
      times.wall.set(s.name, (times.wall.get(s.name) ?? 0) + performance.now() - t0);
    } else s.run(a);
  }
  return a;
}
const runDoc = (d: (typeof docs)[number], times?: StageTimes) => run(d.text, d.id, d.published.slice(0, 10), d.title, times);
const fmtStages = (m: Map<string, number>, div: number) => [...m].map(([k, v]) => `${k} ${(v / div).toFixed(3)}`).join(', ');
const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);

// warm-up: loads the gazetteer and lets the JIT optimise the hot code before anything is timed
// (one cold pass, then `warmup - 1` more)
const rssBefore = process.memoryUsage().rss;
const w0 = performance.now();
for (const d of docs) toExtraction(runDoc(d));
const firstPass = performance.now() - w0;
for (let r = 1; r < warmup; r++) for (const d of docs) toExtraction(runDoc(d));
const rssWarm = process.memoryUsage().rss;

const times: StageTimes = { wall: new Map(), cpu: new Map() };
const profileFile = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : null;
const session = profileFile ? new inspector.Session() : null;
if (session) {
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
}
gcReset();
const t0 = performance.now();
const c0 = cpuMs();
const m0 = mainThreadCpuMs();
for (let r = 0; r < reps; r++) {
  for (const d of docs) toExtraction(runDoc(d));
  await tick(); // lets the GC observer receive its entries
}
const cpu = cpuMs() - c0;
const mainCpu = mainThreadCpuMs() - m0;
const ms = performance.now() - t0;
gcTake();
if (session && profileFile) {
  session.post('Profiler.stop', (err, res) => { if (!err) fs.writeFileSync(profileFile, JSON.stringify(res.profile)); });
  session.disconnect();
}
const n = docs.length * reps;
const mem = process.memoryUsage();
// per stage: the same passes again, each stage timed (process.cpuUsage costs some 15 us a call, so these
// passes run slower than the ones above; the stage figures are for comparing stages, the totals above are
// the throughput)
for (let r = 0; r < reps; r++) for (const d of docs) toExtraction(runDoc(d, times));
console.log(`extract() over ${docs.length} VOA articles x ${reps} (after ${warmup} warm-up passes): ${(words / docs.length).toFixed(0)} words/article, one core`);
console.log(`  wall: ${(n / (ms / 1000)).toFixed(0)} articles/s, ${((words * reps) / (ms / 1000)).toFixed(0)} words/s, ${(ms / n).toFixed(3)} ms/article`);
console.log(`  cpu:  ${(n / (cpu / 1000)).toFixed(0)} articles/s, ${((words * reps) / (cpu / 1000)).toFixed(0)} words/s, ${(cpu / n).toFixed(3)} ms/article (process CPU, all threads)`);
console.log(`  main thread cpu: ${(n / (mainCpu / 1000)).toFixed(0)} articles/s, ${(mainCpu / n).toFixed(3)} ms/article (without V8's GC and compiler helper threads)`);
console.log(`per stage, wall ms per article: ${fmtStages(times.wall, n)} (sum ${(sum(times.wall) / n).toFixed(3)})`);
console.log(`per stage, cpu  ms per article: ${fmtStages(times.cpu, n)} (sum ${(sum(times.cpu) / n).toFixed(3)})`);
console.log(`first (cold) pass: ${(firstPass / docs.length).toFixed(2)} ms/article, gazetteer load included`);
console.log(`memory: rss ${(mem.rss / MB).toFixed(0)} MB (${(rssBefore / MB).toFixed(0)} MB before the first article, ${(rssWarm / MB).toFixed(0)} MB after warm-up), heap used ${(mem.heapUsed / MB).toFixed(0)} MB, peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

if (args.includes('--isolated')) {
  const prepared = docs.map((d) => runDoc(d));
  const best = new Map<string, number>();
  for (let pass = 0; pass < 30; pass++) {
    for (const s of defaultStages) {
      const t = performance.now();
      for (const a of prepared) s.run(a);
      const dt = (performance.now() - t) / prepared.length;
      if (!(dt >= (best.get(s.name) ?? Infinity))) best.set(s.name, dt);
    }
  }
  console.log(`\nisolated, best of 30 passes, ms per article: ${fmtStages(best, 1)} (sum ${sum(best).toFixed(3)})`);
}

if (args.includes('--scale')) {
  const next = args[args.indexOf('--scale') + 1];
  const sizes = next && /^[\d.,]+$/.test(next) ? next.split(',').map(Number) : [1, 10, 50];
  const all = docs.map((d) => d.text).join('\n\n');
  console.log('\none document of N MB (the articles concatenated as paragraphs), DCT 2024-01-01: ms per MB');
  for (const size of sizes) {
    const target = Math.round(size * MB);
    let big = '';
    while (big.length < target) big += (big ? '\n\n' : '') + all;
    big = big.slice(0, target);
    const st: StageTimes = { wall: new Map(), cpu: new Map() };
    gcReset();
    const rss0 = process.memoryUsage().rss;
    const b0 = performance.now();
    const bc0 = cpuMs();
    const bm0 = mainThreadCpuMs();
    const a = run(big, `big-${size}`, '2024-01-01', null, st);
    const x = toExtraction(a);
    const bcpu = cpuMs() - bc0;
    const bmain = mainThreadCpuMs() - bm0;
    const bms = performance.now() - b0;
    await tick();
    gcTake();
    const m = process.memoryUsage();
    const mbs = big.length / MB;
    console.log(`${String(size).padStart(4)} MB: wall ${(bms / mbs).toFixed(0)} ms/MB, cpu ${(bcpu / mbs).toFixed(0)} ms/MB (main thread ${(bmain / mbs).toFixed(0)}), gc ${(gcMs / mbs).toFixed(0)} ms/MB (${gcCount} pauses); ` +
      `rss ${(m.rss / MB).toFixed(0)} MB (+${((m.rss - rss0) / MB).toFixed(0)}), heap ${(m.heapUsed / MB).toFixed(0)} MB, peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ` +
      `${a.tokens.length} tokens, ${x.events.length} events`);
    console.log(`      per stage wall ms/MB: ${fmtStages(st.wall, mbs)}`);
    console.log(`      per stage cpu  ms/MB: ${fmtStages(st.cpu, mbs)}`);
  }
}

if (args.includes('--summary')) {
  let ev = 0, typed = 0;
  const byType = new Map<string, number>();
  for (const d of docs) {
    const x = toExtraction(runDoc(d));
    ev += x.events.length;
    typed += x.events.filter((e) => e.eventType).length;
    for (const e of x.events) byType.set(`${e.eventType ?? '-'} / ${e.subEventType ?? e.action}`, (byType.get(`${e.eventType ?? '-'} / ${e.subEventType ?? e.action}`) ?? 0) + 1);
    console.log(`\n# ${d.id} ${d.published.slice(0, 10)} ${d.title}`);
    for (const e of x.events) {
      const trig = e.trigger ? d.text.slice(e.trigger.start, e.trigger.end) : '-';
      console.log(`  ${e.action}/${e.subEventType ?? '-'} [${trig}] a1=${e.actor1?.name ?? '-'} place=${e.place?.name ?? '-'} date=${e.date ?? '-'} ${e.modality}${e.fatalities != null ? ` fat=${e.fatalities}` : ''}  :: ${d.text.slice(e.evidence.start, Math.min(e.evidence.end, e.evidence.start + 140)).replace(/\s+/g, ' ')}`);
    }
  }
  console.log(`\nevents: ${ev} (${(ev / docs.length).toFixed(1)} per article), ACLED-typed ${typed}`);
  for (const [k, v] of [...byType].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(4)}  ${k}`);
}
