// Time-stage view of the tokens: hyphenated words split into parts, multi-word holidays merged,
// and every token classified once (a bitmask of classes plus the values the normalisers need).
import type { Token } from '../../model/types.ts';
import lex from '../../resources/time/lexicon.json' with { type: 'json' };

export const C = {
  MONTH: 1 << 0, WEEKDAY: 1 << 1, DAY: 1 << 2, ORDDAY: 1 << 3, YEAR: 1 << 4, DECADE: 1 << 5, NUM: 1 << 6,
  VAGUE: 1 << 7, UNIT: 1 << 8, UNITPL: 1 << 9, SEASON: 1 << 10, POD: 1 << 11, AMPM: 1 << 12, HM: 1 << 13,
  HOUR: 1 << 14, ORD: 1 << 15, REF: 1 << 16, DAYWORD: 1 << 17, SETADV: 1 << 18, ISODATE: 1 << 19,
  SLASHDATE: 1 << 20, NAMEDTIME: 1 << 21, TZ: 1 << 22, HOLIDAY: 1 << 23,
} as const;
export type ClassName = keyof typeof C;

export interface Info {
  mask: number;
  month?: number;
  wd?: number;
  /** cardinal value (NUM, HOUR) */
  num?: number;
  /** day of month (DAY, ORDDAY) */
  day?: number;
  ord?: number;
  unit?: string;
  season?: string;
  pod?: string;
  ampm?: string;
  h?: number;
  min?: number;
  ref?: string;
  dayOff?: number;
  set?: string;
  year?: number;
  decade?: string;
  ymd?: [number, number, number];
  /** SLASHDATE parts a/b/c as written (c = -1 when absent) */
  slash?: [number, number, number];
  holiday?: string;
  /** needs a capital letter / context (May, Mar., Sun.) */
  ambiguous?: boolean;
  abbrev?: boolean;
}

/** A token as the time stage sees it: lower-case form, capitalisation, classes. Shared between
 * occurrences of the same text (cached); offsets live in the TView's typed arrays. */
export interface TT {
  lower: string;
  cap: boolean;
  info: Info | null;
  /** an unknown word ending in -ed (a likely past-tense verb) */
  ed?: boolean;
}

/** The token sequence of one document: parallel arrays, no per-token allocation. */
export interface TView {
  n: number;
  start: Int32Array;
  end: Int32Array;
  sent: Int32Array;
  t: TT[];
}

const LEX = new Map<string, Info>();
function add(word: string, patch: Partial<Info> & { mask: number }) {
  const cur = LEX.get(word);
  if (!cur) { LEX.set(word, { ...patch }); return; }
  const mask = cur.mask | patch.mask;
  Object.assign(cur, patch);
  cur.mask = mask;
}
const needCtx = new Set<string>(lex.monthsNeedingContext);
for (const [w, m] of Object.entries(lex.months)) add(w, { mask: C.MONTH, month: m, ambiguous: needCtx.has(w), abbrev: w.length <= 4 && w !== 'june' && w !== 'july' && w !== 'may' });
const wdAbbr = new Set<string>(lex.weekdayAbbreviations);
for (const [w, d] of Object.entries(lex.weekdays)) add(w, { mask: C.WEEKDAY, wd: d, abbrev: wdAbbr.has(w) });
for (const [w, n] of Object.entries(lex.numberWords)) add(w, { mask: C.NUM | (n >= 1 && n <= 12 ? C.HOUR : 0), num: n });
for (const w of lex.vagueNumbers) add(w, { mask: C.VAGUE });
for (const [w, n] of Object.entries(lex.ordinals)) add(w, { mask: C.ORD | (n <= 31 ? C.ORDDAY : 0), ord: n, day: n });
for (const [w, u] of Object.entries(lex.units)) {
  const plural = w.endsWith('s') && !['hrs', 'yrs', 'mins', 'secs'].includes(w) ? true : ['hrs', 'yrs', 'mins', 'secs'].includes(w);
  const unit = u === '2W' ? 'W' : u;
  add(w, { mask: plural ? C.UNITPL : C.UNIT, unit, num: u === '2W' ? 2 : undefined });
}
for (const [w, s] of Object.entries(lex.seasons)) add(w, { mask: C.SEASON, season: s });
for (const [w, p] of Object.entries(lex.partsOfDay)) add(w, { mask: C.POD, pod: p });
for (const [w, a] of Object.entries(lex.ampm)) add(w, { mask: C.AMPM, ampm: a });
for (const [w, t] of Object.entries(lex.namedTimes)) {
  const [h, m] = t.split(':').map(Number);
  add(w, { mask: C.NAMEDTIME, h, min: m });
}
for (const [w, r] of Object.entries(lex.references)) add(w, { mask: C.REF, ref: r });
for (const [w, o] of Object.entries(lex.daywords)) add(w, { mask: C.DAYWORD, dayOff: o });
for (const [w, s] of Object.entries(lex.setAdverbs)) add(w, { mask: C.SETADV, set: s });
for (const w of ['gmt', 'utc', 'edt', 'est', 'cst', 'cdt', 'pst', 'pdt', 'bst', 'cet']) add(w, { mask: C.TZ });

/** Multi-word holidays, keyed by their first word. */
const HOLIDAYS = new Map<string, { words: string[]; key: string }[]>();
for (const [name, key] of Object.entries(lex.holidays)) {
  const words = name.split(' ');
  const list = HOLIDAYS.get(words[0]) ?? [];
  list.push({ words, key });
  list.sort((a, b) => b.words.length - a.words.length);
  HOLIDAYS.set(words[0], list);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Classifies a numeric-looking token: 10, 1992, 1990s, 1st, 10:35, 2020-12-01, 12/1/2020, 1,960. */
function numericInfo(t: string): Info | null {
  const n = t.length;
  let allDigits = true;
  for (let i = 0; i < n; i++) if (!isDigitCode(t.charCodeAt(i))) { allDigits = false; break; }
  if (allDigits) {
    const v = Number(t);
    let mask = C.NUM;
    if (n <= 2 && v >= 1 && v <= 31) mask |= C.DAY;
    if (n <= 2 && v >= 1 && v <= 12) mask |= C.HOUR;
    if (n === 4 && v >= 1000 && v <= 2199) mask |= C.YEAR;
    return { mask, num: v, day: v, year: v };
  }
  // 1990s / 1990's
  if (n === 5 && t.charCodeAt(4) === 115 && /^\d{3}0s$/.test(t)) return { mask: C.DECADE, decade: t.slice(0, 3) };
  // ordinals 1st 2nd 3rd 4th .. 31st, also 20th (century)
  if (n >= 3 && n <= 4 && /^\d{1,2}(st|nd|rd|th)$/i.test(t)) {
    const v = Number(t.slice(0, n - 2));
    return { mask: C.ORD | (v >= 1 && v <= 31 ? C.DAY | C.ORDDAY : 0), ord: v, day: v };
  }
  // 10:35
  if (n >= 4 && n <= 5 && /^\d{1,2}:\d\d$/.test(t)) {
    const [h, m] = t.split(':').map(Number);
    if (h <= 24 && m < 60) return { mask: C.HM, h, min: m };
    return null;
  }
  // 2020-12-01
  if (n === 10 && /^\d{4}-\d\d-\d\d$/.test(t)) {
    return { mask: C.ISODATE, ymd: [Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8, 10))] };
  }
  // 12/1/2020, 1/12, 12/01/20
  if (n >= 3 && n <= 10 && /^\d{1,2}\/\d{1,2}(\/(\d\d|\d{4}))?$/.test(t)) {
    const p = t.split('/').map(Number);
    return { mask: C.SLASHDATE, slash: [p[0], p[1], p.length > 2 ? p[2] : -1] };
  }
  // 1,960 or 3.5: a number but never a year or a day
  if (/^\d{1,3}(,\d{3})+$/.test(t)) return { mask: C.NUM, num: Number(t.replace(/,/g, '')) };
  return null;
}

function compoundNumber(lower: string): number | null {
  // twenty-five
  const k = lower.indexOf('-');
  if (k < 0) return null;
  const a = LEX.get(lower.slice(0, k)), b = LEX.get(lower.slice(k + 1));
  if (a?.num !== undefined && b?.num !== undefined && a.num >= 20 && a.num % 10 === 0 && a.num < 100 && b.num >= 1 && b.num <= 9) return a.num + b.num;
  return null;
}

function infoFor(text: string, lower: string): Info | null {
  const c = text.charCodeAt(0);
  if (isDigitCode(c)) return numericInfo(text);
  let info = LEX.get(lower);
  if (info) return info;
  return null;
}

function isCap(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** Pre-filter: a hash of (first two letters, length) of every word the stage cares about (lexicon
 * entries, rule literals, context words). Other words skip the cache lookup and share NONE. */
const KNOWN = new Uint8Array(1 << 16);
function knownKey(w: string): number {
  const n = w.length;
  const a = w.charCodeAt(0) | 32, b = n > 1 ? w.charCodeAt(1) | 32 : 0;
  return ((a * 131 + b) * 31 + n) & 0xffff;
}
export function registerKnown(words: Iterable<string>): void {
  for (const w of words) for (const p of w.split(/[ -]/)) if (p) KNOWN[knownKey(p)] = 1;
}
registerKnown(LEX.keys());
for (const h of HOLIDAYS.values()) for (const x of h) registerKnown(x.words);
const NONE: TT = { lower: '', cap: false, info: null };
const NONE_ED: TT = { lower: '', cap: false, info: null, ed: true };

/** How one distinct token text is seen by the time stage (cached: news repeats its words). */
interface Part extends TT { off: number; len: number }
interface Cls extends TT { parts: Part[] | null; holiday: boolean }
const CACHE = new Map<string, Cls>();
/** The same cache for one-character ASCII tokens, by char code (words and the rest kept apart, as
 * classify() depends on whether the token is a word). */
const ONE_WORD: (Cls | undefined)[] = new Array(128).fill(undefined);
const ONE_OTHER: (Cls | undefined)[] = new Array(128).fill(undefined);

function part(text: string, off: number, len: number, info?: Info | null): Part {
  const t = text.slice(off, off + len);
  const lower = t.toLowerCase();
  return { lower, cap: isCap(t), info: info === undefined ? infoFor(t, lower) : info, off, len };
}

function classify(text: string, isWord: boolean): Cls {
  const lower = text.toLowerCase();
  const n = text.length;
  let parts: Part[] | null = null;
  let info: Info | null = null;
  if (isWord && n > 2 && text.indexOf('-') > 0) {
    const cn = compoundNumber(lower);
    if (cn !== null) info = { mask: C.NUM, num: cn };
    else {
      // split at hyphens: mid-November, third-quarter, two-year
      parts = [];
      let s = 0;
      for (let k = 0; k <= n; k++) {
        if (k === n || text.charCodeAt(k) === 45) {
          if (k > s) parts.push(part(text, s, k - s));
          if (k < n) parts.push(part(text, k, 1, null));
          s = k + 1;
        }
      }
    }
  } else if (n > 3 && lower.charCodeAt(n - 1) === 115 && (lower.charCodeAt(n - 2) === 39 || lower.charCodeAt(n - 2) === 0x2019) && LEX.has(lower.slice(0, n - 2))) {
    // possessive: Friday's -> Friday + 's (the timex span stops before 's)
    parts = [part(text, 0, n - 2), { lower: "'s", cap: false, info: null, off: n - 2, len: 2 }];
  } else {
    info = infoFor(text, lower);
  }
  return { lower, cap: isCap(text), info, parts, holiday: isWord && HOLIDAYS.has(lower) };
}

/** Builds the time-stage view of the segmenter's tokens (same offsets). */
export function timeTokens(tokens: Token[]): TView {
  const nt = tokens.length;
  let cap = nt + 16;
  let start = new Int32Array(cap), end = new Int32Array(cap), sent = new Int32Array(cap);
  const tt: TT[] = [];
  let n = 0;
  const add = (s: number, e: number, se: number, x: TT) => {
    if (n === cap) {
      cap *= 2;
      const a = new Int32Array(cap); a.set(start); start = a;
      const b = new Int32Array(cap); b.set(end); end = b;
      const c = new Int32Array(cap); c.set(sent); sent = c;
    }
    start[n] = s; end[n] = e; sent[n] = se; tt.push(x); n++;
  };
  for (let i = 0; i < nt; i++) {
    const t = tokens[i];
    const text = t.text;
    if (t.kind === 'word') {
      const c0 = text.charCodeAt(0);
      if (!(c0 >= 48 && c0 <= 57) && KNOWN[knownKey(text)] === 0) {
        const n = text.length;
        const poss = n > 3 && text.charCodeAt(n - 1) === 115 && (text.charCodeAt(n - 2) === 39 || text.charCodeAt(n - 2) === 0x2019);
        if (!poss && text.indexOf('-') < 0) {
          add(t.start, t.end, t.sentence, n > 4 && text.charCodeAt(n - 1) === 100 && text.charCodeAt(n - 2) === 101 ? NONE_ED : NONE);
          continue;
        }
      }
    }
    let c: Cls | undefined;
    const c1 = text.length === 1 ? text.charCodeAt(0) : 128;
    if (c1 < 128) {
      // one ASCII character (punctuation, a digit, an initial): a table instead of the string map
      const tab = t.kind === 'word' ? ONE_WORD : ONE_OTHER;
      c = tab[c1];
      if (c === undefined) { c = classify(text, t.kind === 'word'); tab[c1] = c; }
    } else {
      c = CACHE.get(text);
      if (c === undefined) {
        if (CACHE.size > 200000) CACHE.clear();
        c = classify(text, t.kind === 'word');
        CACHE.set(text, c);
      }
    }
    if (c.parts !== null) {
      for (const p of c.parts) add(t.start + p.off, t.start + p.off + p.len, t.sentence, p);
      continue;
    }
    if (c.holiday) {
      // holidays (Christmas, New Year's Day, Thanksgiving)
      const hl = HOLIDAYS.get(c.lower)!;
      let done = false;
      for (const h of hl) {
        let ok = i + h.words.length <= nt;
        for (let k = 1; ok && k < h.words.length; k++) ok = tokens[i + k].text.toLowerCase() === h.words[k];
        if (ok) {
          const last = tokens[i + h.words.length - 1];
          add(t.start, last.end, t.sentence, { lower: h.words.join(' '), cap: true, info: { mask: C.HOLIDAY, holiday: h.key } });
          i += h.words.length - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    add(t.start, t.end, t.sentence, c);
  }
  return { n, start, end, sent, t: tt };
}
