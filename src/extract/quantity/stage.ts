// Quantity stage: cardinals ("1,960", "1.5 million") and number words ("five", "twenty-five",
// "five-kilometer", "dozens of") with the unit and the noun they count; never years, days of
// the month, clock times or durations (those belong to the time layer).
import { lowerTokens } from '../actors/lexicon.ts';
import type { Quantity, Timex, Token } from '../../model/types.ts';
import type { Annotated, Stage } from '../annotated.ts';
import q from '../../resources/quantity/quantity.json' with { type: 'json' };

const NUMBER_WORDS = new Map<string, number>(Object.entries(q.numberWords));
const MULT = new Map<string, number>(Object.entries(q.multipliers));
const VAGUE = new Map<string, number>(Object.entries(q.vaguePlurals).filter(([k]) => k !== 'about') as [string, number][]);
const UNITS = new Map<string, string>(Object.entries(q.units));
const TIME_UNITS = new Set<string>(q.timeUnits);
const COUNT_UNIT = new Map<string, string>();
for (const [unit, words] of Object.entries(q.countUnits)) for (const w of words) COUNT_UNIT.set(w, unit);
const APPROX = new Map<string, 'approx' | 'min' | 'max'>(Object.entries(q.approx) as [string, 'approx' | 'min' | 'max'][]);
const STOP = new Set<string>(q.countsStop);
const OUTCOME = new Set<string>(q.outcomeWords);
const BE = new Set<string>(q.beVerbs);
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

function lc(t: Token | undefined): string { return t ? t.text.toLowerCase().replace(/’/g, "'") : ''; }

/** Value of a number token: "1,960" -> 1960, "3.5" -> 3.5; null for dates, times, ranges. */
function numericValue(s: string): number | null {
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  return null;
}

/** Number word, possibly hyphenated ("twenty-five"); returns value and the rest after a hyphen ("five-kilometer" -> 5, "kilometer"). */
function wordValue(s: string): { value: number; rest: string | null } | null {
  const parts = s.split(/[-‐‑]/);
  let v = NUMBER_WORDS.get(parts[0]);
  if (v === undefined) {
    const m = /^(\d+(?:\.\d+)?)$/.exec(parts[0]);
    if (m && parts.length > 1) v = Number(m[1]); else return null;
  }
  let k = 1;
  if (v >= 20 && v < 100 && parts.length > 1) {
    const u = NUMBER_WORDS.get(parts[1]);
    if (u !== undefined && u < 10) { v += u; k = 2; }
  }
  const rest = parts.slice(k).join('-');
  return { value: v, rest: rest || null };
}

/** overlap(start, end): does [start, end) overlap a timex other than a DURATION? The same answer as
 * timexes.some(...), by binary search over the timexes sorted by start with a running maximum of their
 * ends (not a scan of every timex per number: quadratic on long documents). */
function timexOverlap(timexes: Timex[]): (start: number, end: number) => boolean {
  const xs = timexes.filter((x) => x.type !== 'DURATION');
  for (let i = 1; i < xs.length; i++) {
    if (xs[i].start < xs[i - 1].start) return (start, end) => xs.some((x) => x.start < end && start < x.end);
  }
  const maxEnd = new Float64Array(xs.length);
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) { if (xs[i].end > m) m = xs[i].end; maxEnd[i] = m; }
  return (start, end) => {
    // the timexes with x.start < end are xs[0 .. lo); one of them overlaps iff the largest end exceeds start
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const k = (lo + hi) >> 1;
      if (xs[k].start < end) lo = k + 1; else hi = k;
    }
    return lo > 0 && maxEnd[lo - 1] > start;
  };
}

export function findQuantities(a: Annotated): Quantity[] {
  const { tokens } = a;
  const text = a.doc.text;
  const out: Quantity[] = [];
  const low = lowerTokens(tokens);
  const lk = (k: number): string => low[k] ?? '';
  const inTimex = timexOverlap(a.timexes);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const n = low[i];
    let value: number | null = null;
    let j = i + 1; // next token after the number
    let unit: string | null = null;
    let vague = false;
    let restUnit: string | null = null;
    if (t.kind === 'number') {
      value = numericValue(t.text);
      if (value === null) continue;
      const prev = lk(i - 1);
      const next = lk(i + 1);
      // days of the month, years, clock times
      if (value <= 31 && Number.isInteger(value) && (MONTHS.has(prev.replace(/\.$/, '')) || MONTHS.has(next.replace(/\.$/, '')))) continue;
      if (/^\d{4}$/.test(t.text) && value >= 1800 && value <= 2100 && !COUNT_UNIT.has(next)) continue;
      if (next === ':' || prev === ':') continue;
    } else if (t.kind === 'word') {
      if (!NUMBER_WORDS.has(n) && !VAGUE.has(n) && !(n.includes('-') && (NUMBER_WORDS.has(n.slice(0, n.indexOf('-'))) || (n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57)))) continue;
      const w = wordValue(n);
      if (w) {
        if (n === 'one' && (lk(i + 1) === 'of' || lk(i - 1) === 'no' || lk(i - 1) === 'the' || lk(i + 1) === 'another')) continue;
        value = w.value;
        restUnit = w.rest;
        if (n === 'dozen' && lk(i - 1) !== 'a') continue;
      } else if (VAGUE.has(n) && lk(i + 1) === 'of') {
        // "dozens of", "hundreds of thousands of"
        const two = `${n} of ${lk(i + 2)}`;
        if (VAGUE.has(`${n} of ${lk(i + 2)}`) && lk(i + 3) === 'of') { value = VAGUE.get(two)!; j = i + 4; }
        else { value = VAGUE.get(n)!; j = i + 2; }
        vague = true;
      } else continue;
    } else continue;
    if (value === null) continue;
    let start = t.start;
    // "a dozen"
    if (n === 'dozen') start = tokens[i - 1].start;
    // multipliers: "1.5 million", "two thousand"
    while (!vague && j < tokens.length && MULT.has(lk(j))) { value *= MULT.get(lk(j))!; j++; }
    // approximation cue before
    let approx: Quantity['approx'] = vague ? 'approx' : null;
    {
      const p1 = lk(i - 1);
      const p2 = i >= 2 ? `${lk(i - 2)} ${p1}` : '';
      const p3 = i >= 3 ? `${lk(i - 3)} ${p2}` : '';
      const startTok = n === 'dozen' ? i - 1 : i;
      if (startTok === i) {
        if (APPROX.has(p3)) { approx = APPROX.get(p3)!; start = tokens[i - 3].start; }
        else if (APPROX.has(p2)) { approx = APPROX.get(p2)!; start = tokens[i - 2].start; }
        else if (APPROX.has(p1) && tokens[i - 1].sentence === t.sentence) { approx = APPROX.get(p1)!; start = tokens[i - 1].start; }
      }
    }
    let end = tokens[j - 1].end;
    // unit: hyphen rest ("five-kilometer") or next token ("5 km")
    if (restUnit) {
      if (TIME_UNITS.has(restUnit) || TIME_UNITS.has(restUnit.split('-')[0])) continue;
      unit = UNITS.get(restUnit) ?? UNITS.get(restUnit.replace(/s$/, '')) ?? null;
      if (!unit && restUnit !== 'year-old') unit = null;
    } else if (j < tokens.length && tokens[j].sentence === t.sentence) {
      const u = lk(j);
      if (TIME_UNITS.has(u)) continue;
      if (UNITS.has(u)) { unit = UNITS.get(u)!; end = tokens[j].end; j++; }
    }
    if (t.kind === 'number' && /^\d+[a-z]+$/i.test(t.text) === false && inTimex(t.start, t.end)) continue;
    // what is counted: up to three words before a stop word or punctuation
    const words: Token[] = [];
    let k = j;
    while (k < tokens.length && words.length < 3 && tokens[k].sentence === t.sentence) {
      const w = tokens[k];
      const lw = lc(w);
      if (w.kind !== 'word' || STOP.has(lw) || OUTCOME.has(lw) || TIME_UNITS.has(lw) || MONTHS.has(lw)) break;
      // proper nouns only after a unit ("five-kilometer Lachin corridor")
      if (/^\p{Lu}/u.test(w.text) && !unit && !COUNT_UNIT.has(lw) && lw !== 'apcs') break;
      words.push(w);
      k++;
      if (COUNT_UNIT.has(lw)) break;
      // after a unit, the measured thing ends at its first common noun ("five-kilometer Lachin corridor")
      if (unit && !/^\p{Lu}/u.test(w.text)) break;
    }
    let counts: string | null = words.length ? text.slice(words[0].start, words[words.length - 1].end) : null;
    if (words.length) end = words[words.length - 1].end;
    // "people were killed", "fighters killed"
    let m = k;
    while (m < tokens.length && tokens[m].sentence === t.sentence && m - k < 3 && BE.has(lk(m))) m++;
    if (m < tokens.length && tokens[m].sentence === t.sentence && OUTCOME.has(lk(m)) && (words.length || vague)) {
      counts = counts ? `${counts} ${tokens[m].text}` : tokens[m].text;
      end = tokens[m].end;
    }
    if (!unit && words.length) {
      const joined = words.map((w) => lc(w)).join(' ');
      unit = COUNT_UNIT.get(joined) ?? COUNT_UNIT.get(lc(words[words.length - 1])) ?? null;
      if (!unit && /s$/.test(lc(words[words.length - 1]))) unit = null;
    }
    if (vague && !words.length) continue;
    const qty: Quantity = { start, end, value, unit, counts };
    if (approx) qty.approx = approx;
    if (a.options.explain) qty.prov = { stage: 'quantity', rule: vague ? 'vague-plural' : t.kind === 'number' ? 'cardinal' : 'number-word' };
    out.push(qty);
    i = Math.max(i, j - 1);
  }
  return out;
}

export const quantityStage: Stage = {
  name: 'quantity',
  reads: ['sentences', 'tokens'],
  sets: ['quantities'],
  run(a) {
    a.quantities = findQuantities(a);
  },
};
