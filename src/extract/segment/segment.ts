// Sentences and tokens in one linear pass over the text (no regex backtracking).
import type { Sentence, Token } from '../../model/types.ts';
import type { Stage } from '../annotated.ts';
import abbrevData from '../../resources/segment/abbreviations.json' with { type: 'json' };

const ABBREV = new Set<string>(abbrevData.abbreviations);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x3000;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000 && !isSpace(c));
}
function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}
// Apostrophes and hyphens that stay inside a word: don't, Nagorno-Karabakh, Azerbaijan’s.
function isWordJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45 || c === 0x2010 || c === 0x2011;
}

// Punctuation test per single symbol (a char or a surrogate pair): a table for ASCII, a memo for the
// rest; both filled by the same \p{P} test, so the result is exactly the regex's.
const PUNCT_RE = /[\p{P}]/u;
const ASCII_PUNCT = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_PUNCT[c] = PUNCT_RE.test(String.fromCharCode(c)) ? 1 : 0;
const PUNCT_MEMO = new Map<string, boolean>();
function symbolKind(t: string): 'punct' | 'symbol' {
  if (t.length === 1) {
    const c = t.charCodeAt(0);
    if (c < 128) return ASCII_PUNCT[c] === 1 ? 'punct' : 'symbol';
  }
  let p = PUNCT_MEMO.get(t);
  if (p === undefined) {
    p = PUNCT_RE.test(t);
    if (PUNCT_MEMO.size > 10000) PUNCT_MEMO.clear();
    PUNCT_MEMO.set(t, p);
  }
  return p ? 'punct' : 'symbol';
}

// Token texts are interned: news repeats its words ("the", "said", "Azerbaijan"), so a token whose text is
// already in the table shares that string instead of a fresh slice. Less garbage per article, about a
// third less live memory per token on a long document, and the Map lookups of later stages meet strings
// whose hash is already computed. Open addressing over 2^16 slots, emptied when three quarters full; a
// hit is checked character by character, so a token's text is always exactly text.slice(start, end).
const INTERN_SLOTS = 1 << 16;
const INTERN_MASK = INTERN_SLOTS - 1;
const INTERN_LIMIT = (INTERN_SLOTS * 3) >> 2;
// V8 makes a slice of 13 characters or more a view into the whole document: kept in the table, it would pin
// that document in memory for as long as the entry lives. Shorter slices are copies.
const INTERN_MAX_LEN = 12;
let internTable: (string | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);
let internCount = 0;
function sliceInterned(text: string, start: number, end: number): string {
  const len = end - start;
  if (len > INTERN_MAX_LEN) return text.slice(start, end);
  let h = len;
  for (let p = start; p < end; p++) h = (Math.imul(h, 31) + text.charCodeAt(p)) | 0;
  let slot = (h ^ (h >>> 15)) & INTERN_MASK;
  for (;;) {
    const s = internTable[slot];
    if (s === undefined) break;
    if (s.length === len) {
      let p = 0;
      while (p < len && s.charCodeAt(p) === text.charCodeAt(start + p)) p++;
      if (p === len) return s;
    }
    slot = (slot + 1) & INTERN_MASK;
  }
  const t = text.slice(start, end);
  if (internCount >= INTERN_LIMIT) {
    internTable = new Array(INTERN_SLOTS).fill(undefined);
    internCount = 0;
    slot = (h ^ (h >>> 15)) & INTERN_MASK;
  }
  internTable[slot] = t;
  internCount++;
  return t;
}

/** The tokenizer proper: full Token objects (sentence 0, set by segment()), one allocation each. */
function scan(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    const start = i;
    if (isDigit(c)) {
      // a number unless a letter is part of it (1990s, 3rd, 10am): digits and the joiners below are
      // exactly the characters of /^[\d.,:/-]+$/
      let letter = false;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) { i++; continue; }
        if (isLetter(d)) { letter = true; i++; continue; }
        // 1,960  3.5  2020-12-01  10:30  1/12
        if ((d === 44 || d === 46 || d === 58 || d === 47 || d === 45) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) { i += 2; continue; }
        break;
      }
      out.push({ start, end: i, text: sliceInterned(text, start, i), kind: letter ? 'word' : 'number', sentence: 0 });
      continue;
    }
    if (isLetter(c)) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d)) { i++; continue; }
        if (isWordJoiner(d) && i + 1 < n && isLetter(text.charCodeAt(i + 1))) { i += 2; continue; }
        // U.S.  a.m.  (single letters joined by periods)
        if (d === 46 && i + 1 < n && isLetter(text.charCodeAt(i + 1)) && i + 2 <= n && (i + 2 === n || text.charCodeAt(i + 2) === 46) && i - start <= 2) { i += 2; continue; }
        break;
      }
      out.push({ start, end: i, text: sliceInterned(text, start, i), kind: 'word', sentence: 0 });
      continue;
    }
    i++;
    // surrogate pairs stay one symbol
    if (c >= 0xd800 && c <= 0xdbff && i < n) i++;
    const t = sliceInterned(text, start, i);
    out.push({ start, end: i, text: t, kind: symbolKind(t), sentence: 0 });
  }
  return out;
}

/** Splits text into tokens: words (letters, digits, inner apostrophes/hyphens/periods), numbers
 * (1,960 and 3.5 and 2020-12-01 kept whole), and single punctuation marks. */
export function tokenize(text: string): Omit<Token, 'sentence'>[] {
  return scan(text).map((t) => ({ start: t.start, end: t.end, text: t.text, kind: t.kind }));
}

/** Is there a line break in text[from, to)? */
function hasNewline(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (text.charCodeAt(p) === 10) return true;
  return false;
}

const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);

/** Do tokens [from, dash) open a paragraph as a dateline: a place in capitals, a comma, at most 16
 * tokens, at the start of the text or of a line? */
function isDateline(text: string, raw: Token[], from: number, dash: number): boolean {
  if (dash - from < 2 || dash - from > 16) return false;
  const first = raw[from];
  if (first.text.length < 2 || first.kind !== 'word' || first.text !== first.text.toUpperCase() || !isUpper(first.text.charCodeAt(0))) return false;
  if (from > 0 && !hasNewline(text, raw[from - 1].end, first.start)) return false;
  for (let k = from + 1; k < dash; k++) if (raw[k].text === ',') return true;
  return false;
}

/** Sentence boundaries from tokens: . ! ? (with closing quotes/brackets) before an upper-case or
 * quoted start, except after abbreviations and initials; blank lines and line breaks always split. */
export function segment(text: string): { sentences: Sentence[]; tokens: Token[] } {
  // every token goes to the output once, in order: the scanned array is the token layer (sentence set below)
  const raw = scan(text);
  const sentences: Sentence[] = [];
  let sStart = -1;
  let sStartK = -1;
  let sIdx = 0;
  const close = (end: number) => {
    if (sStart >= 0) { sentences.push({ start: sStart, end }); sIdx++; sStart = -1; }
  };
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k];
    if (sStart >= 0 && k > 0) {
      // a line break between tokens ends the sentence (paragraphs, headlines, datelines)
      if (hasNewline(text, raw[k - 1].end, t.start)) close(raw[k - 1].end);
    }
    if (sStart < 0) { sStart = t.start; sStartK = k; }
    t.sentence = sIdx;
    // a dateline ("BAKU, Nov 25, 2020 (Reuters) — Units entered...") is a sentence of its own
    if ((t.text === '—' || t.text === '–' || (t.text === '-' && k > 0 && raw[k - 1].end < t.start)) && isDateline(text, raw, sStartK, k)) {
      close(t.end);
      continue;
    }
    if (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…') {
      let j = k + 1;
      while (j < raw.length && CLOSERS.has(raw[j].text) && raw[j].start === raw[j - 1].end) { raw[j].sentence = sIdx; j++; }
      const next = raw[j];
      if (!next) { k = j - 1; close(raw[j - 1].end); continue; }
      if (t.text === '.') {
        const prev = raw[k - 1];
        const prevLower = prev ? prev.text.toLowerCase() : '';
        const isAbbrev = prev && prev.end === t.start && (ABBREV.has(prevLower) || (prev.text.length === 1 && isUpper(prev.text.charCodeAt(0))));
        const nc = next.text.charCodeAt(0);
        const startsSentence = isUpper(nc) || isDigit(nc) || next.text === '"' || next.text === '“' || next.text === '‘' || next.text === "'" || next.text === '(';
        if (!startsSentence || (isAbbrev && !(/^(the|a|an|he|she|it|they|we|in|on|but|and)$/i.test(next.text) && isUpper(nc)))) { k = j - 1; continue; }
      }
      k = j - 1;
      close(raw[j - 1].end);
    }
  }
  if (sStart >= 0 && raw.length) close(raw[raw.length - 1].end);
  return { sentences, tokens: raw };
}

export const segmentStage: Stage = {
  name: 'segment',
  reads: [],
  sets: ['sentences', 'tokens'],
  run(a) {
    const { sentences, tokens } = segment(a.doc.text);
    a.sentences = sentences;
    a.tokens = tokens;
  },
};
