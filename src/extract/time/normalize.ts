// Normalisers: turn a rule match into a TIMEX3 type and value, resolved against the DCT and the
// narrative reference time. One function per rule "kind" (named in rules.json).
import type { TimexType } from '../../model/types.ts';
import { C, type TT } from './tokens.ts';
import type { Mention, MatchedTok } from './tagger.ts';
import {
  addDays, addMonths, daysInMonth, easter, fmtDate, fmtWeek, nthWeekday, pad2, pad4, toDays, validDate, weekday, type Ymd,
} from './calendar.ts';

export type Tense = 'future' | 'past' | 'none';

export interface NormContext {
  dct: Ymd | null;
  /** last explicit full date in the narrative (for "two days later") */
  ref: Ymd | null;
  tense: Tense;
  /** the sentence speaks of quarters (financial reports): "a year ago" means that quarter a year ago */
  quarterContext?: boolean;
}

export interface Norm {
  type: TimexType;
  value: string;
  /** set when the value is an explicit calendar day (updates the narrative reference) */
  day?: Ymd;
  anchor?: string;
}

function tok(m: Mention, bit: number): TT | null {
  for (const x of m.toks) if (x.bits > 0 && (x.bits & bit)) return x.tok;
  return null;
}
function lit(m: Mention, words: Set<string>): string | null {
  for (const x of m.toks) if (x.bits === -1 && words.has(x.tok.lower)) return x.tok.lower;
  return null;
}
function hasLit(m: Mention, w: string): boolean {
  return m.toks.some((x: MatchedTok) => x.bits === -1 && x.tok.lower === w);
}

const LAST = new Set(['last', 'past', 'previous']);
const NEXT = new Set(['next', 'coming']);
const THIS = new Set(['this', 'current']);
const REL = new Set(['last', 'past', 'previous', 'next', 'coming', 'this', 'current']);
const SEASON_ORDER: Record<string, number> = { SP: 1, SU: 2, FA: 3, WI: 4 };

function offsetOf(word: string | null): number {
  if (!word) return 0;
  if (LAST.has(word)) return -1;
  if (NEXT.has(word)) return 1;
  return 0;
}

/** Resolves a month(-day) without a year against the DCT, by tense (future: next; past: last; else nearest). */
function resolveYear(dct: Ymd, m: number, d: number | null, tense: Tense): number {
  const base = dct.y;
  const key = (y: number) => (d === null ? (y * 12 + m) * 31 : toDays(y, m, Math.min(d, daysInMonth(y, m))));
  const now = d === null ? (dct.y * 12 + dct.m) * 31 : toDays(dct.y, dct.m, dct.d);
  const cands = [base - 1, base, base + 1];
  if (tense === 'future') {
    for (const y of cands) if (key(y) >= now) return y;
  } else if (tense === 'past') {
    for (let k = cands.length - 1; k >= 0; k--) if (key(cands[k]) <= now) return cands[k];
  }
  let best = base, bd = Infinity;
  for (const y of cands) {
    const dd = Math.abs(key(y) - now);
    if (dd < bd) { bd = dd; best = y; }
  }
  return best;
}

function resolveWeekday(dct: Ymd, wd: number, tense: Tense): Ymd {
  const cur = weekday(dct.y, dct.m, dct.d);
  if (tense === 'future') return addDays(dct, (wd - cur + 7) % 7);
  return addDays(dct, -((cur - wd + 7) % 7));
}

function unitCode(u: string): string {
  return u;
}

/** Shifts the DCT (or anchor) by n units and formats at the unit's granularity. */
function shift(anchor: Ymd, n: number, unit: string): string | null {
  switch (unit) {
    case 'D': return fmtDate(addDays(anchor, n));
    case 'W': { const p = addDays(anchor, 7 * n); return fmtWeek(p.y, p.m, p.d); }
    case 'WE': { const p = addDays(anchor, 7 * n); return fmtWeek(p.y, p.m, p.d) + '-WE'; }
    case 'M': { const p = addMonths(anchor.y, anchor.m, n); return `${pad4(p.y)}-${pad2(p.m)}`; }
    case 'Q': { const p = addMonths(anchor.y, anchor.m, 3 * n); return `${pad4(p.y)}-Q${Math.floor((p.m - 1) / 3) + 1}`; }
    case 'Y': return pad4(anchor.y + n);
    case 'DE': return pad4(anchor.y + 10 * n).slice(0, 3);
    case 'CE': return pad4(anchor.y + 100 * n).slice(0, 2);
    case 'H': case 'MIN': case 'S': return fmtDate(anchor);
    default: return null;
  }
}

function durationValue(n: number | null, unit: string): string {
  const N = n === null ? 'X' : String(n);
  switch (unit) {
    case 'H': return `PT${N}H`;
    case 'MIN': return `PT${N}M`;
    case 'S': return `PT${N}S`;
    case 'DE': return n === null ? 'PXDE' : `P${n * 10}Y`;
    case 'CE': return n === null ? 'PXCE' : `P${n * 100}Y`;
    case 'Q': return n === null ? 'PXQ' : `P${n * 3}M`;
    default: return `P${N}${unitCode(unit)}`;
  }
}

function numberOf(m: Mention): number | null | undefined {
  if (m.rule.n !== undefined) return m.toks.some((x) => x.tok.lower === 'few') ? null : m.rule.n;
  const nt = tok(m, C.NUM);
  if (nt && nt.info?.num !== undefined) return nt.info.num;
  if (tok(m, C.VAGUE)) return null;
  if (hasLit(m, 'a') || hasLit(m, 'an')) return 1;
  const u = tok(m, C.UNIT | C.UNITPL);
  if (u?.info?.num) return u.info.num; // fortnight
  return undefined;
}

function unitOf(m: Mention): string | null {
  const u = tok(m, C.UNIT | C.UNITPL);
  return u?.info?.unit ?? null;
}

function timeOfDay(m: Mention): string | null {
  let h: number | undefined, mi = 0;
  const hm = tok(m, C.HM);
  const named = tok(m, C.NAMEDTIME);
  if (hm) { h = hm.info!.h; mi = hm.info!.min ?? 0; } else if (named) { h = named.info!.h; mi = named.info!.min ?? 0; } else {
    const ht = tok(m, C.HOUR);
    if (ht) h = ht.info!.num;
  }
  if (h === undefined) return null;
  const ap = tok(m, C.AMPM)?.info?.ampm;
  if (ap === 'pm' && h < 12) h += 12;
  if (ap === 'am' && h === 12) h = 0;
  return `${pad2(h)}:${pad2(mi)}`;
}

function holidayDate(key: string, y: number): Ymd | null {
  if (/^\d\d-\d\d$/.test(key)) return { y, m: Number(key.slice(0, 2)), d: Number(key.slice(3)) };
  switch (key) {
    case 'thanksgiving': return nthWeekday(y, 11, 4, 4);
    case 'labor': return nthWeekday(y, 9, 1, 1);
    case 'memorial': return nthWeekday(y, 5, 1, -1);
    case 'easter': return easter(y);
    default: return null;
  }
}

const X = 'XXXX';

/** Returns null when the match is not a valid time expression after all (e.g. February 30). */
export function normalize(m: Mention, ctx: NormContext, dateLocale: 'en-US' | 'en-GB' = 'en-US'): Norm | null {
  const { dct, tense } = ctx;
  const type = m.rule.type;
  const dctStr = dct ? fmtDate(dct) : undefined;
  switch (m.rule.kind) {
    case 'date': {
      const mt = tok(m, C.MONTH)!;
      const month = mt.info!.month!;
      const dt = tok(m, C.DAY | C.ORDDAY);
      const day = dt ? dt.info!.day! : null;
      const yt = tok(m, C.YEAR);
      let y: number | null = yt ? yt.info!.year! : null;
      const wdt = tok(m, C.WEEKDAY);
      if (y === null && dct && day !== null && wdt) {
        // Saturday, April 25: the year whose April 25 is a Saturday, nearest the DCT
        for (const c of [dct.y, dct.y - 1, dct.y + 1]) if (validDate(c, month, day) && weekday(c, month, day) === wdt.info!.wd) { y = c; break; }
      }
      if (y === null && dct) y = resolveYear(dct, month, day, tense === 'future' ? 'future' : 'none');
      if (day !== null) {
        if (y !== null && !validDate(y, month, day)) return null;
        if (y === null && day > daysInMonth(2000, month)) return null;
        if (y === null) return { type, value: `${X}-${pad2(month)}-${pad2(day)}` };
        const p = { y, m: month, d: day };
        return { type, value: fmtDate(p), day: p, anchor: yt ? undefined : dctStr };
      }
      return { type, value: y === null ? `${X}-${pad2(month)}` : `${pad4(y)}-${pad2(month)}`, anchor: yt ? undefined : dctStr };
    }
    case 'namedRel': {
      const month = tok(m, C.MONTH)!.info!.month!;
      const w = lit(m, REL);
      if (!dct) return { type, value: `${X}-${pad2(month)}` };
      let y = dct.y;
      const off = offsetOf(w);
      if (off < 0) y = month < dct.m ? dct.y : dct.y - 1;
      else if (off > 0) y = month > dct.m ? dct.y : dct.y + 1;
      return { type, value: `${pad4(y)}-${pad2(month)}`, anchor: dctStr };
    }
    case 'iso': {
      const [y, mo, d] = tok(m, C.ISODATE)!.info!.ymd!;
      if (!validDate(y, mo, d)) return null;
      const p = { y, m: mo, d };
      return { type, value: fmtDate(p), day: p };
    }
    case 'slash': {
      const [a, b, c] = tok(m, C.SLASHDATE)!.info!.slash!;
      const [mo, d] = dateLocale === 'en-GB' ? [b, a] : [a, b];
      let y: number | null = c < 0 ? null : c < 100 ? (c < 50 ? 2000 + c : 1900 + c) : c;
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
      if (y === null && dct) y = resolveYear(dct, mo, d, tense === 'future' ? 'future' : 'none');
      if (y === null) return { type, value: `${X}-${pad2(mo)}-${pad2(d)}` };
      if (!validDate(y, mo, d)) return null;
      const p = { y, m: mo, d };
      return { type, value: fmtDate(p), day: p };
    }
    case 'year':
      return { type, value: pad4(tok(m, C.YEAR)!.info!.year!) };
    case 'wordYear': {
      const a = m.toks[0].tok.info!.num!, b = m.toks[1].tok.info!.num!;
      return { type, value: pad4(a * 100 + b) };
    }
    case 'followingUnit': {
      const unit = unitOf(m);
      const anchor = ctx.ref ?? dct;
      if (!unit || !anchor || unit === 'H' || unit === 'MIN' || unit === 'S') return null;
      const back = hasLit(m, 'previous') || hasLit(m, 'preceding');
      const v = shift(anchor, back ? -1 : 1, unit);
      return v ? { type, value: v, anchor: fmtDate(anchor) } : null;
    }
    case 'yearAgo': {
      if (!dct) return { type, value: X };
      if (ctx.quarterContext || hasLit(m, 'quarter') || hasLit(m, 'period')) {
        const q = addMonths(dct.y, dct.m, -15);
        return { type, value: `${pad4(q.y)}-Q${Math.floor((q.m - 1) / 3) + 1}`, anchor: dctStr };
      }
      return { type, value: pad4(dct.y - 1), anchor: dctStr };
    }
    case 'weekend': {
      if (!dct) return { type, value: `${X}-WXX-WE` };
      const wd = weekday(dct.y, dct.m, dct.d);
      // future: the coming Saturday; otherwise the last one (this one on a weekend)
      const sat = tense === 'future' ? addDays(dct, (6 - wd + 7) % 7) : addDays(dct, wd >= 6 ? 6 - wd : -(wd + 1));
      return { type, value: fmtWeek(sat.y, sat.m, sat.d) + '-WE', anchor: dctStr };
    }
    case 'thatUnit': {
      const unit = unitOf(m);
      const anchor = ctx.ref ?? dct;
      if (!unit || !anchor || unit === 'H' || unit === 'MIN' || unit === 'S') return null;
      const v = shift(anchor, 0, unit);
      return v ? { type, value: v, anchor: fmtDate(anchor) } : null;
    }
    case 'quarterRef': {
      if (!dct) return { type, value: `${X}-QX` };
      return { type, value: shift(dct, -1, 'Q')!, anchor: dctStr };
    }
    case 'decade':
      return { type, value: tok(m, C.DECADE)!.info!.decade! };
    case 'century': {
      const o = tok(m, C.ORD)!.info!.ord!;
      if (o < 1 || o > 30) return null;
      return { type, value: pad2(o - 1) };
    }
    case 'weekday': {
      const wd = tok(m, C.WEEKDAY)!.info!.wd!;
      const pod = tok(m, C.POD)?.info?.pod;
      const suffix = pod ? 'T' + pod : '';
      if (!dct) return { type, value: `${X}-WXX-${wd}${suffix}` };
      const p = resolveWeekday(dct, wd, tense);
      return { type, value: fmtDate(p) + suffix, day: pod ? undefined : p, anchor: dctStr };
    }
    case 'weekdayRel': {
      const wd = tok(m, C.WEEKDAY)!.info!.wd!;
      const pod = tok(m, C.POD)?.info?.pod;
      const suffix = pod ? 'T' + pod : '';
      if (!dct) return { type, value: `${X}-WXX-${wd}${suffix}` };
      const cur = weekday(dct.y, dct.m, dct.d);
      const off = offsetOf(lit(m, REL));
      const p = off < 0 ? addDays(dct, -(((cur - wd + 7) % 7) || 7)) : off > 0 ? addDays(dct, ((wd - cur + 7) % 7) || 7) : addDays(dct, wd - cur);
      return { type, value: fmtDate(p) + suffix, anchor: dctStr };
    }
    case 'dayword': {
      const dw = tok(m, C.DAYWORD)!;
      const pod = tok(m, C.POD)?.info?.pod ?? (dw.lower === 'tonight' ? 'NI' : undefined);
      const suffix = pod ? 'T' + pod : '';
      if (!dct) return { type, value: (dw.info!.dayOff === 0 && !pod ? 'PRESENT_REF' : `${X}-XX-XX${suffix}`) };
      return { type, value: fmtDate(addDays(dct, dw.info!.dayOff!)) + suffix, anchor: dctStr };
    }
    case 'thisPod': {
      const pod = tok(m, C.POD)!.info!.pod!;
      if (!dct) return { type, value: `${X}-XX-XXT${pod}` };
      const last = hasLit(m, 'last');
      return { type, value: fmtDate(last ? addDays(dct, -1) : dct) + 'T' + pod, anchor: dctStr };
    }
    case 'thisUnit': {
      const unit = unitOf(m);
      if (!unit) {
        // this century (literal "century" in the rule)
        if (!dct) return null;
        return { type, value: shift(dct, offsetOf(lit(m, REL)), 'CE')!, anchor: dctStr };
      }
      if (unit === 'H' || unit === 'MIN' || unit === 'S') return null;
      if (!dct) return { type, value: unit === 'Y' ? X : unit === 'M' ? `${X}-XX` : 'PRESENT_REF' };
      const v = shift(dct, offsetOf(lit(m, REL)), unit);
      return v ? { type, value: v, anchor: dctStr } : null;
    }
    case 'ago':
    case 'later': {
      const unit = unitOf(m);
      const n = numberOf(m);
      if (!unit || n === undefined) return null;
      if (n === null) return { type, value: m.rule.kind === 'later' && hasLit(m, 'later') ? 'FUTURE_REF' : 'PAST_REF' };
      const anchor = m.rule.kind === 'later' ? (ctx.ref ?? dct) : dct;
      if (!anchor) return { type: 'DURATION', value: durationValue(n, unit) };
      const sign = m.rule.kind === 'ago' || hasLit(m, 'earlier') ? -1 : 1;
      if (ctx.quarterContext && unit === 'Y' && sign < 0 && dct) {
        const q = addMonths(dct.y, dct.m, -3 - 12 * n);
        return { type, value: `${pad4(q.y)}-Q${Math.floor((q.m - 1) / 3) + 1}`, anchor: dctStr };
      }
      const v = shift(anchor, sign * n, unit);
      if (!v) return null;
      return { type, value: v, anchor: fmtDate(anchor) };
    }
    case 'duration': {
      const unit = unitOf(m);
      if (!unit || unit === 'WE') return null;
      let n = numberOf(m);
      if (n === undefined) {
        // bare plural ("for years") or "the past year"
        n = tok(m, C.UNITPL) ? null : 1;
      }
      return { type, value: durationValue(n, unit) };
    }
    case 'quarter': {
      const q = tok(m, C.ORD)!.info!.ord!;
      if (q < 1 || q > 4) return null;
      const yt = tok(m, C.YEAR);
      const y = yt ? pad4(yt.info!.year!) : dct ? pad4(dct.y) : X;
      return { type, value: `${y}-Q${q}` };
    }
    case 'half': {
      const h = hasLit(m, 'first') ? 1 : 2;
      const yt = tok(m, C.YEAR);
      const y = yt ? pad4(yt.info!.year!) : dct ? pad4(dct.y) : X;
      return { type, value: `${y}-H${h}` };
    }
    case 'season': {
      const s = tok(m, C.SEASON)!.info!.season!;
      const yt = tok(m, C.YEAR);
      const y = yt ? pad4(yt.info!.year!) : dct ? pad4(dct.y) : X;
      return { type, value: `${y}-${s}` };
    }
    case 'seasonRel': {
      const s = tok(m, C.SEASON)!.info!.season!;
      if (!dct) return { type, value: `${X}-${s}` };
      const cur = dct.m === 12 || dct.m <= 2 ? 4 : dct.m <= 5 ? 1 : dct.m <= 8 ? 2 : 3;
      const off = offsetOf(lit(m, REL));
      let y = dct.y;
      if (off < 0) y = SEASON_ORDER[s] < cur ? dct.y : dct.y - 1;
      else if (off > 0) y = SEASON_ORDER[s] > cur ? dct.y : dct.y + 1;
      return { type, value: `${pad4(y)}-${s}`, anchor: dctStr };
    }
    case 'time': {
      const hhmm = timeOfDay(m);
      if (!hhmm) return null;
      let day: Ymd | null = dct;
      const wdt = tok(m, C.WEEKDAY);
      const dwt = tok(m, C.DAYWORD);
      const mot = tok(m, C.MONTH);
      if (mot) {
        const dd = tok(m, C.DAY)!.info!.day!;
        const mo = mot.info!.month!;
        const y = dct ? resolveYear(dct, mo, dd, tense) : null;
        if (y === null) return { type, value: `${X}-${pad2(mo)}-${pad2(dd)}T${hhmm}` };
        if (!validDate(y, mo, dd)) return null;
        day = { y, m: mo, d: dd };
      } else if (dct && wdt) day = resolveWeekday(dct, wdt.info!.wd!, tense);
      else if (dct && dwt) day = addDays(dct, dwt.info!.dayOff!);
      const hh = Number(hhmm.slice(0, 2));
      if (hh > 24) return null;
      const tz = tok(m, C.TZ);
      const z = tz && (tz.lower === 'utc' || tz.lower === 'gmt') ? 'Z' : '';
      return { type, value: (day ? fmtDate(day) : `${X}-XX-XX`) + 'T' + hhmm + z, anchor: dctStr };
    }
    case 'ref': {
      const r = tok(m, C.REF);
      if (r) return { type, value: r.info!.ref! };
      if (m.rule.value) return { type, value: m.rule.value };
      if (hasLit(m, 'future')) return { type, value: 'FUTURE_REF' };
      if (hasLit(m, 'past')) return { type, value: 'PAST_REF' };
      return null;
    }
    case 'set': {
      const sa = tok(m, C.SETADV);
      if (sa) return { type, value: sa.info!.set! };
      const wd = tok(m, C.WEEKDAY);
      if (wd) return { type, value: `XXXX-WXX-${wd.info!.wd}` };
      const unit = unitOf(m);
      if (!unit || unit === 'WE') return null;
      const nt = tok(m, C.NUM);
      return { type, value: durationValue(nt ? nt.info!.num! : 1, unit) };
    }
    case 'holiday': {
      const key = tok(m, C.HOLIDAY)!.info!.holiday!;
      if (!dct) return null;
      // the nearest occurrence to the DCT
      let p: Ymd | null = null, bd = Infinity;
      const now = toDays(dct.y, dct.m, dct.d);
      for (const y of [dct.y - 1, dct.y, dct.y + 1]) {
        const h = holidayDate(key, y);
        if (h && Math.abs(toDays(h.y, h.m, h.d) - now) < bd) { bd = Math.abs(toDays(h.y, h.m, h.d) - now); p = h; }
      }
      return p ? { type, value: fmtDate(p), anchor: dctStr } : null;
    }
    default:
      return null;
  }
}
