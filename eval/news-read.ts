// What the pipeline makes of real news with no gold: ../shared/data/news/*.jsonl (public-domain articles with
// their publication dates). Prints per-article and overall figures (events per article, types, how events are
// placed and dated, modality) so a reader can spot misses and false events, and with --show N the events of
// N articles with their evidence sentences.
//   npx tsx eval/news-read.ts [--show 5] [--id ARTICLE_ID]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/pipeline.ts';
import type { ConflictEvent } from '../src/model/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(repoRoot, '../shared/data/news');
const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const show = Number(arg('show') ?? 0);
const only = arg('id');

interface Article { id: string; text: string; published?: string; title?: string }
const articles: Article[] = [];
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort() : []) {
  for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (line.trim()) articles.push(JSON.parse(line) as Article);
}
if (!articles.length) {
  console.log(`news-read: no articles under ${dir}; skipped`);
  process.exit(0);
}

const count = new Map<string, number>();
const bump = (k: string, n = 1) => count.set(k, (count.get(k) ?? 0) + n);
const perArticle: number[] = [];
let events = 0;
let shown = 0;
for (const a of articles) {
  if (only && a.id !== only) continue;
  const dct = a.published ? a.published.slice(0, 10) : null;
  const x = extract({ id: a.id, text: a.text, dct, title: a.title ?? null, source: 'news', url: null });
  perArticle.push(x.events.length);
  events += x.events.length;
  for (const e of x.events) {
    bump(`type:${e.eventType ?? '(no ACLED type)'}`);
    bump(`action:${e.action}`);
    bump(`modality:${e.modality}`);
    bump(e.place ? (e.place.lat !== null ? 'place:with coordinates' : 'place:without coordinates') : 'place:none');
    bump(`date:${e.dateSource ?? 'none'}`);
    if (e.actor1) bump('actor1:found');
    if (e.fatalities !== null) bump('fatalities:given');
  }
  if ((show && shown < show) || only) {
    shown++;
    console.log(`\n## ${a.id} (${dct}) ${a.title ?? ''}`);
    for (const e of x.events) console.log(line(e, a.text));
  }
}

function line(e: ConflictEvent, text: string): string {
  const where = e.place ? `${e.place.name}${e.place.countryCode ? ` (${e.place.countryCode})` : ''}` : '-';
  const sent = text.slice(e.evidence.start, e.evidence.end).replace(/\s+/g, ' ');
  return `- ${e.date ?? '-'}${e.dateSource === 'dct' ? '*' : ''} ${e.action} [${e.subEventType ?? e.eventType ?? 'no type'}] ${e.modality} `
    + `a1=${e.actor1?.name ?? '-'} a2=${e.actor2?.name ?? '-'} at ${where}${e.fatalities !== null ? ` fat=${e.fatalities}` : ''}\n    "${sent.length > 220 ? `${sent.slice(0, 219)}…` : sent}"`;
}

const n = perArticle.length;
const sorted = [...perArticle].sort((p, q) => p - q);
console.log(`\n${n} articles, ${events} events: ${(events / n).toFixed(1)} per article (median ${sorted[n >> 1]}, max ${sorted[n - 1]}, ${perArticle.filter((k) => k === 0).length} articles with none)`);
const group = (prefix: string) => [...count].filter(([k]) => k.startsWith(prefix)).sort((p, q) => q[1] - p[1]);
for (const prefix of ['type:', 'modality:', 'place:', 'date:']) {
  console.log(`${prefix.slice(0, -1).padEnd(9)} ${group(prefix).map(([k, v]) => `${k.slice(prefix.length)} ${((100 * v) / events).toFixed(0)}%`).join(', ')}`);
}
console.log(`actions   ${group('action:').slice(0, 15).map(([k, v]) => `${k.slice(7)} ${v}`).join(', ')}`);
console.log(`actor1 found for ${((100 * (count.get('actor1:found') ?? 0)) / events).toFixed(0)}% of events; fatalities given for ${((100 * (count.get('fatalities:given') ?? 0)) / events).toFixed(0)}%`);
console.log('(date: timex = from a time expression in the text; dct = the publication date, shown with * by --show)');
