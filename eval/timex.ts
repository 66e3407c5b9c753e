// TIMEX3 evaluation: TempEval-3 scoring of the time stage on TimeBank+AQUAINT (tuned part and a
// fixed held-out part: one file in five by a hash of its name) and on MEANTIME.
// Run: npx tsx eval/timex.ts [--errors N] [--part tuned|held|meantime|dct] [--keep]
// Scoring is done by ../shared/tools/timex-score (called, not copied).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment } from '../src/extract/segment/segment.ts';
import { tagTime } from '../src/extract/time/stage.ts';
import { meantimeToTml } from './timex/meantime.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(repoRoot, '../shared');
const scorer = join(shared, 'tools/timex-score/score.mjs');
const te3 = join(shared, 'data/tempeval3/train');
const meantimeDir = join(shared, 'data/meantime/intra-doc_annotation');

const args = process.argv.slice(2);
const errN = args.includes('--errors') ? Number(args[args.indexOf('--errors') + 1]) : 0;
const only = args.includes('--part') ? args[args.indexOf('--part') + 1] : null;

/** FNV-1a 32-bit of the file name; one file in five (hash % 5 === 0) is held out. */
export function isHeldOut(name: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) { h ^= name.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h % 5 === 0;
}

function listTml(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTml(p));
    else if (e.name.endsWith('.tml')) out.push(p);
  }
  return out;
}

interface Doc { doc: string; dct: string; text: string; skip?: [number, number] | null }

function predict(docs: Doc[]): { lines: string[]; words: number; ms: number } {
  const lines: string[] = [];
  let words = 0;
  const t0 = performance.now();
  for (const d of docs) {
    const { sentences, tokens } = segment(d.text);
    words += tokens.length;
    // a DCT that is not YYYY-MM-DD (one MEANTIME file has "03-02-2009") is treated as missing: inferred
    const dct = d.dct && /^\d{4}-\d\d-\d\d/.test(d.dct) ? { value: d.dct.slice(0, 10), inferred: false, confidence: 1, method: 'given' } : { value: null, inferred: true, confidence: 0, method: 'none' };
    const r = tagTime(d.text, tokens, sentences, dct);
    for (const t of r.timexes) if (!(d.skip && t.start < d.skip[1] && t.end > d.skip[0])) lines.push(JSON.stringify({ doc: d.doc, start: t.start, end: t.end, type: t.type, value: t.value, text: t.text }));
  }
  return { lines, words, ms: performance.now() - t0 };
}

interface Score { strict: { p: number; r: number; f1: number }; relaxed: { p: number; r: number; f1: number }; te3: { typeAccuracy: number; valueAccuracy: number; valueF1: number; typeF1: number }; value: { f1: number }; counts: { gold: number; pred: number } }

function score(goldDir: string, preds: string): Score {
  return JSON.parse(execFileSync('node', [scorer, 'score', goldDir, preds, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}
function showErrors(goldDir: string, preds: string) {
  if (errN > 0) process.stdout.write(execFileSync('node', [scorer, 'score', goldDir, preds, '--errors', String(errN)], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

const pct = (x: number) => (100 * x).toFixed(2).padStart(6);
const rows: string[] = [];
function row(name: string, s: Score) {
  rows.push(`${name.padEnd(22)} ${String(s.counts.gold).padStart(5)} ${String(s.counts.pred).padStart(5)}  ${pct(s.strict.p)} ${pct(s.strict.r)} ${pct(s.strict.f1)}  ${pct(s.relaxed.p)} ${pct(s.relaxed.r)} ${pct(s.relaxed.f1)}  ${pct(s.te3.valueAccuracy)} ${pct(s.te3.valueF1)} ${pct(s.te3.typeAccuracy)} ${pct(s.value.f1)}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'truce-timex-'));

// TempEval-3 train (TimeBank + AQUAINT)
if (!only || only === 'tuned' || only === 'held') {
  execFileSync('node', [scorer, 'export', te3, join(tmp, 'docs.jsonl')]);
  const docs: Doc[] = readFileSync(join(tmp, 'docs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const { lines, words, ms } = predict(docs);
  const preds = join(tmp, 'preds.jsonl');
  writeFileSync(preds, lines.join('\n') + '\n');
  const parts: Record<string, string> = { tuned: join(tmp, 'tuned'), held: join(tmp, 'held') };
  mkdirSync(parts.tuned); mkdirSync(parts.held);
  for (const f of listTml(te3)) symlinkSync(f, join(isHeldOut(basename(f)) ? parts.held : parts.tuned, basename(f)));
  for (const p of ['tuned', 'held'] as const) {
    if (only && only !== p) continue;
    row(`TBAQ ${p === 'tuned' ? 'tuned (4/5)' : 'held-out (1/5)'}`, score(parts[p], preds));
    showErrors(parts[p], preds);
  }
  console.error(`TBAQ: ${docs.length} docs, ${words} tokens, segment+time ${ms.toFixed(0)} ms`);
}

// MEANTIME (English, 120 Wikinews articles)
if (!only || only === 'meantime') {
  const mdir = join(tmp, 'meantime');
  const mdocs = meantimeToTml(meantimeDir, mdir);
  const { lines } = predict(mdocs.map((d) => ({ doc: d.id, dct: d.dct, text: d.text, skip: d.dctSpan })));
  const preds = join(tmp, 'meantime-preds.jsonl');
  writeFileSync(preds, lines.join('\n') + '\n');
  row('MEANTIME (en)', score(mdir, preds));
  showErrors(mdir, preds);
}

// DCT inference: hide the date of each news article and compare the inferred DCT with it
let dctLine = '';
if (!only || only === 'dct') {
  const news = readFileSync(join(shared, 'data/news/voa_stories.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const none = { value: null, inferred: true, confidence: 0, method: 'none' };
  let n = 0, exact = 0, within7 = 0, sameYear = 0, given = 0;
  const methods = new Map<string, number>();
  for (const a of news) {
    const gold = String(a.published ?? '').slice(0, 10);
    if (!/^\d{4}-\d\d-\d\d$/.test(gold) || !a.text) continue;
    n++;
    const { sentences, tokens } = segment(a.text);
    const r = tagTime(a.text, tokens, sentences, none);
    if (!r.dct.value) continue;
    given++;
    methods.set(r.dct.method, (methods.get(r.dct.method) ?? 0) + 1);
    if (r.dct.value === gold) exact++;
    const days = Math.abs(Date.parse(r.dct.value) - Date.parse(gold)) / 86400000;
    if (days <= 7) within7++;
    if (r.dct.value.slice(0, 4) === gold.slice(0, 4)) sameYear++;
  }
  dctLine = `DCT inference on ${n} VOA articles (date hidden): inferred for ${given} (${pct(given / n)}%); exact ${pct(exact / n)}%, within 7 days ${pct(within7 / n)}%, same year ${pct(sameYear / n)}% of all; methods ${JSON.stringify(Object.fromEntries(methods))}`;
}

console.log(`${'part'.padEnd(22)} ${'gold'.padStart(5)} ${'pred'.padStart(5)}  ${'strP'.padStart(6)} ${'strR'.padStart(6)} ${'strF1'.padStart(6)}  ${'relP'.padStart(6)} ${'relR'.padStart(6)} ${'relF1'.padStart(6)}  ${'valAcc'.padStart(6)} ${'valF1'.padStart(6)} ${'typAcc'.padStart(6)} ${'valPRF'.padStart(6)}`);
for (const r of rows) console.log(r);
if (dctLine) console.log(dctLine);
console.log('valF1 = TempEval-3 value F1 (relaxed F1 x value accuracy); valPRF = value F1 over predictions/gold.');
if (!args.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
else console.log(`predictions and gold copies kept in ${tmp}`);
