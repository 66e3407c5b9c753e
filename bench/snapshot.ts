// Snapshot of what the pipeline's own-output stages make of every article in ../shared/data/news/*.jsonl
// (DCT = the record's publication date), for checking that a speed change leaves output byte-identical.
// One JSON line per article and layer: sentences, tokens, dct, timexes, places, quantities, provisions
// (with provenance), and, in a separate file (<out>.others), actors and events, which other stages own.
// usage: npx tsx bench/snapshot.ts [--out /tmp/h3/snapshot.jsonl] [--extra] [--shared DIR (default ../shared)]
//   --extra also runs the shared fixtures, examples/reports and examples/agreements, and the CASE 2021
//           dev snippets (more texts, same checks).
//   Then: cmp /tmp/h3/base.jsonl /tmp/h3/new.jsonl   (or diff, one line per article and layer)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from '../src/extract/pipeline.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const shared = args.includes('--shared') ? path.resolve(args[args.indexOf('--shared') + 1]) : path.resolve(repoRoot, '../shared');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : '/tmp/h3/snapshot.jsonl';

interface Doc { id: string; text: string; dct: string | null }
const docs: Doc[] = [];
const newsDir = path.join(shared, 'data/news');
for (const f of fs.readdirSync(newsDir).filter((f) => f.endsWith('.jsonl')).sort()) {
  for (const line of fs.readFileSync(path.join(newsDir, f), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id: string; text: string; published?: string; date?: string };
    docs.push({ id: `${f}:${r.id}`, text: r.text, dct: (r.published ?? r.date ?? '').slice(0, 10) || null });
  }
}
if (args.includes('--extra')) {
  const fx = path.join(shared, 'fixtures');
  for (const f of fs.readdirSync(fx).filter((f) => f.endsWith('.txt')).sort()) docs.push({ id: `fixture:${f}`, text: fs.readFileSync(path.join(fx, f), 'utf8'), dct: null });
  for (const sub of ['examples/reports', 'examples/agreements']) {
    const dir = path.join(repoRoot, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(f);
      docs.push({ id: `${sub}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8'), dct: m ? m[1] : null });
    }
  }
  const tsv = path.join(shared, 'data/case2021-dev/dev.tsv');
  if (fs.existsSync(tsv)) {
    fs.readFileSync(tsv, 'utf8').split('\n').slice(1).forEach((l, i) => {
      const cols = l.split('\t');
      const text = cols.reduce((a, b) => (b.length > a.length ? b : a), '');
      if (text.trim()) docs.push({ id: `case:${i}`, text, dct: null });
    });
  }
}

fs.mkdirSync(path.dirname(out), { recursive: true });
const own: string[] = [];
const others: string[] = [];
for (const d of docs) {
  const a = annotate({ id: d.id, text: d.text, dct: d.dct }, { explain: true });
  const put = (layer: string, v: unknown) => own.push(JSON.stringify({ id: d.id, layer, v }));
  put('sentences', a.sentences.map((s) => [s.start, s.end]));
  put('tokens', a.tokens.map((t) => [t.start, t.end, t.text, t.kind, t.sentence]));
  put('dct', a.dct);
  put('timexes', a.timexes);
  put('places', a.places);
  put('quantities', a.quantities);
  put('provisions', a.provisions);
  others.push(JSON.stringify({ id: d.id, layer: 'actors', v: a.actors }));
  others.push(JSON.stringify({ id: d.id, layer: 'events', v: a.events }));
}
fs.writeFileSync(out, own.join('\n') + '\n');
fs.writeFileSync(out + '.others', others.join('\n') + '\n');
console.log(`${docs.length} documents -> ${out} (${own.length} lines), ${out}.others`);
