// Scoring of predicted events against the hand-written gold set (pure functions; no I/O).
// Used by eval/events-gold.ts; tested by test/gold-format.test.ts.
import type { ConflictEvent, Span } from '../../src/model/types.ts';
import { evidenceSpan, type GoldEvent, type GoldReport } from './format.ts';

export const PLACE_KM = 25;

/** The fields a scored prediction needs (a subset of ConflictEvent, so partial stages still score). */
export type PredEvent = Pick<ConflictEvent, 'eventType' | 'subEventType' | 'evidence'> &
  Partial<Pick<ConflictEvent, 'action' | 'actor1' | 'place' | 'date' | 'fatalities' | 'modality' | 'mentions'>>;

export interface Pair {
  gold: GoldEvent;
  goldIndex: number;
  pred: PredEvent;
  predIndex: number;
  /** Overlap of the spans divided by the shorter span's length (containment), 0..1. */
  overlap: number;
}

export interface ReportAlignment {
  pairs: Pair[];
  unmatchedGold: number[];
  unmatchedPred: number[];
  /** Predictions whose evidence overlaps a span marked as a non-event. */
  predOnNonEvents: number[];
}

function spanOverlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function predSpans(p: PredEvent): Span[] {
  const out: Span[] = [];
  if (p.evidence && Number.isFinite(p.evidence.start) && Number.isFinite(p.evidence.end)) out.push(p.evidence);
  for (const m of p.mentions ?? []) if (m && Number.isFinite(m.start)) out.push(m);
  return out;
}

/** Containment-style overlap of a gold span with the best of a prediction's spans (evidence and mentions). */
export function overlapScore(g: Span, p: PredEvent): number {
  let best = 0;
  for (const s of predSpans(p)) {
    const o = spanOverlap(g, s);
    if (o <= 0) continue;
    const denom = Math.max(1, Math.min(g.end - g.start, s.end - s.start));
    best = Math.max(best, o / denom);
  }
  return best;
}

export function typeMatch(g: GoldEvent, p: PredEvent): boolean {
  return (g.eventType ?? null) === (p.eventType ?? null);
}

export function subTypeMatch(g: GoldEvent, p: PredEvent): boolean {
  return (g.subEventType ?? null) === (p.subEventType ?? null);
}

/**
 * Aligns predictions to gold events one-to-one: pairs need overlapping evidence; the greedy order is
 * overlap first (in steps of 0.1), then type + sub-type agreement, then the exact overlap.
 */
export function alignReport(r: GoldReport, preds: PredEvent[]): ReportAlignment {
  const cands: { gi: number; pi: number; ov: number; key: number }[] = [];
  r.events.forEach((g, gi) => {
    const gs = evidenceSpan(r, g.evidence);
    preds.forEach((p, pi) => {
      const ov = overlapScore(gs, p);
      if (ov <= 0) return;
      const t = (typeMatch(g, p) ? 1 : 0) + (subTypeMatch(g, p) ? 1 : 0);
      cands.push({ gi, pi, ov, key: Math.round(ov * 10) * 10 + t * 3 + ov });
    });
  });
  cands.sort((a, b) => b.key - a.key || a.gi - b.gi || a.pi - b.pi);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const pairs: Pair[] = [];
  for (const c of cands) {
    if (usedG.has(c.gi) || usedP.has(c.pi)) continue;
    usedG.add(c.gi);
    usedP.add(c.pi);
    pairs.push({ gold: r.events[c.gi], goldIndex: c.gi, pred: preds[c.pi], predIndex: c.pi, overlap: c.ov });
  }
  pairs.sort((a, b) => a.goldIndex - b.goldIndex);
  const nonSpans = (r.nonEvents ?? []).map((n) => evidenceSpan(r, n.evidence));
  const predOnNonEvents: number[] = [];
  preds.forEach((p, pi) => {
    if (usedP.has(pi)) return;
    if (nonSpans.some((ns) => overlapScore(ns, p) > 0)) predOnNonEvents.push(pi);
  });
  return {
    pairs,
    unmatchedGold: r.events.map((_, i) => i).filter((i) => !usedG.has(i)),
    unmatchedPred: preds.map((_, i) => i).filter((i) => !usedP.has(i)),
    predOnNonEvents,
  };
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function placeMatch(g: GoldEvent, p: PredEvent, km = PLACE_KM): boolean {
  const pp = p.place;
  const hasPred = !!pp && typeof pp.lat === 'number' && typeof pp.lon === 'number';
  if (!g.place) return !hasPred;
  if (!hasPred) return false;
  return haversineKm(g.place.lat, g.place.lon, pp!.lat as number, pp!.lon as number) <= km;
}

/** TIMEX3 date without a time-of-day suffix: "2020-11-30TNI" -> "2020-11-30". */
export function normDate(v: string | null | undefined): string | null {
  if (!v) return null;
  const i = v.indexOf('T');
  return i > 0 ? v.slice(0, i) : v;
}

export function dateMatch(g: GoldEvent, p: PredEvent): boolean {
  return normDate(g.date) !== null && normDate(g.date) === normDate(p.date ?? null);
}

/** null and 0 both mean "no fatalities reported for this event". */
export function fatalitiesMatch(g: GoldEvent, p: PredEvent): boolean {
  return (g.fatalities ?? 0) === (p.fatalities ?? 0);
}

/** Lower case, ACLED period suffixes like "(2000-)" dropped, punctuation folded to spaces, "the"/"of" dropped. */
export function normActor(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .toLowerCase()
    .replace(/\(\s*\d{4}\s*-\s*(\d{4})?\s*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(the|of)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function actorMatch(g: string | null, p: { name: string } | string | null | undefined): boolean {
  const pn = normActor(typeof p === 'string' ? p : p?.name);
  const gn = normActor(g);
  if (!gn || !pn) return !gn && !pn;
  return gn === pn || gn.includes(pn) || pn.includes(gn);
}

export const FIELDS = ['eventType', 'subEventType', 'fatalities', 'place25km', 'date', 'actor1', 'modality', 'action'] as const;
export type Field = (typeof FIELDS)[number];

export function fieldChecks(g: GoldEvent, p: PredEvent): Record<Field, boolean> {
  return {
    eventType: typeMatch(g, p),
    subEventType: subTypeMatch(g, p),
    fatalities: fatalitiesMatch(g, p),
    place25km: placeMatch(g, p),
    date: dateMatch(g, p),
    actor1: actorMatch(g.actor1, p.actor1 ?? null),
    modality: (p.modality ?? 'asserted') === g.modality,
    action: (p.action ?? '') === g.action,
  };
}

/** An event-level match: aligned, same event type, place within 25 km, same date. */
export function eventMatch(g: GoldEvent, p: PredEvent, strictSubType = false): boolean {
  return typeMatch(g, p) && (!strictSubType || subTypeMatch(g, p)) && placeMatch(g, p) && dateMatch(g, p);
}

export interface Tally {
  reports: number;
  gold: number;
  pred: number;
  aligned: number;
  errors: number;
  correct: Record<Field, number>;
  tp: number;
  tpStrict: number;
  goldAsserted: number;
  predAsserted: number;
  tpAsserted: number;
  predOnNonEvents: number;
  nonEvents: number;
}

export function emptyTally(): Tally {
  return {
    reports: 0, gold: 0, pred: 0, aligned: 0, errors: 0,
    correct: Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>,
    tp: 0, tpStrict: 0, goldAsserted: 0, predAsserted: 0, tpAsserted: 0, predOnNonEvents: 0, nonEvents: 0,
  };
}

export function addReport(t: Tally, r: GoldReport, preds: PredEvent[], failed = false): ReportAlignment {
  const al = alignReport(r, preds);
  t.reports++;
  if (failed) t.errors++;
  t.gold += r.events.length;
  t.pred += preds.length;
  t.nonEvents += (r.nonEvents ?? []).length;
  t.predOnNonEvents += al.predOnNonEvents.length;
  t.goldAsserted += r.events.filter((e) => e.modality === 'asserted').length;
  t.predAsserted += preds.filter((p) => (p.modality ?? 'asserted') === 'asserted').length;
  for (const pr of al.pairs) {
    t.aligned++;
    const c = fieldChecks(pr.gold, pr.pred);
    for (const f of FIELDS) if (c[f]) t.correct[f]++;
    if (eventMatch(pr.gold, pr.pred)) {
      t.tp++;
      if (pr.gold.modality === 'asserted' && (pr.pred.modality ?? 'asserted') === 'asserted') t.tpAsserted++;
    }
    if (eventMatch(pr.gold, pr.pred, true)) t.tpStrict++;
  }
  return al;
}

export function prf(tp: number, nPred: number, nGold: number): { p: number; r: number; f1: number } {
  const p = nPred ? tp / nPred : 0;
  const r = nGold ? tp / nGold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}
