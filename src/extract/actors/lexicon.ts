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

/** Lower-cases and folds curly apostrophes; keeps the word otherwise. */
export function norm(s: string): string {
  const l = s.toLowerCase();
  return l.includes('’') || l.includes('‘') || l.includes('`') ? l.replace(/[’‘`]/g, "'") : l;
}

const lowCache = new WeakMap<object, string[]>();
/** Lower-cased token texts (curly apostrophes folded), computed once per token array and shared by the
 * actors, quantity, events and provisions stages. */
export function lowerTokens(tokens: { text: string }[]): string[] {
  let low = lowCache.get(tokens);
  if (!low) { low = tokens.map((t) => norm(t.text)); lowCache.set(tokens, low); }
  return low;
}

/** Strips a possessive 's / ' from a normalised token: "azerbaijan's" -> ["azerbaijan", true]. */
export function stripPossessive(n: string): [string, boolean] {
  if (n.endsWith("'s")) return [n.slice(0, -2), true];
  if (n.endsWith("s'") ) return [n.slice(0, -1), true];
  return [n, false];
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
