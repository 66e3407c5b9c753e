// Actors stage: dictionary-driven actor mentions with ACLED-style names.
// - country (name | demonym | capital) + force noun: "Azerbaijani army", "Azerbaijan's Defense Ministry"
// - capitals standing for their governments ("Baku agreed"), also from the places layer (metonymy)
// - country names as state actors outside locative phrases ("Russia and Turkey agreed")
// - named groups and media (Taliban, TASS), bare nouns (residents, protesters), coreference (the ministry, they)
// Token-level longest-match lookups in Maps; no regexes over the text.
import type { Actor, Place, Token } from '../../model/types.ts';
import type { Annotated, Stage } from '../annotated.ts';
import actorsData from '../../resources/actors/actors.json' with { type: 'json' };
import {
  BARE, BARE_TEMPLATES, COREF, COUNTRY_FORCES, COUNTRY_PHRASES, GOV_NOUNS_BEFORE_OF, LOCATIVE_BEFORE, MAX_COUNTRY_LEN,
  MAX_FORCE_LEN, MAX_NAMED_LEN, NAMED, TEMPLATES, countryByCode, fillTemplate, norm, phrasePrefixes,
  type Country, type CountryForm, lowerTokens, isForceModifier, stripNamedSuffix, NAMED_HEADS, NAMED_FIRST,
  tokenWordList, tokenFlags, TF_UPPER, type TokenWord, W_NAMED_SUFFIXED, W_BARE_FIRST, W_COREF_FIRST, W_COUNTRY_FIRST, W_NAMED_FIRST, W_POSSESSIVE_DET,
} from './lexicon.ts';

const NOT_ACTOR_AFTER_FORCE = new Set(['equipment', 'vehicles', 'vehicle', 'base', 'bases', 'operation', 'operations', 'hardware',
  'spending', 'exercises', 'drills', 'campaign', 'presence', 'aid', 'support', 'budget', 'convoy', 'hospital', 'personnel', 'deployment',
  'flag', 'flags', 'uniforms', 'positions', 'statement', 'spokesman', 'spokesperson', 'sources', 'officials', 'source', 'chief', 'commander']);
/** nouns after a force or actor noun that make it a modifier ("the government building", "police station") */
const NON_ACTOR_HEADS = new Set<string>([...NOT_ACTOR_AFTER_FORCE, ...(actorsData.nonActorHeads.words as string[])]);
const CAPITAL_LOCATIVE = new Set(['in', 'at', 'near', 'inside', 'outside', 'from', 'around', 'across', 'throughout', 'visited', 'visit', 'via', 'of', 'into', 'toward', 'towards', 'between',
  // "the Libyan capital Tripoli", "missiles over Kyiv", "rebels entered Damascus"
  'capital', 'city', 'over']);
const UPPER = /^\p{Lu}/u;

function isCap(t: Token): boolean { return UPPER.test(t.text); }

interface Match { len: number; poss: boolean }

/** Longest phrase in `map` starting at token i (within [i, hi)); the last token may carry a possessive.
 * `W`: per-token normalised text (low), text without possessive (base), possessive flag (poss). Stops as soon as
 * the words so far start no longer phrase of the map. */
const PREFIXES = new WeakMap<Map<string, unknown>, Set<string>>();
function longest<T>(tokens: Token[], W: TokenWord[], i: number, hi: number, maxLen: number, map: Map<string, T>): (Match & { value: T }) | null {
  let prefixes = PREFIXES.get(map);
  if (!prefixes) { prefixes = phrasePrefixes(map.keys()); PREFIXES.set(map, prefixes); }
  let key = '';
  let best: (Match & { value: T }) | null = null;
  for (let L = 1; L <= maxLen && i + L - 1 < hi; L++) {
    const k = i + L - 1;
    const t = tokens[k];
    if (t.kind === 'punct' && t.text !== '.') break;
    const w = W[k];
    const k1 = key ? `${key} ${w.low}` : w.low;
    const v1 = map.get(k1);
    if (v1 !== undefined) best = { len: L, poss: false, value: v1 };
    else if (w.poss) { const v2 = map.get(key ? `${key} ${w.base}` : w.base); if (v2 !== undefined) best = { len: L, poss: true, value: v2 }; }
    key = k1;
    if (!prefixes.has(k1)) break;
  }
  return best;
}

export function findActors(a: Annotated): Actor[] {
  const { tokens, sentences } = a;
  const text = a.doc.text;
  const out: Actor[] = [];
  // per token: normalised text (nt) and what else the lexicons need of it (W: capitalised, possessive, word classes)
  const nt = lowerTokens(tokens);
  const W = tokenWordList(tokens);
  const F = tokenFlags(tokens);
  const govPlaces = new Map<number, Place>();
  for (const p of a.places) if (p.metonymy === 'government') govPlaces.set(p.start, p);
  const placesBySentence: Place[][] = sentences.map(() => []);
  {
    let si = 0;
    for (const p of a.places) {
      while (si < sentences.length && sentences[si].end <= p.start) si++;
      if (si < sentences.length && p.form !== 'demonym') placesBySentence[si].push(p);
    }
  }
  // the report's dominant country (most places): the fallback country of bare state-force nouns ("government troops")
  let dominant: Country | null = null;
  {
    const counts = new Map<string, number>();
    for (const p of a.places) if (p.countryCode && p.metonymy !== 'government') counts.set(p.countryCode, (counts.get(p.countryCode) ?? 0) + 1);
    let best = 0;
    for (const [c, k] of counts) if (k > best) { best = k; dominant = countryByCode(c); }
  }
  const push = (start: number, end: number, name: string, kind: string, countryCode: string | null, rule: string, corefOf?: number) => {
    const act: Actor = { start, end, text: text.slice(start, end), name, kind, countryCode };
    if (corefOf !== undefined) act.corefOf = corefOf;
    if (a.options.explain) act.prov = { stage: 'actors', rule };
    out.push(act);
  };
  const root = (idx: number): number => { let k = idx; while (out[k].corefOf != null) k = out[k].corefOf as number; return k; };
  const findAntecedent = (kinds: string[], before: number, maxBack = 40, head?: string): number => {
    if (head) {
      // prefer an antecedent whose own words contain the head noun ("the ministry" -> "Defense Ministry")
      for (let k = out.length - 1, seen = 0; k >= 0 && seen < maxBack; k--, seen++) {
        if (out[k].end > before || out[k].corefOf != null) continue;
        if (kinds.includes(out[k].kind) && norm(out[k].text).includes(head)) return k;
      }
    }
    for (let k = out.length - 1, seen = 0; k >= 0 && seen < maxBack; k--, seen++) {
      if (out[k].end > before) continue;
      if (kinds.includes(out[k].kind)) return root(k);
    }
    return -1;
  };

  let ti = 0;
  for (let si = 0; si < sentences.length; si++) {
    const sent = sentences[si];
    while (ti < tokens.length && tokens[ti].start < sent.start) ti++;
    const lo = ti;
    let hi = lo;
    while (hi < tokens.length && tokens[hi].sentence === tokens[lo]?.sentence && tokens[hi].start < sent.end) hi++;
    // decisions for coordinated country lists: token index where a country phrase ended -> was it an actor
    const countryEndDecision = new Map<number, 'state' | 'gov' | 'none'>();
    let i = lo;
    while (i < hi) {
      const t = tokens[i];
      // a lower-case word that starts no phrase of the lexicons below
      if ((F[i] & (TF_UPPER | W_POSSESSIVE_DET | W_COREF_FIRST | W_BARE_FIRST)) === 0 && t.kind !== 'number') { i++; continue; }
      const w = W[i];
      const n = nt[i];
      const prevN = i > lo ? nt[i - 1] : '';
      // named groups and media
      if ((w.upper || t.kind === 'number') && ((w.bits | w.baseBits) & W_NAMED_FIRST || (w.upper && w.bits & W_NAMED_SUFFIXED))) {
        let m = longest(tokens, W, i, hi, MAX_NAMED_LEN, NAMED);
        // "HTS-led rebels", "Islamic State-linked insurgents": the group glued to -led/-linked
        let glued = false;
        for (let L = 1; L <= 2 && i + L - 1 < hi; L++) {
          const base = stripNamedSuffix(nt[i + L - 1]);
          if (base === null) continue;
          const key = L === 1 ? base : `${nt[i]} ${base}`;
          const v = NAMED.get(key);
          if (v && v.kind !== 'media' && (!m || m.len <= L)) { m = { len: L, poss: false, value: v }; glued = true; }
          break;
        }
        if (m) {
          const last = tokens[i + m.len - 1];
          const shortOk = !m.value.caseSensitiveShort || m.len > 1 || t.text.length > 3 || t.text.replace(/[.’'s]+$/, '') === t.text.replace(/[.’'s]+$/, '').toUpperCase();
          if (shortOk && !(m.value.caseSensitiveShort && m.len === 1 && t.text.length <= 3 && t.text !== t.text.toUpperCase())) {
            // "TASS news agency": extend over "news agency"
            let end = last.end;
            let j = i + m.len;
            if (m.value.kind === 'media' && j + 1 < hi && nt[j] === 'news' && /^agency/.test(nt[j + 1])) { end = tokens[j + 1].end; j += 2; }
            // "M23 rebels", "JNIM militants", "al-Shabaab suicide car bombers": the force noun belongs to the group
            if (m.value.kind !== 'media' && m.value.kind !== 'organisation' && !m.poss) {
              let k = j;
              while (k < hi && k < j + 3 && NAMED_HEADS.has(nt[k])) k++;
              if (k > j && (glued || k > j)) { end = tokens[k - 1].end; j = k; }
            }
            push(t.start, end, m.value.name, m.value.kind, m.value.countryCode, 'named');
            i = j;
            continue;
          }
        }
      }
      // country phrase (name | demonym | capital), optionally followed by a force noun
      if (w.upper && (w.bits | w.baseBits) & W_COUNTRY_FIRST) {
        const m = longest(tokens, W, i, hi, MAX_COUNTRY_LEN, COUNTRY_PHRASES);
        if (m && (!m.value.caseSensitive || tokens.slice(i, i + m.len).map((x) => x.text).join(' ').replace(/['’]s$/, '') === m.value.caseSensitive)) {
          const country = m.value.country;
          const form: CountryForm = m.value.form;
          let j = i + m.len;
          let f = j < hi ? longest(tokens, W, j, hi, MAX_FORCE_LEN, COUNTRY_FORCES) : null;
          // "Russian cruise missiles", "a Russian Kh-22 missile": skip up to two modifiers before a military noun
          if (form === 'demonym' && !m.poss && (!f || f.value !== 'military')) {
            let j2 = j;
            for (let n = 0; n < 2 && j2 < hi; n++) {
              if (isForceModifier(nt[j2])) { j2++; continue; }
              // a model name split by the tokenizer: "Kh - 22", "S - 300"
              if (j2 + 2 < hi && nt[j2 + 1] === '-' && /^[a-z]{1,3}$/.test(nt[j2]) && /^\d+$/.test(nt[j2 + 2]) && tokens[j2 + 2].start === tokens[j2].end + 1) { j2 += 3; continue; }
              break;
            }
            const f2 = j2 > j && j2 < hi ? longest(tokens, W, j2, hi, MAX_FORCE_LEN, COUNTRY_FORCES) : null;
            if (f2 && f2.value === 'military') { f = { ...f2, len: f2.len + (j2 - j) }; }
          }
          const afterForce = f ? tokens[j + f.len] : undefined;
          const blocked = f && afterForce && !f.poss && NOT_ACTOR_AFTER_FORCE.has(norm(afterForce.text));
          if (f && !blocked && (form !== 'capital' || m.poss)) {
            const tpl = TEMPLATES[f.value];
            push(t.start, tokens[j + f.len - 1].end, fillTemplate(tpl, country), tpl.kind, country.code, `country+${f.value}`);
            i = j + f.len;
            continue;
          }
          // "Azerbaijani and Armenian forces": the first demonym shares the second one's force noun
          if (form === 'demonym' && !f && j + 1 < hi && (nt[j] === 'and' || nt[j] === ',')) {
            const m2 = W[j + 1].upper ? longest(tokens, W, j + 1, hi, MAX_COUNTRY_LEN, COUNTRY_PHRASES) : null;
            if (m2 && m2.value.form === 'demonym') {
              const f2 = longest(tokens, W, j + 1 + m2.len, hi, MAX_FORCE_LEN, COUNTRY_FORCES);
              if (f2) {
                const tpl = TEMPLATES[f2.value];
                push(t.start, tokens[i + m.len - 1].end, fillTemplate(tpl, country), tpl.kind, country.code, `country+${f2.value}(coordinated)`);
                i += m.len;
                continue;
              }
            }
          }
          const place = govPlaces.get(t.start);
          let decision: 'state' | 'gov' | 'none' = 'none';
          if (place || form === 'capital') {
            decision = CAPITAL_LOCATIVE.has(prevN) ? 'none' : 'gov';
            if (place && place.metonymy === 'government') decision = 'gov';
          } else if (form === 'name') {
            if (prevN === 'and' || prevN === ',') {
              let k = i - 1;
              while (k > lo && (tokens[k].text === ',' || nt[k] === 'and')) k--;
              decision = countryEndDecision.get(k) ?? 'state';
            } else if (prevN === 'of' || (prevN === 'the' && i - 2 >= lo && nt[i - 2] === 'of')) {
              // "the leaders of Azerbaijan", "presidents of the Republic of Azerbaijan"
              let k = i - (prevN === 'of' ? 2 : 3);
              let found = false;
              for (let steps = 0; k >= lo && steps < 4; k--, steps++) {
                const w = nt[k];
                const w2 = k > lo ? `${nt[k - 1]} ${w}` : '';
                if (GOV_NOUNS_BEFORE_OF.has(w) || GOV_NOUNS_BEFORE_OF.has(w2)) { found = true; break; }
                if (w !== 'the') break;
              }
              decision = found ? 'gov' : 'none';
            } else if (!LOCATIVE_BEFORE.has(prevN) && !(prevN === 'the' && i - 2 >= lo && LOCATIVE_BEFORE.has(nt[i - 2]))) {
              decision = 'state';
            }
          }
          countryEndDecision.set(i + m.len - 1, decision);
          if (decision !== 'none') {
            const tpl = TEMPLATES[decision === 'gov' ? 'government' : 'state'];
            push(t.start, tokens[i + m.len - 1].end - (m.poss ? possLen(tokens[i + m.len - 1].text) : 0), fillTemplate(tpl, country),
              decision === 'gov' ? 'government' : 'state', country.code, form === 'capital' ? 'metonym' : `country-${decision}`);
          }
          i += m.len;
          continue;
        }
      }
      // its troops / their forces
      if (w.bits & W_POSSESSIVE_DET && i + 1 < hi) {
        const f = longest(tokens, W, i + 1, hi, MAX_FORCE_LEN, COUNTRY_FORCES);
        if (f && (f.value === 'military' || f.value === 'police' || f.value === 'government' || f.value === 'peacekeepers' || f.value === 'rebels' || f.value === 'militia')) {
          const ant = findAntecedent(['state', 'government', 'military', 'rebels', 'militia'], t.start);
          const r = ant >= 0 ? out[ant] : null;
          // "the Karen National Union said its fighters ...": the group's own forces
          if (r && (r.kind === 'rebels' || r.kind === 'militia') && f.value !== 'government') {
            push(t.start, tokens[i + f.len].end, r.name, r.kind, r.countryCode ?? null, 'possessive-group', ant);
            i += 1 + f.len;
            continue;
          }
          const c = r && (r.kind === 'state' || r.kind === 'government' || r.kind === 'military') ? countryByCode(r.countryCode) : null;
          if (c) {
            const tpl = TEMPLATES[f.value === 'rebels' || f.value === 'militia' ? 'military' : f.value];
            push(t.start, tokens[i + f.len].end, fillTemplate(tpl, c), tpl.kind, c.code, 'possessive-force');
            i += 1 + f.len;
            continue;
          }
        }
      }
      // coreference: "the ministry", "the troops", "they"
      if (w.bits & W_COREF_FIRST) {
        const two = i + 1 < hi ? `${n} ${nt[i + 1]}` : '';
        const kinds = COREF.get(two) ?? (n === 'they' ? COREF.get('they') : undefined);
        const len0 = COREF.has(two) ? 2 : 1;
        // "the government building", "the army base": a noun modifier, not an actor
        if (kinds && !(i + len0 < hi && NON_ACTOR_HEADS.has(nt[i + len0]))) {
          const len = len0;
          const head = len === 2 ? nt[i + 1].replace(/s$/, '') : undefined;
          const ant = findAntecedent(kinds, t.start, 40, head);
          if (ant >= 0) {
            const r = out[ant];
            push(t.start, tokens[i + len - 1].end, r.name, r.kind, r.countryCode ?? null, `coref:${len === 2 ? two : n}`, ant);
            i += len;
            continue;
          }
        }
      }
      // bare nouns: residents, protesters, gunmen
      if (w.baseBits & W_BARE_FIRST) {
        const m = longest(tokens, W, i, hi, 2, BARE);
        if (m && !m.poss && i + m.len < hi && NON_ACTOR_HEADS.has(nt[i + m.len])) { i += m.len; continue; }
        if (m && (!isCap(t) || i === lo || nt[i - 1] === '"')) {
          const tpl = BARE_TEMPLATES[m.value];
          let country: Country | null = null;
          const j = i + m.len;
          const places = placesBySentence[si];
          if (j + 1 < hi && nt[j] === 'of') {
            const p = places.find((p) => p.start >= tokens[j + 1].start && p.start <= tokens[Math.min(j + 2, hi - 1)].start);
            if (p) country = countryByCode(p.countryCode);
          }
          if (!country && places.length && tpl.kind !== 'peacekeepers') {
            let best: Place | null = null;
            for (const p of places) if (p.countryCode && p.metonymy !== 'government' && (!best || Math.abs(p.start - t.start) < Math.abs(best.start - t.start))) best = p;
            if (best) country = countryByCode(best.countryCode);
          }
          if (!country && (tpl.kind === 'military' || tpl.kind === 'police')) country = dominant;
          push(t.start, tokens[j - 1].end, fillTemplate(tpl, country), tpl.kind, country?.code ?? null, `bare:${m.value}`);
          i = j;
          continue;
        }
      }
      i++;
    }
    ti = hi;
  }
  return out;
}

function possLen(s: string): number {
  if (/['’]s$/.test(s)) return 2;
  if (/s['’]$/.test(s)) return 1;
  return 0;
}

export const actorsStage: Stage = {
  name: 'actors',
  reads: ['sentences', 'tokens', 'places'],
  sets: ['actors'],
  run(a) {
    a.actors = findActors(a);
  },
};
