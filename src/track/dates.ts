// Calendar arithmetic on YYYY-MM-DD strings, and a small token-level date reader used by the track
// stage when a sentence carries no timex from the time stage (amendments in reports, deadlines in
// plain-text agreements). Lexicon: src/resources/track/dates.json.
import lex from '../resources/track/dates.json' with { type: 'json' };

const MONTHS = lex.months as Record<string, number>;
const NUMBERS = lex.numbers as Record<string, number>;
const ORDINALS = lex.ordinals as Record<string, number>;
const UNITS = lex.units as Record<string, string>;

const DAY_MS = 86_400_000;

function toUtc(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}
function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = toUtc(v);
  return !Number.isNaN(t) && fromUtc(t) === v;
}

export function addDays(d: string, n: number): string {
  return fromUtc(toUtc(d) + n * DAY_MS);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Adds an ISO-8601 duration of one unit (P10D, P2W, P3M, P3Y) to a date; null if unsupported. */
export function addDuration(d: string, dur: string): string | null {
  const m = /^P(\d+)([DWMY])$/.exec(dur);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === 'D') return addDays(d, n);
  if (m[2] === 'W') return addDays(d, 7 * n);
  const y = Number(d.slice(0, 4)), mo = Number(d.slice(5, 7)) - 1, day = Number(d.slice(8, 10));
  const months = m[2] === 'M' ? n : 12 * n;
  const ty = y + Math.floor((mo + months) / 12), tm = (mo + months) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(ty, tm, Math.min(day, last)));
}

/** The calendar day of a TIMEX3 value (2020-11-30TNI -> 2020-11-30); null when coarser than a day. */
export function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const d = value.slice(0, 10);
  return isDay(d) && (value.length === 10 || value[10] === 'T') ? d : null;
}

/** The last day a TIMEX3 value can denote (2020-09 -> 2020-09-30, 2020 -> 2020-12-31); null if unknown. */
export function lastDayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = dayOf(value);
  if (day) return day;
  let m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return fromUtc(Date.UTC(Number(m[1]), Number(m[2]), 0));
  m = /^(\d{4})$/.exec(value);
  if (m) return `${m[1]}-12-31`;
  return null;
}

/** The first day a TIMEX3 value can denote (2020-09 -> 2020-09-01, 2020 -> 2020-01-01); null if unknown. */
export function firstDayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = dayOf(value);
  if (day) return day;
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  return null;
}

export interface FoundDate {
  start: number;
  end: number;
  text: string;
  value: string;
}
export interface FoundDuration {
  start: number;
  end: number;
  text: string;
  /** P10D, P3Y ... */
  value: string;
}

interface Tok {
  start: number;
  end: number;
  text: string;
  low: string;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  const re = /[A-Za-z]+(?:-[A-Za-z]+)*\.?|\d+(?:st|nd|rd|th)?|[^\sA-Za-z\d]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const t = m[0];
    out.push({ start: m.index, end: m.index + t.length, text: t, low: t.toLowerCase().replace(/\.$/, '') });
  }
  return out;
}

function dayNum(t: Tok | undefined): number | null {
  if (!t) return null;
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(t.low);
  if (m) {
    const n = Number(m[1]);
    return n >= 1 && n <= 31 ? n : null;
  }
  return ORDINALS[t.low] ?? null;
}

function yearNum(t: Tok | undefined): number | null {
  if (!t || !/^\d{4}$/.test(t.low)) return null;
  const y = Number(t.low);
  return y >= 1900 && y <= 2100 ? y : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Picks the year that puts month/day nearest to the reference date. */
function nearestYear(ref: string | null, mo: number, d: number): number | null {
  if (!ref) return null;
  const y = Number(ref.slice(0, 4));
  let best: number | null = null, bestGap = Infinity;
  for (const cy of [y - 1, y, y + 1]) {
    const v = `${cy}-${pad(mo)}-${pad(d)}`;
    if (!isDay(v)) continue;
    const gap = Math.abs(daysBetween(ref, v));
    if (gap < bestGap) { best = cy; bestGap = gap; }
  }
  return best;
}

/** Calendar dates written out in words ("November 25", "25 November 2020", "Dec. 1, 2020", "the 5th of December"). */
export function findDates(text: string, ref: string | null): FoundDate[] {
  const toks = tokenize(text);
  const out: FoundDate[] = [];
  for (let i = 0; i < toks.length; i++) {
    const mo = MONTHS[toks[i].low];
    if (!mo) continue;
    // A bare month abbreviation that is also a common word ("may", "mar") needs a capital letter.
    if (toks[i].text[0] !== toks[i].text[0].toUpperCase()) continue;
    let startTok = i, endTok = i, day: number | null = null, year: number | null = null;
    const after = dayNum(toks[i + 1]);
    if (after !== null) {
      day = after; endTok = i + 1;
      let j = i + 2;
      if (toks[j]?.low === ',') j++;
      const y = yearNum(toks[j]);
      if (y) { year = y; endTok = j; }
    } else {
      // "25 November", "the 5th of December"
      let j = i - 1;
      if (toks[j]?.low === 'of') j--;
      const before = dayNum(toks[j]);
      if (before !== null && j >= 0) {
        day = before; startTok = j;
        const y = yearNum(toks[i + 1]);
        if (y) { year = y; endTok = i + 1; }
      }
    }
    if (day === null) continue;
    const y = year ?? nearestYear(ref, mo, day);
    if (y === null) continue;
    const value = `${y}-${pad(mo)}-${pad(day)}`;
    if (!isDay(value)) continue;
    const start = toks[startTok].start, end = toks[endTok].end;
    out.push({ start, end, text: text.slice(start, end), value });
    i = endTok;
  }
  return out;
}

/** Durations of one unit ("10 days", "three years", "a week"). */
export function findDurations(text: string): FoundDuration[] {
  const toks = tokenize(text);
  const out: FoundDuration[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const unit = UNITS[toks[i + 1].low];
    if (!unit) continue;
    const low = toks[i].low;
    const n = /^\d+$/.test(low) ? Number(low) : NUMBERS[low];
    if (n === undefined || n <= 0) continue;
    const start = toks[i].start, end = toks[i + 1].end;
    out.push({ start, end, text: text.slice(start, end), value: `P${n}${unit}` });
    i++;
  }
  return out;
}
