// End-to-end geoparsing evaluation: `npx tsx eval/geo.ts [--corpus LGL|GeoWebNews|GeoVirus] [--dump]`.
// Reads the gold at run time from ../shared/data/geoparsing and scores with ../shared/tools/geo-score
// (detection P/R/F1 by overlap, acc@161 km over gold toponyms with coordinates, mean error), then adds
// median error, AUC of the error curve (Gritta et al. 2018: mean of ln(1+err)/ln(20039), a missed
// toponym counting as the maximum error; lower is better) and accuracy given the gold spans.
// A fixed fifth of each corpus (document index % 5 === 0) is held out of rule work: reported apart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { segment } from '../src/extract/segment/segment.ts';
import { geoparse } from '../src/extract/places/geoparse.ts';
import { getGazetteer, distanceKm } from '../src/gazetteer/index.ts';
import { loadCorpora, toLglXml, type GoldDoc } from './geo/corpora.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '../shared/data/geoparsing');
const scorer = path.resolve(repoRoot, '../shared/tools/geo-score/score.mjs');
const args = process.argv.slice(2);
const only = args.includes('--corpus') ? args[args.indexOf('--corpus') + 1] : null;
const dump = args.includes('--dump');
const MAXERR = 20039;

interface Pred { doc: string; start: number; end: number; lat: number | null; lon: number | null; text: string; id: string | null }

function runDocs(docs: GoldDoc[], given: boolean): Pred[] {
  const gaz = getGazetteer();
  const preds: Pred[] = [];
  for (const d of docs) {
    const { tokens } = segment(d.text);
    const places = geoparse(d.text, tokens, gaz, given ? { spans: d.tops, candidates: false } : { candidates: false });
    for (const p of places) preds.push({ doc: d.id, start: p.start, end: p.end, lat: p.lat, lon: p.lon, text: p.text, id: p.gazetteerId });
  }
  return preds;
}

function score(docs: GoldDoc[], preds: Pred[], tmp: string, tagName: string) {
  const goldFile = path.join(tmp, `${tagName}.xml`);
  const predFile = path.join(tmp, `${tagName}.jsonl`);
  fs.writeFileSync(goldFile, toLglXml(docs));
  fs.writeFileSync(predFile, preds.map((p) => JSON.stringify({ doc: p.doc, start: p.start, end: p.end, lat: p.lat, lon: p.lon })).join('\n') + '\n');
  const official = JSON.parse(execFileSync(process.execPath, [scorer, 'score', goldFile, predFile], { encoding: 'utf8' }));
  // median error and AUC with the same matching rule as the scorer (first overlapping prediction with coordinates)
  const byDoc = new Map<string, Pred[]>();
  for (const p of preds) (byDoc.get(p.doc) ?? byDoc.set(p.doc, []).get(p.doc)!).push(p);
  const errs: number[] = [];
  let aucSum = 0, geo = 0;
  const misses: string[] = [];
  for (const d of docs) {
    const ps = byDoc.get(d.id) ?? [];
    for (const t of d.tops) {
      if (t.lat === null || t.lon === null) continue;
      geo++;
      const h = ps.find((p) => p.start < t.end && t.start < p.end && typeof p.lat === 'number');
      const e = h ? distanceKm({ lat: t.lat, lon: t.lon }, { lat: h.lat!, lon: h.lon! }) : MAXERR;
      if (h) errs.push(e);
      aucSum += Math.log(1 + e) / Math.log(MAXERR);
      if (dump && e > 161) misses.push(`${d.id}\t${t.text}\t${h ? `${h.text} -> ${h.id} (${e.toFixed(0)} km)` : 'MISSED'}`);
    }
  }
  errs.sort((a, b) => a - b);
  return { ...official, medianErrKm: errs.length ? errs[Math.floor(errs.length / 2)] : null, auc: geo ? aucSum / geo : null, misses };
}

const f3 = (x: number | null) => (x === null ? '  -  ' : x.toFixed(3));
const f0 = (x: number | null) => (x === null ? '-' : x.toFixed(0));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'truce-geo-'));
const t0 = performance.now();
const rows: string[] = [];
for (const c of loadCorpora(dataDir)) {
  if (only && c.name !== only) continue;
  const parts = { tuned: c.docs.filter((_, i) => i % 5 !== 0), heldout: c.docs.filter((_, i) => i % 5 === 0) };
  for (const [part, docs] of Object.entries(parts)) {
    const e2e = score(docs, runDocs(docs, false), tmp, `${c.name}-${part}`);
    const giv = score(docs, runDocs(docs, true), tmp, `${c.name}-${part}-given`);
    rows.push(`${c.name.padEnd(11)} ${part.padEnd(8)} docs ${String(docs.length).padStart(3)} gold ${String(e2e.goldWithCoords).padStart(4)} | ` +
      `span P ${f3(e2e.detection.p)} R ${f3(e2e.detection.r)} F1 ${f3(e2e.detection.f1)} | acc@161 ${f3(e2e.acc161)} ` +
      `mean ${f0(e2e.meanErrKm)} km median ${f0(e2e.medianErrKm)} km AUC ${f3(e2e.auc)} | given-span acc@161 ${f3(giv.acc161)} AUC ${f3(giv.auc)}`);
    if (dump) fs.writeFileSync(path.join(tmp, `${c.name}-${part}-misses.tsv`), e2e.misses.join('\n') + '\n');
  }
}
console.log(rows.join('\n'));
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s; scorer: ../shared/tools/geo-score; ${dump ? `misses in ${tmp}` : `tmp ${tmp}`})`);
if (!dump) fs.rmSync(tmp, { recursive: true, force: true });
