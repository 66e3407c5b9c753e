// Actor lexicons (data in src/resources/actors/) compiled into Maps for token-level lookup.
import countriesData from '../../resources/actors/countries.json' with { type: 'json' };
import actorsData from '../../resources/actors/actors.json' with { type: 'json' };

export interface Country {
  code: string;
  name: string;
  militaryYears?: string;
  policeYears?: string;
}

export type CountryForm = 'name' | 'demonym' | 'capital';

const NORM_MEMO = new Map<string, string>();
/** Lower-cases and folds curly apostrophes; keeps the word otherwise. */
export function norm(s: string): string {
  let l = NORM_MEMO.get(s);
  if (l !== undefined) return l;
  l = s.toLowerCase();
  if (l.includes('’') || l.includes('‘') || l.includes('`')) l = l.replace(/[’‘`]/g, "'");
  // token texts are interned by the segmenter: the memo is mostly hits (bounded: emptied when full). Only short
  // strings: V8 copies slices under 13 characters, so no key keeps a whole document alive.
  if (s.length <= 12) {
    if (NORM_MEMO.size >= 50_000) NORM_MEMO.clear();
    NORM_MEMO.set(s, l);
  }
  return l;
}

// Word classes: lexicon word sets the stages test every token against (first words of phrases, cue words). Each
// registered set is a bit; every token gets the bits of the sets holding its lower-cased text, found together with
// that text in one memoised lookup per token, so a stage tests a bit instead of hashing the word once per set.
// A class may also be a predicate over the lower-cased word, evaluated once per distinct word.
const MAX_CLASSES = 30;
/** per-token flag beside the class bits (tokenFlags): the text starts with an upper-case letter */
export const TF_UPPER = 1 << 30;
const WORD_CLASSES: (Set<string> | ((w: string) => boolean))[] = [];
/** lower-cased word -> bits of the registered sets that hold it */
const CLASS_BITS = new Map<string, number>();
const PREDICATES: { bit: number; test: (w: string) => boolean }[] = [];
let classVersion = 0;
/** Registers a set of lower-cased words, or a predicate over a lower-cased word, as a word class (at module load;
 * at most 30) and returns its bit. A set must not change afterwards. */
export function wordClass(set: Set<string> | ((w: string) => boolean)): number {
  let i = WORD_CLASSES.indexOf(set);
  if (i >= 0) return 1 << i;
  if (WORD_CLASSES.length >= MAX_CLASSES) throw new Error(`wordClass: more than ${MAX_CLASSES} word classes`);
  i = WORD_CLASSES.push(set) - 1;
  if (typeof set === 'function') PREDICATES.push({ bit: 1 << i, test: set });
  else for (const w of set) CLASS_BITS.set(w, (CLASS_BITS.get(w) ?? 0) | (1 << i));
  TOKEN_MEMO.clear();
  classVersion++;
  return 1 << i;
}
/** The word-class bits of a lower-cased word. */
export function classBits(w: string): number {
  let b = CLASS_BITS.get(w) ?? 0;
  for (const p of PREDICATES) if (p.test(w)) b |= p.bit;
  return b;
}

/** What the stages need of a token's text, computed once per distinct text. */
export interface TokenWord {
  /** lower-cased, curly apostrophes folded (norm) */
  low: string;
  /** word-class bits of `low` */
  bits: number;
  /** the text starts with an upper-case letter (/^\p{Lu}/u) */
  upper: boolean;
  /** `low` without a possessive 's / ' (possessiveBase), `poss` when one was cut, and the word-class bits of `base` */
  base: string;
  poss: boolean;
  baseBits: number;
  /** lower-cased with only ’ folded (the events stage's older `lc`): `low` unless the text holds ‘ or ` */
  lc: string;
}
const UPPER_INITIAL = /^\p{Lu}/u;
function tokenWord(text: string): TokenWord {
  const low = norm(text);
  const bits = classBits(low);
  const c0 = text.charCodeAt(0);
  // below U+00C0 the only upper-case letters are A-Z
  const upper = (c0 >= 65 && c0 <= 90) || (c0 >= 0xc0 && UPPER_INITIAL.test(text));
  const base = possessiveBase(low);
  const poss = base.length !== low.length;
  const lc = text.includes('‘') || text.includes('`') ? text.toLowerCase().replace(/’/g, "'") : low;
  return { low, bits, upper, base, poss, baseBits: poss ? classBits(base) : bits, lc };
}
/** token text (at most 12 characters: V8 copies such slices, so no key keeps a document alive) -> its word */
const TOKEN_MEMO = new Map<string, TokenWord>();
interface TokenWords { low: string[]; bits: Int32Array; flags: Int32Array; words: TokenWord[]; version: number }
const lowCache = new WeakMap<object, TokenWords>();
function tokenWords(tokens: { text: string }[]): TokenWords {
  let tw = lowCache.get(tokens);
  if (tw && tw.version === classVersion) return tw;
  const n = tokens.length;
  const low: string[] = tw ? tw.low : [];
  const bits = new Int32Array(n);
  const flags = new Int32Array(n);
  const words: TokenWord[] = [];
  for (let k = 0; k < n; k++) {
    const text = tokens[k].text;
    let w = TOKEN_MEMO.get(text);
    if (w === undefined) {
      w = tokenWord(text);
      if (text.length <= 12) {
        if (TOKEN_MEMO.size >= 50_000) TOKEN_MEMO.clear();
        TOKEN_MEMO.set(text, w);
      }
    }
    if (!tw) low.push(w.low);
    bits[k] = w.bits;
    flags[k] = w.bits | w.baseBits | (w.upper ? TF_UPPER : 0);
    words.push(w);
  }
  tw = { low, bits, flags, words, version: classVersion };
  lowCache.set(tokens, tw);
  return tw;
}
/** Lower-cased token texts (curly apostrophes folded), computed once per token array and shared by the
 * actors, quantity, events and provisions stages. */
export function lowerTokens(tokens: { text: string }[]): string[] {
  return tokenWords(tokens).low;
}
/** Per token, what the stages need of its text (TokenWord); shared like lowerTokens. */
export function tokenWordList(tokens: { text: string }[]): TokenWord[] {
  return tokenWords(tokens).words;
}
/** Per token, the word-class bits of its lower-cased text and of that text without a possessive, and TF_UPPER
 * when it is capitalised: a fast first test, in one contiguous array; shared like lowerTokens. */
export function tokenFlags(tokens: { text: string }[]): Int32Array {
  return tokenWords(tokens).flags;
}
/** Per token, the word-class bits of its lower-cased text (see wordClass); shared like lowerTokens. */
export function tokenClasses(tokens: { text: string }[]): Int32Array {
  return tokenWords(tokens).bits;
}

/** Strips a possessive 's / ' from a normalised token: "azerbaijan's" -> ["azerbaijan", true] (see also possessiveBase). */
export function stripPossessive(n: string): [string, boolean] {
  if (n.endsWith("'s")) return [n.slice(0, -2), true];
  if (n.endsWith("s'") ) return [n.slice(0, -1), true];
  return [n, false];
}

/** The token without its possessive 's / ' (as stripPossessive), or the token itself; no array allocated. */
export function possessiveBase(n: string): string {
  const L = n.length;
  if (L < 2) return n;
  const a = n.charCodeAt(L - 2), b = n.charCodeAt(L - 1);
  if (a === 39 && b === 115) return n.slice(0, -2); // 's
  if (a === 115 && b === 39) return n.slice(0, -1); // s'
  return n;
}

/** Proper word prefixes of a phrase map's keys ("islamic state" of "islamic state in iraq"): a key not in this
 * set extends to no longer phrase. */
export function phrasePrefixes(keys: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const k of keys) { const ws = k.split(' '); for (let j = 1; j < ws.length; j++) out.add(ws.slice(0, j).join(' ')); }
  return out;
}

export const COUNTRIES = new Map<string, Country>();
/** phrase (lower-case, tokens joined by a space) -> country + form */
export const COUNTRY_PHRASES = new Map<string, { country: Country; form: CountryForm; caseSensitive?: string }>();
let maxCountryLen = 1;

function phraseKey(s: string): string {
  // Token-compatible key: split on spaces, fold apostrophes; hyphens stay inside words like the tokenizer.
  return norm(s).split(/\s+/).filter(Boolean).join(' ');
}

for (const c of countriesData.countries as { code: string; name: string; names: string[]; demonyms: string[]; capitals: string[]; militaryYears?: string; policeYears?: string }[]) {
  const country: Country = { code: c.code, name: c.name, militaryYears: c.militaryYears, policeYears: c.policeYears };
  COUNTRIES.set(c.code, country);
  const add = (s: string, form: CountryForm) => {
    if (!s || s.length < 2) return;
    const k = phraseKey(s);
    if (!k) return;
    const cs = s.length <= 4 && s === s.toUpperCase() ? s : undefined;
    const prev = COUNTRY_PHRASES.get(k);
    if (prev && prev.form === 'name' && form !== 'name') return;
    if (prev && prev.form === form) return;
    COUNTRY_PHRASES.set(k, { country, form, caseSensitive: cs });
    maxCountryLen = Math.max(maxCountryLen, k.split(' ').length);
  };
  add(c.name, 'name');
  for (const n of c.names) add(n, 'name');
  for (const d of c.demonyms) for (const part of d.split(/,\s*/)) add(part, 'demonym');
  for (const cap of c.capitals) add(cap, 'capital');
}
export const MAX_COUNTRY_LEN = maxCountryLen;

export function countryByCode(code: string | null | undefined): Country | null {
  return code ? COUNTRIES.get(code) ?? null : null;
}

export interface Template { kind: string; name: string; noCountry?: string }
export const COUNTRY_FORCES = new Map<string, string>(Object.entries(actorsData.countryForces));
export const MAX_FORCE_LEN = Math.max(...[...COUNTRY_FORCES.keys()].map((k) => k.split(' ').length));
export const TEMPLATES = actorsData.templates as Record<string, Template>;
export const BARE = new Map<string, string>(Object.entries(actorsData.bareNouns).filter(([k]) => k !== 'about') as [string, string][]);
export const BARE_TEMPLATES = actorsData.bareTemplates as Record<string, Template>;
export const COREF = new Map<string, string[]>(Object.entries(actorsData.coref).filter(([k]) => k !== 'about') as [string, string[]][]);
export const POSSESSIVE_DETS = new Set<string>(actorsData.possessiveForces.determiners);
export const GOV_NOUNS_BEFORE_OF = new Set<string>(actorsData.govNounsBeforeOf);
export const LOCATIVE_BEFORE = new Set<string>(actorsData.locativeBefore);
/** words skipped between a demonym and a military force noun ("Russian cruise missiles") */
export const FORCE_MODIFIERS = new Set<string>(actorsData.forceModifiers.words);
const MODEL_NAME = /^[a-z]{1,3}-\d+[a-z0-9]*$/;
export const NAMED_SUFFIXES: string[] = actorsData.namedSuffixes.suffixes;
export const NAMED_HEADS = new Set<string>(actorsData.namedHeads.words);
/** "hts-led" -> "hts"; null when the word carries no such suffix */
export function stripNamedSuffix(w: string): string | null {
  for (const x of NAMED_SUFFIXES) if (w.length > x.length && w.endsWith(x)) return w.slice(0, -x.length);
  return null;
}
export function isForceModifier(w: string): boolean { return FORCE_MODIFIERS.has(w) || MODEL_NAME.test(w); }

export interface NamedEntry { name: string; kind: string; countryCode: string | null; caseSensitiveShort?: boolean }
export const NAMED = new Map<string, NamedEntry>();
let maxNamed = 1;
for (const g of actorsData.groups as { match: string[]; name: string; kind: string; countryCode?: string; caseSensitiveShort?: boolean }[]) {
  for (const m of g.match) { const k = phraseKey(m); NAMED.set(k, { name: g.name, kind: g.kind, countryCode: g.countryCode ?? null, caseSensitiveShort: g.caseSensitiveShort }); maxNamed = Math.max(maxNamed, k.split(' ').length); }
}
for (const g of actorsData.media as { match: string[]; name: string; caseSensitiveShort?: boolean }[]) {
  for (const m of g.match) { const k = phraseKey(m); NAMED.set(k, { name: g.name, kind: 'media', countryCode: null, caseSensitiveShort: g.caseSensitiveShort }); maxNamed = Math.max(maxNamed, k.split(' ').length); }
}
export const MAX_NAMED_LEN = maxNamed;

export function fillTemplate(t: Template, country: Country | null): string {
  if (!country) return t.noCountry ?? t.name.replace(/ ?\(?\{country\}\)?/g, '').replace('{years}', '').trim();
  let years = '';
  if (t.name.includes('{years}')) {
    const y = t.kind === 'police' ? country.policeYears : country.militaryYears;
    if (y) years = ` (${y})`;
  }
  return t.name.replace('{country}', country.name).replace('{years}', years);
}

/** first words of bare-noun and coreference phrases (fast rejection) */
export const BARE_FIRST = new Set<string>([...BARE.keys()].map((k) => k.split(' ')[0]));
export const COREF_FIRST = new Set<string>([...COREF.keys()].map((k) => k.split(' ')[0]));
export const COUNTRY_FIRST = new Set<string>([...COUNTRY_PHRASES.keys()].map((k) => k.split(' ')[0]));
export const NAMED_FIRST = new Set<string>([...NAMED.keys()].map((k) => k.split(' ')[0]));
export const W_BARE_FIRST = wordClass(BARE_FIRST);
export const W_COREF_FIRST = wordClass(COREF_FIRST);
export const W_COUNTRY_FIRST = wordClass(COUNTRY_FIRST);
export const W_NAMED_FIRST = wordClass(NAMED_FIRST);
export const W_POSSESSIVE_DET = wordClass(POSSESSIVE_DETS);
/** "hts-led": the word without a -led/-linked suffix starts a named group */
export const W_NAMED_SUFFIXED = wordClass((w) => { const b = stripNamedSuffix(w); return b !== null && NAMED_FIRST.has(b); });
