// A small linear (softmax) classifier over bag-of-words features that refines the ACLED sub-event type of
// rule-made events. Weights: src/resources/events/classifier.json, rebuilt by
// `npx tsx eval/case/train-classifier.ts` (trained only on the tuned part of the CASE 2021 dev snippets).
import model from '../../resources/events/classifier.json' with { type: 'json' };

export interface ClassResult { eventType: string | null; subEventType: string | null; prob: number; label: string }
interface Model { classes: { label: string; eventType: string | null; subEventType: string | null }[]; bias: number[]; weights: Record<string, [number, number][]>; threshold: number; crossTypeThreshold?: number; noneThreshold?: number; createThreshold?: number; none: string }
const M = model as unknown as Model;
const W = new Map<string, [number, number][]>(Object.entries(M.weights ?? {}));
let enabled = true;
/** For training: run the rules alone. */
export function setClassifierEnabled(on: boolean): void { enabled = on; }
export function classifierThreshold(): number { return M.threshold ?? 1; }
/** Minimum probability for moving a rule-typed event to another ACLED event type (not just another sub-type). */
export function crossTypeThreshold(): number { return M.crossTypeThreshold ?? classifierThreshold(); }
/** Minimum probability for turning a rule-typed event into "none of these". */
export function noneThreshold(): number { return M.noneThreshold ?? 1.01; }
/** Minimum probability for an event the rules missed (a sentence with actors or places but no trigger). */
export function createThreshold(): number { return M.createThreshold ?? 1.01; }

/** Feature strings of a text: lower-cased word unigrams and bigrams (numbers folded to <num>). */
export function textFeatures(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const isW = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c > 191;
    if (isW) cur += text[i];
    else if (cur) { words.push(/^[\d-]+$/.test(cur) ? '<num>' : cur.toLowerCase()); cur = ''; }
  }
  const f = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    f.add(words[i]);
    if (i + 1 < words.length) f.add(`${words[i]}_${words[i + 1]}`);
  }
  return [...f];
}

/** Class probabilities for a feature list; null when the classifier is disabled or has no weights. */
export function classify(features: string[]): ClassResult | null {
  if (!enabled || !M.classes?.length || !W.size) return null;
  const z = M.bias.slice();
  for (const f of features) {
    const ws = W.get(f);
    if (ws) for (const [k, w] of ws) z[k] += w;
  }
  let mx = -Infinity;
  for (const v of z) if (v > mx) mx = v;
  let sum = 0;
  let best = 0;
  for (let k = 0; k < z.length; k++) { z[k] = Math.exp(z[k] - mx); sum += z[k]; if (z[k] > z[best]) best = k; }
  const c = M.classes[best];
  return { eventType: c.eventType, subEventType: c.subEventType, prob: z[best] / sum, label: c.label };
}
