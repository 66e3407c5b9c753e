// Benchmark of the whole extract() pipeline over ../shared/data/news/voa_stories.jsonl (real VOA articles,
// DCT = published date): articles/s and words/s on one core, time per stage, memory.
// usage: npx tsx bench/pipeline.ts [--reps N] [--summary]   (--summary prints what the pipeline makes of each article)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultStages, toExtraction } from '../src/extract/pipeline.ts';
import type { Annotated } from '../src/extract/annotated.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.resolve(repoRoot, '../shared/data/news/voa_stories.jsonl');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 5;
const docs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string; published: string; title: string });
const words = docs.reduce((n, d) => n + d.text.split(/\s+/).filter(Boolean).length, 0);

function run(d: (typeof docs)[number], times?: Map<string, number>): Annotated {
  const dct = d.published.slice(0, 10);
  const a: Annotated = {
    doc: { id: d.id, text: d.text, dct, title: d.title }, options: {},
    dct: { value: dct, inferred: false, confidence: 1, method: 'given' },
    sentences: [], tokens: [], timexes: [], places: [], actors: [], quantities: [], events: [], provisions: [],
  };
  for (const s of defaultStages) {
    if (times) { const t0 = performance.now(); s.run(a); times.set(s.name, (times.get(s.name) ?? 0) + performance.now() - t0); } else s.run(a);
  }
  return a;
}

// warm-up (loads the gazetteer, JIT)
for (const d of docs) toExtraction(run(d));
const times = new Map<string, number>();
const t0 = performance.now();
for (let r = 0; r < reps; r++) for (const d of docs) toExtraction(run(d, times));
const ms = performance.now() - t0;
const n = docs.length * reps;
const mem = process.memoryUsage();
console.log(`extract() over ${docs.length} VOA articles x ${reps}: ${(n / (ms / 1000)).toFixed(0)} articles/s, ${((words * reps) / (ms / 1000)).toFixed(0)} words/s (${(words / docs.length).toFixed(0)} words/article), one core`);
console.log(`per stage (ms per article): ${[...times].map(([k, v]) => `${k} ${(v / n).toFixed(3)}`).join(', ')}`);
console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);

if (args.includes('--summary')) {
  let ev = 0, typed = 0;
  const byType = new Map<string, number>();
  for (const d of docs) {
    const x = toExtraction(run(d));
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
