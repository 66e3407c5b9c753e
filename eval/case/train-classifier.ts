// Trains the linear sentence classifier of the events stage (softmax regression, AdaGrad, L2) on the TUNED
// part of the CASE 2021 dev snippets only (ids with (id/2) % 5 != 0), with the rules' own guess as features,
// and writes src/resources/events/classifier.json (weights only; no text). Prints 5-fold CV accuracy.
// usage: npx tsx eval/case/train-classifier.ts [--cv]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from '../../src/extract/pipeline.ts';
import { setClassifierEnabled, textFeatures } from '../../src/extract/events/classifier.ts';
import { isHeldOut, loadCase } from '../case.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outFile = path.join(repoRoot, 'src/resources/events/classifier.json');

interface Ex { f: string[]; y: number }

function train(data: Ex[], nClasses: number, vocab: Map<string, number>, epochs: number, l2: number, lr: number) {
  const V = vocab.size;
  const W = new Float64Array(V * nClasses);
  const G = new Float64Array(V * nClasses).fill(1e-8);
  const b = new Float64Array(nClasses);
  const Gb = new Float64Array(nClasses).fill(1e-8);
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const idx = data.map((_, i) => i);
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = idx.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
    for (const i of idx) {
      const ex = data[i];
      const fs_ = ex.f.map((f) => vocab.get(f)).filter((v): v is number => v !== undefined);
      const z = Array.from(b);
      for (const v of fs_) for (let k = 0; k < nClasses; k++) z[k] += W[v * nClasses + k];
      const mx = Math.max(...z);
      let sum = 0;
      for (let k = 0; k < nClasses; k++) { z[k] = Math.exp(z[k] - mx); sum += z[k]; }
      for (let k = 0; k < nClasses; k++) {
        const g = z[k] / sum - (k === ex.y ? 1 : 0);
        for (const v of fs_) {
          const p = v * nClasses + k;
          const gg = g + l2 * W[p];
          G[p] += gg * gg;
          W[p] -= (lr * gg) / Math.sqrt(G[p]);
        }
        Gb[k] += g * g;
        b[k] -= (lr * g) / Math.sqrt(Gb[k]);
      }
    }
  }
  return { W, b };
}

function predict(m: { W: Float64Array; b: Float64Array }, f: string[], vocab: Map<string, number>, nClasses: number): number[] {
  const z = Array.from(m.b);
  for (const s of f) { const v = vocab.get(s); if (v !== undefined) for (let k = 0; k < nClasses; k++) z[k] += m.W[v * nClasses + k]; }
  const mx = Math.max(...z);
  let sum = 0;
  for (let k = 0; k < nClasses; k++) { z[k] = Math.exp(z[k] - mx); sum += z[k]; }
  return z.map((v) => v / sum);
}

function main() {
  const { rows, labels } = loadCase();
  const tuned = rows.filter((r) => !isHeldOut(r.id));
  setClassifierEnabled(false);
  const classNames: string[] = ['NONE'];
  const classes: { label: string; eventType: string | null; subEventType: string | null }[] = [{ label: 'NONE', eventType: null, subEventType: null }];
  for (const [k, v] of labels) if (v.t) { classNames.push(k); classes.push({ label: k, eventType: v.t, subEventType: v.s }); }
  const data: (Ex & { ruleSub: string | null })[] = [];
  for (const r of tuned) {
    const a = annotate({ id: r.id, text: r.text, dct: null });
    const first = a.events.find((e) => e.eventType);
    const f = textFeatures(r.text);
    for (const e of a.events) f.push(`act:${e.action}`);
    f.push(`rule:${first ? first.subEventType : 'null'}`);
    const g = labels.get(r.label);
    const y = g && g.t ? classNames.indexOf(r.label) : 0;
    data.push({ f, y, ruleSub: first?.subEventType ?? null });
  }
  setClassifierEnabled(true);
  const buildVocab = (d: Ex[]) => {
    const cnt = new Map<string, number>();
    for (const ex of d) for (const f of ex.f) cnt.set(f, (cnt.get(f) ?? 0) + 1);
    const vocab = new Map<string, number>();
    for (const [f, c] of cnt) if (c >= 2 || f.startsWith('rule:') || f.startsWith('act:')) vocab.set(f, vocab.size);
    return vocab;
  };
  const K = classNames.length;
  const EPOCHS = Number(process.env.EP ?? 20), L2 = Number(process.env.L2 ?? 1e-2), LR = Number(process.env.LR ?? 0.3);
  if (process.argv.includes('--cv')) {
    // 5-fold CV on the tuned part: accuracy of argmax, and of "classifier if p >= t else rule"
    const ths = [0, 0.3, 0.4, 0.5, 0.6, 0.7];
    const correct = new Map<number, number>(ths.map((t) => [t, 0]));
    let ruleOk = 0;
    const combo = new Map<string, number>();
    for (let fold = 0; fold < 5; fold++) {
      const tr = data.filter((_, i) => i % 5 !== fold);
      const te = data.filter((_, i) => i % 5 === fold);
      const vocab = buildVocab(tr);
      const m = train(tr, K, vocab, EPOCHS, L2, LR);
      for (const ex of te) {
        const p = predict(m, ex.f, vocab, K);
        let best = 0;
        for (let k = 1; k < K; k++) if (p[k] > p[best]) best = k;
        const ruleY = ex.ruleSub ? classes.findIndex((c) => c.subEventType === ex.ruleSub) : 0;
        if (ruleY === ex.y) ruleOk++;
        for (const t of ths) if ((p[best] >= t ? best : ruleY) === ex.y) correct.set(t, correct.get(t)! + 1);
        for (const t of [0.3, 0.35, 0.4]) for (const tn of [0.5, 0.6, 0.7, 0.8, 1.01]) {
          const pick = best === 0 ? (p[0] >= tn ? 0 : ruleY) : (p[best] >= t ? best : ruleY);
          const key = `t=${t} none>=${tn}`;
          combo.set(key, (combo.get(key) ?? 0) + (pick === ex.y ? 1 : 0));
        }
      }
    }
    console.log(`5-fold CV on tuned (${data.length} snippets, all 31 labels incl. NONE): rules alone ${(ruleOk / data.length).toFixed(3)}`);
    for (const t of ths) console.log(`  classifier if p>=${t} else rule: ${(correct.get(t)! / data.length).toFixed(3)}`);
    for (const [k, v] of combo) console.log(`  ${k}: ${(v / data.length).toFixed(3)}`);
  }
  const vocab = buildVocab(data);
  const m = train(data, K, vocab, EPOCHS, L2, LR);
  const weights: Record<string, [number, number][]> = {};
  for (const [f, v] of vocab) {
    const row: [number, number][] = [];
    for (let k = 0; k < K; k++) { const w = m.W[v * K + k]; if (Math.abs(w) >= 0.02) row.push([k, Math.round(w * 1000) / 1000]); }
    if (row.length) weights[f] = row;
  }
  const threshold = Number(process.env.CLS_THRESHOLD ?? 0.3);
  fs.writeFileSync(outFile, JSON.stringify({
    about: 'Softmax regression weights over word unigram/bigram features (+ rule:<sub-type> and act:<action>); trained by eval/case/train-classifier.ts on the tuned part of CASE 2021 dev only. No text is stored.',
    threshold, noneThreshold: Number(process.env.CLS_NONE ?? 0.6), createThreshold: Number(process.env.CLS_CREATE ?? 0.5), none: 'NONE', classes, bias: Array.from(m.b).map((x) => Math.round(x * 1000) / 1000), weights,
  }) + '\n');
  console.log(`wrote ${path.relative(repoRoot, outFile)}: ${Object.keys(weights).length} features x ${K} classes`);
}
main();
