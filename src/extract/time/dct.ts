// DCT inference for documents without a date: a dateline, explicit dates agreeing with weekday
// mentions, years reached by "N years after/later" from a year given in the text.
import type { Dct } from '../../model/types.ts';
import { C, type TT, type TView } from './tokens.ts';
import type { Mention } from './tagger.ts';
import { fmtDate, toDays, validDate, weekday, type Ymd } from './calendar.ts';

function tok(m: Mention, bit: number): TT | null {
  for (const x of m.toks) if (x.bits > 0 && (x.bits & bit)) return x.tok;
  return null;
}

export function inferDct(mentions: Mention[], v: TView, firstSentenceEnd: number): Dct {
  const full: { p: Ymd; start: number }[] = [];
  const monthDays: { m: number; d: number }[] = [];
  const weekdays = new Set<number>();
  const years: { y: number; pos: number }[] = [];
  const anchored: { n: number; pos: number }[] = [];
  for (const m of mentions) {
    const k = m.rule.kind;
    if (k === 'date') {
      const mo = tok(m, C.MONTH)!.info!.month!;
      const dt = tok(m, C.DAY | C.ORDDAY);
      const yt = tok(m, C.YEAR);
      if (dt && yt && validDate(yt.info!.year!, mo, dt.info!.day!)) full.push({ p: { y: yt.info!.year!, m: mo, d: dt.info!.day! }, start: m.start });
      else if (dt) monthDays.push({ m: mo, d: dt.info!.day! });
      if (yt) years.push({ y: yt.info!.year!, pos: m.i });
      const wd = tok(m, C.WEEKDAY);
      if (wd) weekdays.add(wd.info!.wd!);
    } else if (k === 'iso') {
      const [y, mo, d] = tok(m, C.ISODATE)!.info!.ymd!;
      if (validDate(y, mo, d)) full.push({ p: { y, m: mo, d }, start: m.start });
    } else if (k === 'weekday' || k === 'weekdayRel') {
      weekdays.add(tok(m, C.WEEKDAY)!.info!.wd!);
    } else if (k === 'year') {
      years.push({ y: tok(m, C.YEAR)!.info!.year!, pos: m.i });
    } else if (k === 'duration' || k === 'ago' || k === 'later') {
      const u = tok(m, C.UNIT | C.UNITPL);
      const n = tok(m, C.NUM);
      const after = m.j < v.n && v.sent[m.j] === v.sent[m.j - 1] ? v.t[m.j] : null;
      const isAnchored = k === 'ago' || (k === 'later' && m.toks.some((x) => x.tok.lower === 'later')) || (after !== null && (after.lower === 'after' || after.lower === 'since'));
      if (u?.info?.unit === 'Y' && n?.info?.num && isAnchored) anchored.push({ n: n.info.num, pos: m.i });
    }
  }
  // 1. dateline: a full date in the first sentence
  const dl = full.find((f) => f.start < firstSentenceEnd && f.start < 300);
  if (dl) return { value: fmtDate(dl.p), inferred: true, confidence: 0.9, method: 'dateline' };

  // 2. candidate years
  // "28 years after its occupation" + the year mention nearest to it in the text (1992) -> 2020;
  // the result must not precede any year the text mentions
  const yearCands: { y: number; method: string }[] = [];
  const maxYear = years.length ? Math.max(...years.map((y) => y.y)) : -Infinity;
  const distinctYears = new Set(years.map((y) => y.y)).size;
  for (const a of anchored) {
    let best: { y: number; pos: number } | null = null;
    for (const y of years) if (!best || Math.abs(y.pos - a.pos) < Math.abs(best.pos - a.pos)) best = y;
    if (best && best.y + a.n <= 2100 && best.y + a.n >= maxYear) yearCands.push({ y: best.y + a.n, method: 'anchored-duration' });
  }
  if (full.length) {
    const maxY = Math.max(...full.map((f) => f.p.y));
    yearCands.push({ y: maxY, method: 'explicit-date' });
  }
  // the text's only year, when a weekday confirms one of its month-days (below)
  if (!yearCands.length && distinctYears === 1) yearCands.push({ y: maxYear, method: 'year-mention' });

  // 3. month-day mentions falling on a mentioned weekday in a candidate year
  if (monthDays.length && weekdays.size) {
    let best: { p: Ymd; method: string } | null = null;
    for (const yc of yearCands) {
      for (const md of monthDays) {
        if (!validDate(yc.y, md.m, md.d)) continue;
        if (!weekdays.has(weekday(yc.y, md.m, md.d))) continue;
        const p = { y: yc.y, m: md.m, d: md.d };
        if (!best || toDays(p.y, p.m, p.d) > toDays(best.p.y, best.p.m, best.p.d)) best = { p, method: yc.method };
      }
      if (best) break;
    }
    if (best) {
      return { value: fmtDate(best.p), inferred: true, confidence: best.method === 'year-mention' ? 0.6 : 0.8, method: best.method === 'explicit-date' ? 'explicit-date+weekday' : `${best.method}+explicit-date+weekday` };
    }
  }
  // 4. the latest explicit full date
  if (full.length) {
    let b = full[0].p;
    for (const f of full) if (toDays(f.p.y, f.p.m, f.p.d) > toDays(b.y, b.m, b.d)) b = f.p;
    return { value: fmtDate(b), inferred: true, confidence: 0.5, method: 'explicit-date' };
  }
  // 5. a year from an anchored duration (the text's only year) plus the latest month-day mentioned
  if (yearCands.length && monthDays.length && yearCands[0].method === 'anchored-duration' && distinctYears === 1) {
    const y = yearCands[0].y;
    let b: Ymd | null = null;
    for (const md of monthDays) {
      if (!validDate(y, md.m, md.d)) continue;
      if (!b || md.m * 40 + md.d > b.m * 40 + b.d) b = { y, m: md.m, d: md.d };
    }
    if (b) return { value: fmtDate(b), inferred: true, confidence: 0.3, method: `${yearCands[0].method}+explicit-date` };
  }
  return { value: null, inferred: true, confidence: 0, method: 'none' };
}
