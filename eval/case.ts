// CASE 2021 task 2 evaluation: ACLED sub-event classification of news snippets through extract().
// Reads ../shared/data/case2021-dev at run time and scores with ../shared/tools/case-score/score.mjs.
// Split: ids with (id/2) % 5 == 0 are held out (never used for rule work or training).
// usage: npx tsx eval/case.ts [--confusion] [--errors tuned]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/pipeline.ts';
import { setClassifierEnabled } from '../src/extract/events/classifier.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '../shared/data/case2021-dev');
const scorer = path.resolve(repoRoot, '../shared/tools/case-score/score.mjs');
const args = process.argv.slice(2);

export interface CaseRow { id: string; text: string; label: string }
export function loadCase(): { header: string; rows: CaseRow[]; labels: Map<string, { t: string; s: string }> } {
  const lines = fs.readFileSync(path.join(dataDir, 'dev.tsv'), 'utf8').split('\n');
  const header = lines[0];
  const rows = lines.slice(1).filter((l) => l.trim()).map((l) => { const [id, text, label] = l.split('\t'); return { id, text, label: label.trim() }; });
  const labels = new Map(fs.readFileSync(path.join(dataDir, 'labels.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => { const [k, t, s] = l.split('\t'); return [k, { t, s }] as [string, { t: string; s: string }]; }));
  return { header, rows, labels };
}
export const isHeldOut = (id: string) => (Number(id) / 2) % 5 === 0;

function main() {
  if (args.includes('--rules-only')) setClassifierEnabled(false);
  const { header, rows, labels } = loadCase();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'case-eval-'));
  const parts = { tuned: rows.filter((r) => !isHeldOut(r.id)), 'held-out': rows.filter((r) => isHeldOut(r.id)) };
  const results: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(parts)) {
    const gold = path.join(tmp, `${name}.tsv`);
    fs.writeFileSync(gold, [header, ...part.map((r) => `${r.id}\t${r.text}\t${r.label}`)].join('\n') + '\n');
    const out = path.join(tmp, `${name}.jsonl`);
    const t0 = performance.now();
    const lines: string[] = [];
    const confusion = new Map<string, number>();
    const errors: string[] = [];
    for (const r of part) {
      const x = extract({ id: r.id, text: r.text, dct: null });
      lines.push(JSON.stringify({ id: r.id, events: x.events.map((e) => ({ eventType: e.eventType, subEventType: e.subEventType, action: e.action })) }));
      const e = x.events.find((v) => v.eventType);
      const g = labels.get(r.label);
      const pred = e ? e.subEventType : 'NONE';
      const gold = g?.s || 'NONE';
      if (pred !== gold) {
        const k = `${gold} -> ${pred}`;
        confusion.set(k, (confusion.get(k) ?? 0) + 1);
        if (args.includes('--errors') && args[args.indexOf('--errors') + 1] === name) errors.push(`[${r.id}] ${gold} -> ${pred} (${x.events.map((v) => v.action).join(',')}) :: ${r.text.slice(0, 300)}`);
      }
    }
    const ms = performance.now() - t0;
    fs.writeFileSync(out, lines.join('\n') + '\n');
    const res = JSON.parse(execFileSync('node', [scorer, 'score', gold, path.join(dataDir, 'labels.tsv'), out, 'all'], { encoding: 'utf8' }));
    results[name] = { ...res, snippetsPerSec: Math.round(part.length / (ms / 1000)) };
    console.log(`${name.padEnd(9)} sub-event accuracy ${res.sub}  event-type accuracy ${res.type}  none-of-these recall ${res.none}  (n=${res.n}, nNone=${res.nNone}, ${Math.round(part.length / (ms / 1000))} snippets/s)`);
    if (args.includes('--confusion') && name === 'tuned') {
      for (const [k, v] of [...confusion.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`   ${String(v).padStart(3)}  ${k}`);
    }
    for (const e of errors) console.log(e);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
