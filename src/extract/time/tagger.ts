// Finds TIMEX candidates: longest rule match at each token (rules indexed by first element), then
// attaches prefix modifiers (late, early, mid-, about, more than) and deadline triggers (by, within).
import lex from '../../resources/time/lexicon.json' with { type: 'json' };
import { C, registerKnown, type TT, type TView } from './tokens.ts';
import { INDEX, elemMatches, type Rule, type RuleIndex, type Variant } from './rules.ts';

export interface MatchedTok {
  tok: TT;
  /** class bits the element matched, or -1 for a literal */
  bits: number;
}

export interface Mention {
  rule: Rule;
  /** token range of the core match [i, j) */
  i: number;
  j: number;
  /** first token of the span (modifier included) */
  spanI: number;
  start: number;
  end: number;
  toks: MatchedTok[];
  mod?: string;
  role?: 'deadline';
}

const MONTH_CONTEXT = new Set(['in', 'of', 'since', 'until', 'till', 'by', 'from', 'to', 'through', 'during', 'early', 'late', 'mid', 'last', 'next', 'this', 'before', 'after', 'between', 'and', 'or', 'for', 'that', 'each', 'every', 'throughout', 'on', 'as', 'end', 'beginning', 'start', 'middle', 'past', 'coming', '-', 'around']);
const SEASON_CONTEXT = new Set(['this', 'last', 'next', 'the', 'in', 'early', 'late', 'mid', 'during', 'by', 'since', 'until', 'of', 'through', '-', 'that', 'past', 'coming', 'each', 'every', 'throughout', 'until', 'before', 'after']);
const BARE_PLURAL_CONTEXT = new Set(['for', 'over', 'within', 'in', 'after', 'lasted', 'last', 'take', 'takes', 'took', 'spent', 'spend', 'wait', 'waited']);
const YEAR_BLOCK_NEXT = new Set(lex.yearBlockersNext);
const YEAR_BLOCK_PREV = new Set(lex.yearBlockersPrev);

interface Phrase { words: string[]; value: string }
function phrases(obj: Record<string, string>): Phrase[] {
  return Object.entries(obj).filter(([k]) => !k.startsWith('_')).map(([k, v]) => ({ words: k.split(' '), value: v })).sort((a, b) => b.words.length - a.words.length);
}
const MODS = phrases(lex.modifiers as Record<string, string>);
const DUR_ONLY_MODS = new Set(lex.durationOnlyModifiers);
/** Modifiers kept out of the span (TimeBank practice): their meaning stays in mod. */
const OUTSIDE_SPAN_MODS = new Set(lex.modifiersOutsideSpan);
/** Kinds whose early/late/mid modifier stays outside the span (early Tuesday, late 1980s). */
const POINT_KINDS = new Set(['weekday', 'weekdayRel', 'year', 'decade', 'time', 'dayword', 'wordYear']);
registerKnown([...MONTH_CONTEXT, ...SEASON_CONTEXT, ...BARE_PLURAL_CONTEXT, ...YEAR_BLOCK_NEXT, ...YEAR_BLOCK_PREV,
  ...Object.keys(lex.modifiers), ...lex.deadlineTriggers, 'of', 'old', 'later', 'earlier', 'after', 'since', 'on', 'by']);
for (const r of INDEX.byLit.keys()) registerKnown([r]);
const DEADLINES = phrases(Object.fromEntries(lex.deadlineTriggers.map((w) => [w, 'deadline'])));

/** The phrase (if any) that ends right before token index `i` in the same sentence. */
function phraseBefore(v: TView, i: number, list: Phrase[]): Phrase | null {
  if (i >= v.n) return null;
  const sent = v.sent[i];
  for (const p of list) {
    const n = p.words.length;
    if (i - n < 0) continue;
    let ok = true;
    for (let k = 0; k < n; k++) {
      if (v.sent[i - n + k] !== sent || v.t[i - n + k].lower !== p.words[k]) { ok = false; break; }
    }
    if (ok) return p;
  }
  return null;
}

function firstOf(m: MatchedTok[], bit: number): TT | null {
  for (const x of m) if (x.bits > 0 && (x.bits & bit)) return x.tok;
  return null;
}

/** Named guards referenced from rules.json ("guard"): context checks a pattern cannot express. */
function guard(name: string | undefined, v: TView, i: number, j: number, mt: MatchedTok[]): boolean {
  const toks = v.t;
  // Ambiguous month names (May, March) and abbreviations need a capital everywhere.
  for (let k = 0; k < mt.length; k++) {
    const x = mt[k];
    if (x.bits > 0 && (x.bits & C.MONTH) && x.tok.info?.ambiguous && !x.tok.cap) return false;
    if (x.bits > 0 && (x.bits & C.WEEKDAY) && x.tok.info?.abbrev) {
      const nx = i + k + 1 < v.n ? toks[i + k + 1] : null;
      if (!x.tok.cap || !nx || (nx.lower !== '.' && nx.lower !== ',')) return false;
    }
  }
  if (!name) return true;
  const prev = i > 0 && v.sent[i - 1] === v.sent[i] ? toks[i - 1] : null;
  const next = j < v.n && v.sent[j] === v.sent[j - 1] ? toks[j] : null;
  switch (name) {
    case 'monthAlone': {
      const t = toks[i];
      if (t.info?.abbrev && !(j - i === 2 && toks[i + 1].lower === '.')) return false;
      if (t.info?.ambiguous || t.info?.abbrev) return !!prev && MONTH_CONTEXT.has(prev.lower) && t.cap;
      return t.cap || (!!prev && MONTH_CONTEXT.has(prev.lower));
    }
    case 'yearAlone': {
      const y = toks[i].info?.year ?? 0;
      if (y < 1200) return false;
      if (prev && YEAR_BLOCK_PREV.has(prev.lower)) return false;
      if (next && (YEAR_BLOCK_NEXT.has(next.lower) || next.lower === '-' || next.lower === ':' || next.info?.mask && (next.info.mask & (C.UNIT | C.UNITPL)))) return false;
      if (prev && (prev.lower === '-' || prev.lower === '/' || prev.lower === ':')) return false;
      return true;
    }
    case 'weekday':
      return true;
    case 'durNum': {
      // "the 1988 second quarter" is no duration of 1988 seconds; "a year-earlier level" is year-earlier
      const u = toks[j - 1];
      if (u.lower === 'second' && !(toks[i].lower === 'a' || toks[i].lower === 'one' || toks[i].lower === '1')) return false;
      if (next && next.lower === '-' && j + 1 < v.n && (toks[j + 1].lower === 'earlier' || toks[j + 1].lower === 'ago' || toks[j + 1].lower === 'old')) return false;
      return true;
    }
    case 'notAge':
      // 6-year-old is an age, not a duration
      return !(next && next.lower === '-' && j + 1 < v.n && toks[j + 1].lower === 'old');
    case 'slashDate': {
      const sl = toks[i].info!.slash!;
      if (prev && prev.info && (prev.info.mask & C.NUM)) return false; // 2 1/2
      if (sl[2] >= 0) return true;
      return !!prev && (prev.lower === 'on' || prev.lower === 'since' || prev.lower === 'until' || prev.lower === 'by');
    }
    case 'wordYear': {
      const a = toks[i].info?.num ?? 0, b = toks[i + 1].info?.num ?? 0;
      return (a === 19 || a === 20) && b >= 10 && b <= 99 && !/^\d/.test(toks[i].lower) && !/^\d/.test(toks[i + 1].lower);
    }
    case 'season': {
      let si = i;
      while (si < j && !(mt[si - i].bits > 0 && (mt[si - i].bits & C.SEASON))) si++;
      const s = toks[si];
      const before = si > 0 && v.sent[si - 1] === v.sent[si] ? toks[si - 1] : null;
      if (toks[j - 1].lower === 'of') return false;
      if (next && next.lower === 'of' && !(j + 1 < v.n && toks[j + 1].info && (toks[j + 1].info!.mask & C.YEAR))) return false;
      if (firstOf(mt, C.YEAR)) return true;
      if (s.lower === 'summer' || s.lower === 'winter' || s.lower === 'autumn') return true;
      return !!before && SEASON_CONTEXT.has(before.lower);
    }
    case 'barePlural': {
      const u = toks[i].info?.unit;
      if (!u || u === 'S' || u === 'MIN' || u === 'Q' || u === 'WE') return false;
      return !!prev && BARE_PLURAL_CONTEXT.has(prev.lower);
    }
    case 'ref': {
      const t = toks[i];
      if (t.lower === 'future') return !!prev && (prev.lower === 'near' || prev.lower === 'foreseeable' || prev.lower === 'distant');
      return true;
    }
    default:
      return true;
  }
}

const LOCAL_FUTURE = new Set(lex.localFutureMarkers);
const LOCAL_PAST = new Set(lex.localPastMarkers);
const NOT_PAST_ED = new Set(['scheduled', 'expected', 'planned', 'proposed', 'intended', 'needed', 'supposed']);
registerKnown([...LOCAL_FUTURE, ...LOCAL_PAST]);

/** Tense near a mention: the nearest tense marker within a few tokens of the clause (will, said,
 * -ed verbs); 'none' when there is none. */
export function localTense(v: TView, i: number, j: number): 'future' | 'past' | 'none' {
  const s = v.sent[i];
  // "Wednesday's ruling": an event already named, so past
  if (j < v.n && v.t[j].lower === "'s") return 'past';
  for (let d = 1; d <= 8; d++) {
    for (const k of [i - d, j - 1 + d]) {
      if (k < 0 || k >= v.n || v.sent[k] !== s) continue;
      const w = v.t[k].lower;
      if (w === '') {
        if (v.t[k].ed) return 'past';
        continue;
      }
      if (LOCAL_FUTURE.has(w)) return 'future';
      if (LOCAL_PAST.has(w)) return 'past';
    }
  }
  return 'none';
}

const cands: Variant[] = [];

export function findMentions(v: TView, index: RuleIndex = INDEX): Mention[] {
  const out: Mention[] = [];
  const n = v.n;
  const toks = v.t;
  const sent = v.sent;
  let i = 0;
  while (i < n) {
    const t = toks[i];
    const si = sent[i];
    const mask = t.info ? t.info.mask : 0;
    // tokens the time stage does not know (lower '') start no rule (no literal is empty)
    if (!mask && t.lower === '' && index.emptyLit === false) { i++; continue; }
    let byLit = index.byLit.get(t.lower);
    if (!byLit && !mask) { i++; continue; }
    // when the next token cannot be any rule's second element, only one-element rules can match here
    // (the same candidates a full check keeps, in the same order)
    let byClass = index.byClass;
    if (index.byLit1 && index.byClass1 && index.lits2 && index.mask2 !== undefined) {
      const nx = i + 1 < n && sent[i + 1] === si ? toks[i + 1] : null;
      if (nx === null || ((nx.info === null || (nx.info.mask & index.mask2) === 0) && !index.lits2.has(nx.lower))) {
        if (byLit) byLit = index.byLit1.get(t.lower);
        byClass = index.byClass1;
      }
    }
    cands.length = 0;
    if (byLit) for (const x of byLit) cands.push(x);
    if (mask) for (let b = 0; b < 24; b++) if (mask & (1 << b)) for (const x of byClass[b]) cands.push(x);
    if (cands.length === 0) { i++; continue; }
    let best: Variant | null = null;
    let bestEnd = -1;
    let bestMt: MatchedTok[] | null = null;
    for (const cv of cands) {
      const len = cv.elems.length;
      if (i + len > n) continue;
      if (best && (i + len < bestEnd || (i + len === bestEnd && cv.rule.order > best.rule.order))) continue;
      // check first, allocate only on a match
      let ok = true;
      for (let k = 0; k < len; k++) {
        if (sent[i + k] !== si || !elemMatches(cv.elems[k], toks[i + k])) { ok = false; break; }
      }
      if (!ok) continue;
      const endTok = i + len;
      if (len > 1 && toks[endTok - 1].lower === 'of') continue; // "the first quarter of" + something else
      if (best && endTok === bestEnd && cv.rule.order > best.rule.order) continue;
      const mt: MatchedTok[] = new Array(len);
      for (let k = 0; k < len; k++) mt[k] = { tok: toks[i + k], bits: elemMatches(cv.elems[k], toks[i + k]) };
      if (!guard(cv.rule.guard, v, i, endTok, mt)) continue;
      best = cv; bestEnd = endTok; bestMt = mt;
    }
    if (!best || !bestMt) { i++; continue; }
    // a trailing period belongs to the timex only after an abbreviation (Dec., a.m.)
    if (bestEnd - i > 1 && toks[bestEnd - 1].lower === '.') {
      const pi = toks[bestEnd - 2].info;
      if (!(pi && ((pi.mask & C.AMPM) || ((pi.mask & C.MONTH) && pi.abbrev)))) { bestEnd--; bestMt = bestMt.slice(0, -1); }
    }
    const m: Mention = { rule: best.rule, i, j: bestEnd, spanI: i, start: v.start[i], end: v.end[bestEnd - 1], toks: bestMt };
    if (best.rule.mod) m.mod = best.rule.mod;
    attachPrefixes(v, m, out);
    out.push(m);
    i = bestEnd;
  }
  return out;
}

function attachPrefixes(v: TView, m: Mention, out: Mention[]): void {
  const toks = v.t;
  const kind = m.rule.kind;
  const prevEnd = out.length ? out[out.length - 1].j : 0;
  let s = m.i;
  let spanS = m.i;
  if (kind !== 'set' && kind !== 'ref') {
    // mid-November, late-November
    if (s >= 2 && toks[s - 1].lower === '-' && v.sent[s - 1] === v.sent[s] && (toks[s - 2].lower === 'mid' || toks[s - 2].lower === 'early' || toks[s - 2].lower === 'late') && s - 2 >= prevEnd) {
      m.mod = toks[s - 2].lower === 'mid' ? 'MID' : toks[s - 2].lower === 'early' ? 'START' : 'END';
      s -= 2;
      spanS = s;
    } else {
      const p = phraseBefore(v, s, MODS);
      if (p && s - p.words.length >= prevEnd) {
        const first = m.toks[0].tok;
        const numeric = first.lower === 'a' || first.lower === 'an' || (first.info && (first.info.mask & (C.NUM | C.VAGUE)) !== 0);
        const durOnly = DUR_ONLY_MODS.has(p.words.join(' '));
        if (!durOnly || (numeric && (kind === 'duration' || kind === 'ago' || kind === 'later'))) {
          const w = p.words.join(' ');
          m.mod = p.value;
          s -= p.words.length;
          const outside = OUTSIDE_SPAN_MODS.has(w) || ((w === 'early' || w === 'late' || w === 'mid') && POINT_KINDS.has(kind));
          if (!outside) spanS = s;
        }
      }
    }
  }
  m.spanI = spanS;
  m.start = v.start[spanS];
  if (kind !== 'set' && kind !== 'ref') {
    const d = phraseBefore(v, s, DEADLINES);
    if (d) {
      const w = d.words[0];
      // "within" only makes deadlines of durations; "by/until" only of points in time
      if (w === 'within' ? m.rule.type === 'DURATION' : m.rule.type !== 'DURATION') m.role = 'deadline';
    }
  }
}
