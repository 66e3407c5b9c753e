// Events stage: trigger lexicon -> our action -> ACLED type/sub-type by context; actors, place, date,
// modality, attribution, quantities and fatalities per event; mentions of one event merged per report.
import { BARE_TEMPLATES, countryByCode, fillTemplate, lowerTokens, tokenClasses, tokenWordList, type TokenWord } from '../actors/lexicon.ts';
import type { Actor, Attribution, ConflictEvent, EventActor, Modality, Place, Quantity, Timex, Token } from '../../model/types.ts';
import type { Annotated, Stage } from '../annotated.ts';
import { ACLED, CUE, FAMILY, MAX_TRIGGER_LEN, MOD, NOUN_BLOCKERS, PRIORITY, REFERENCE_NOUNS, TEST_WORDS, MOVED_WEAPON_VERBS, inIdiom, TRIGGERS, TRIGGER_PREFIX, CUE_BIT, CUE_PHRASES, W_CUE_PHRASE_FIRST, W_REPORTING, W_TRIGGER_FIRST, type TriggerEntry, type TypePair } from './lexicon.ts';
import { COUNTRY_FORCES_TEMPLATE_MILITARY } from './actor-names.ts';
import {
  BLAME_TYPES, DISPUTE_TYPES, FATAL_ACTIONS, UNIDENTIFIED_SUBTYPES, anaphorGranularities, anaphoricPlace, backgroundMention, blamedActor,
  capitalPlace, disputedAfter, facilityOrWater, regionSeat, sentenceFatalities, unidentifiedName,
} from './locate.ts';
import { classify, classifierThreshold, createThreshold, crossTypeThreshold, noneThreshold, textFeatures } from './classifier.ts';

const UPPER = /^\p{Lu}/u;
const BE = new Set(['was', 'were', 'been', 'is', 'are', 'be', 'being', 'got', 'get', 'gets']);
const ADVERBS = new Set(['reportedly', 'eventually', 'also', 'allegedly', 'later', 'finally', 'already', 'then', 'subsequently', 'recently', 'reportedly', 'successfully', 'fully', 'partially', 'all', 'not']);
const LOC_PREP = new Set(['into', 'in', 'from', 'near', 'at', 'of', 'outside', 'inside', 'on', 'to', 'toward', 'towards', 'around', 'across', 'through', 'within', 'over']);
const SUBJECT_IS_TARGET = new Set(['attack', 'kill', 'shell', 'air_strike', 'arrest', 'abduct', 'capture', 'retake', 'hand_over', 'burn', 'sexual_violence', 'explode', 'grenade', 'chemical_attack', 'suicide_bomb']);
const SPLIT_BY_PLACE = new Set(['enter', 'withdraw', 'hand_over', 'capture', 'retake']);
// actions that take part in one "incident" per sentence (violence and demonstrations)
const TO_SET = new Set(['to']);
const SELF_PRONOUNS = new Set(['it', 'they', 'we']);
const DETS = new Set(['the', 'a', 'an']);
const SEMI = new Set([';']);
/** whether the trigger word at token ti is a nominal trigger of the action ("fighting", "attack", "truce") */
function isNounTrigger(low: string[], ti: number, action: string): boolean {
  return (TRIGGERS.get(low[ti]) ?? []).some((t) => t.noun && t.action === action);
}
/** prepositions after which a capital names a place even when the places stage read it as its government */
const STRONG_LOC = new Set(['in', 'into', 'over', 'near', 'at', 'inside', 'outside', 'around', 'across', 'through', 'within', 'toward', 'towards', 'entered', 'enter', 'enters', 'entering', 'seized', 'captured', 'took']);
/** words between a locative preposition and the place name */
const PLACE_LEAD = new Set(['the', 'a', 'village', 'town', 'city', 'capital', 'port', 'regional', 'provincial', 'border', 'coastal', 'northern', 'southern', 'eastern', 'western', 'central', 'north', 'south', 'east', 'west', 'north-eastern', 'north-western', 'south-eastern', 'south-western', 'northeastern', 'northwestern', 'southeastern', 'southwestern', 'nearby', 'frontline', 'front-line', 'besieged', 'strategic', 'key', 'small', 'eastern', 'kibbutz', 'camp']);
const MILITARY_ACTIONS = new Set(['deploy', 'withdraw', 'enter', 'capture', 'retake', 'disrupt_weapons', 'establish_base']);
const SUBORDINATORS = new Set(['after', 'as', 'when', 'once', 'while', 'following']);
const TAKE_ACTIONS = new Set(['enter', 'capture', 'retake', 'hand_over']);
// actions that take no place from the report's scene (statements, agreements: made elsewhere)
const UNLOCATED_ACTIONS = new Set(['agree', 'accuse', 'deny', 'exchange_prisoners', 'declare_emergency', 'change_activity']);
const OBJECT_DETS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our', 'this', 'that', 'these', 'those']);
const VIOLENT_ACTIONS = new Set(['attack', 'kill', 'shell', 'air_strike', 'explode', 'grenade', 'chemical_attack', 'suicide_bomb', 'clash', 'abduct', 'sexual_violence', 'burn']);
const GENERIC_VIOLENCE = new Set(['attack', 'kill', 'clash']);
const WEAPON_USE = new Set(['explode', 'grenade', 'shell', 'air_strike', 'attack', 'capture', 'arrest', 'burn', 'kill', 'clash', 'chemical_attack']);
const MOB_WORDS = new Set(['mob', 'mobs', 'lynched', 'lynching', 'vigilantes', 'vigilante', 'angry', 'irate']);
const INCIDENT_FAMILIES = new Set(['violence', 'demonstration']);
// ceasefire-monitoring actions whose ACLED mapping the rules decide alone
const KEEP_RULE_TYPE = new Set(['enter', 'hand_over', 'withdraw', 'deploy', 'evacuate', 'flee', 'accuse', 'deny']);

/** A sentence's token range; `cues` is the bitmask of the word classes of its words and of the multi-word cues
 * it contains (-1: not computed yet). */
interface Sent { idx: number; lo: number; hi: number; start: number; end: number; cues: number; low: string[]; bits: Int32Array }

// A sentence contains a cue when one of its words is a one-word cue (its word class), or when a multi-word cue's
// words are consecutive tokens (the same as finding " a b " in the space-joined sentence: tokens never hold a space).
function sentenceCues(s: Sent): number {
  const { low, bits } = s;
  let m = 0;
  for (let k = s.lo; k < s.hi; k++) {
    const b = bits[k];
    m |= b;
    if (!(b & W_CUE_PHRASE_FIRST)) continue;
    for (const p of CUE_PHRASES.get(low[k])!) {
      if (m & p.bit || k + p.words.length > s.hi) continue;
      let ok = true;
      for (let j = 1; j < p.words.length && ok; j++) ok = low[k + j] === p.words[j];
      if (ok) m |= p.bit;
    }
  }
  return m;
}
/** Whether tokens [lo, hi) hold one of the cues of `set` (for tests: the compiled test of hasCue). */
export function sentenceHasCue(tokens: Token[], lo: number, hi: number, set: Set<string>): boolean {
  return hasCue({ idx: 0, lo, hi, start: 0, end: 0, cues: -1, low: lowerTokens(tokens), bits: tokenClasses(tokens) }, set);
}
function hasCue(s: Sent, set: Set<string>): boolean {
  const bit = CUE_BIT.get(set);
  if (bit === undefined) {
    // a set not registered above: the direct test on the space-joined sentence
    const joined = ` ${s.low.slice(s.lo, s.hi).join(' ')} `;
    for (const c of set) if (joined.includes(` ${c} `)) return true;
    return false;
  }
  if (s.cues < 0) s.cues = sentenceCues(s);
  return (s.cues & bit) !== 0;
}
/** the first token in [from, to) with one of `mask`'s word-class bits, else `to` */
function nextWithBits(bits: Int32Array, from: number, to: number, mask: number): number {
  let k = from;
  while (k < to && (bits[k] & mask) === 0) k++;
  return k;
}
function windowHas(low: string[], from: number, to: number, set: Set<string>): boolean {
  for (let k = Math.max(0, from); k < to && k < low.length; k++) if (set.has(low[k])) return true;
  return false;
}
/** a phrase set by last word: the phrases of 1-3 words ending in that word (longer ones are never looked for) */
const PHRASES_BY_LAST = new WeakMap<Set<string>, Map<string, string[][]>>();
function phrasesByLast(set: Set<string>): Map<string, string[][]> {
  let m = PHRASES_BY_LAST.get(set);
  if (m) return m;
  m = new Map();
  for (const c of set) {
    const ws = c.split(' ');
    if (ws.length > 3 || ws.includes('')) continue;
    const l = m.get(ws[ws.length - 1]) ?? [];
    l.push(ws);
    m.set(ws[ws.length - 1], l);
  }
  PHRASES_BY_LAST.set(set, m);
  return m;
}
export function phraseBefore(low: string[], ti: number, lo: number, set: Set<string>, maxBack: number): boolean {
  // any cue (1-3 words) ending within maxBack tokens before ti (and starting at lo or later)
  const byLast = phrasesByLast(set);
  for (let e = ti - 1; e >= lo && e >= ti - maxBack; e--) {
    const list = byLast.get(low[e]);
    if (list === undefined) continue;
    for (const ws of list) {
      const b = e - ws.length + 1;
      if (b < lo) continue;
      let ok = true;
      for (let j = 0; j < ws.length - 1 && ok; j++) ok = low[b + j] === ws[j];
      if (ok) return true;
    }
  }
  return false;
}

/** whether one of MOD.plannedAfter's phrases stands within tokens [from, to), on the tokens' texts lower-cased
 * with only ’ folded (TokenWord.lc: the same as finding " p " in those words joined by spaces) */
const PLANNED_AFTER_BY_FIRST = new Map<string, string[][]>();
for (const p of MOD.plannedAfter) {
  const ws = p.split(' ');
  const l = PLANNED_AFTER_BY_FIRST.get(ws[0]) ?? [];
  l.push(ws);
  PLANNED_AFTER_BY_FIRST.set(ws[0], l);
}
const PLANNED_AFTER_EMPTY = MOD.plannedAfter.has('');
function plannedAfter(W: TokenWord[], from: number, to: number): boolean {
  if (from >= to) return PLANNED_AFTER_EMPTY;
  for (let b = from; b < to; b++) {
    const list = PLANNED_AFTER_BY_FIRST.get(W[b].lc);
    if (list === undefined) continue;
    for (const ws of list) {
      if (b + ws.length > to) continue;
      let ok = true;
      for (let j = 1; j < ws.length && ok; j++) ok = W[b + j].lc === ws[j];
      if (ok) return true;
    }
  }
  return false;
}

interface Cand {
  ti: number; len: number; entry: TriggerEntry; sent: Sent;
  type: TypePair; passive: boolean;
}

const GRANULARITY: Record<string, number> = { 'populated place': 0, capital: 0, corridor: 1, adm2: 1, adm1: 2, 'disputed region': 2, other: 2, region: 3, country: 4, continent: 5 };
function granularity(p: Place): number { return GRANULARITY[p.featureType] ?? 2; }

function toEventActor(a: Actor | null): EventActor | null {
  return a ? { name: a.name, kind: a.kind, countryCode: a.countryCode ?? null } : null;
}

function dateValue(x: Timex, dct: string | null): string | null {
  const v = x.value;
  if (!v) return null;
  if (v === 'PRESENT_REF') return dct;
  if (!/^\d/.test(v)) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? m[1] : v;
}

const DEFINITE = /\b(?:the|this|that)\s+$/i;

export function findEvents(a: Annotated): ConflictEvent[] {
  const { tokens } = a;
  const text = a.doc.text;
  const dct = a.dct.value;
  const low = lowerTokens(tokens);
  const bits = tokenClasses(tokens);
  const W = tokenWordList(tokens);
  const lk = (k: number) => low[k] ?? '';
  // sentence contexts
  const sents: Sent[] = [];
  {
    let ti = 0;
    for (let si = 0; si < a.sentences.length; si++) {
      const s = a.sentences[si];
      while (ti < tokens.length && tokens[ti].start < s.start) ti++;
      const lo = ti;
      while (ti < tokens.length && tokens[ti].start < s.end) ti++;
      sents.push({ idx: si, lo, hi: ti, start: s.start, end: s.end, cues: -1, low, bits });
    }
  }
  // token starts in one contiguous array: the binary search of tokAt reads no token objects
  const starts = new Int32Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) starts[k] = tokens[k].start;
  const tokAt = (offset: number) => { let lo = 0, hi = starts.length - 1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (starts[m] <= offset) lo = m; else hi = m - 1; } return lo; };
  const bucket = <T extends { start: number; end: number }>(xs: T[]): T[][] => {
    const out: T[][] = sents.map(() => []);
    let si = 0;
    // the layers come sorted by start (a stable sort of a sorted layer is the layer itself)
    let sorted = true;
    for (let k = 1; k < xs.length && sorted; k++) sorted = xs[k - 1].start <= xs[k].start;
    for (const x of sorted ? xs : [...xs].sort((p, q) => p.start - q.start)) {
      while (si < sents.length && sents[si].end <= x.start) si++;
      if (si < sents.length && x.start >= sents[si].start && x.end <= sents[si].end) out[si].push(x);
    }
    return out;
  };
  const actorsB = bucket(a.actors), placesB = bucket(a.places), timexB = bucket(a.timexes), qtyB = bucket(a.quantities);
  const actorsIn = (s: Sent) => actorsB[s.idx];
  const placesIn = (s: Sent) => placesB[s.idx];
  const timexIn = (s: Sent) => timexB[s.idx];
  const qtyIn = (s: Sent) => qtyB[s.idx];

  // dateline ("STEPANAKERT, Dec 13 (Reuters) - ..."): its date is the filing date, not the date of the events
  let datelineEnd = -1;
  for (let k = 1; k < Math.min(tokens.length, 14); k++) {
    const w = tokens[k].text;
    if (w !== '-' && w !== '—' && w !== '–' && w !== '--') continue;
    const first = tokens[0].text;
    if (tokens[k - 1].text === ')' || (first.length >= 3 && first === first.toUpperCase() && /\p{Lu}/u.test(first))) datelineEnd = tokens[k].start;
    break;
  }
  const raw: (ConflictEvent & { _sent: number; _score: number })[] = [];
  let lastDate: string | null = null;
  // the report's current scene: the place of the last located event, else the last place named (finer than a country)
  let scene: Place | null = null;
  // the last place named at each granularity (what "the town", "the district", "there" point back at)
  const lastByGran = new Map<number, Place>();
  // each sentence's death toll, counted once (locate.ts)
  const fatalBySent = new Map<number, number | null>();
  let classifiedDoc = false;
  const shortDoc = sents.length <= 4;

  for (const s of sents) {
    const { lo, hi } = s;
    // a sentence with no word that starts a trigger has no candidate (nothing below changes before the candidates)
    const firstTrigger = nextWithBits(bits, lo, hi, W_TRIGGER_FIRST);
    if (firstTrigger >= hi) continue;
    const sActors = actorsIn(s);
    // places glued into a compound adjective ("a US-brokered pause", "Iran-aligned") locate nothing
    const sPlaces = placesIn(s).filter((p) => p.form !== 'demonym' && p.metonymy !== 'government' && !(text.charCodeAt(p.end) === 45 && /^\p{L}/u.test(text.slice(p.end + 1, p.end + 2))) && !sActors.some((x) => x.start <= p.start && p.end <= x.end && x.kind !== 'civilians'));
    const sTimex = timexIn(s);
    const sQty = qtyIn(s);
    const reportingSubjects = new Set<Actor>();
    for (const x of sActors) {
      const k = tokAt(x.end - 1);
      for (let j = k + 1; j <= k + 3 && j < hi; j++) if (bits[j] & W_REPORTING) { reportingSubjects.add(x); break; }
    }
    // 1. trigger candidates
    const cands: Cand[] = [];
    const tollQty = new Set<Quantity>();
    for (let i = firstTrigger; i < hi; i++) {
      if (!(bits[i] & W_TRIGGER_FIRST)) continue;
      let best: { len: number; list: TriggerEntry[] } | null = null;
      let key = '';
      for (let L = 1; L <= MAX_TRIGGER_LEN && i + L - 1 < hi; L++) {
        key = key ? `${key} ${lk(i + L - 1)}` : lk(i);
        const list = TRIGGERS.get(key);
        if (list) best = { len: L, list };
        if (!TRIGGER_PREFIX.has(key)) break;
      }
      if (!best) continue;
      const t = tokens[i];
      const next = i + best.len;
      if (low[i] === 'march' && t.text === 'March') continue;
      if (MOD.reporting.has(low[i])) continue;
      if (windowHas(low, i - 2, i, TEST_WORDS) || windowHas(low, next, next + 2, TEST_WORDS)) { i = next - 1; continue; }
      const prev = lk(i - 1);
      let e: TriggerEntry | null = null;
      for (const cand of best.list) {
        if (cand.noun) {
          let blocked = false;
          // "after the fighting" is background, but "after suicide bombers struck" is a clause whose subject is
          // the agent noun (bombers, gunmen, protesters): the blockers apply to event nouns only
          const agentNoun = /(ers|ors|men)$/.test(lk(next - 1));
          for (let k = i - 1; k >= lo && k >= i - 3 && !agentNoun; k--) if (NOUN_BLOCKERS.has(lk(k))) { blocked = true; break; }
          if (blocked) continue;
        } else if (i > lo && REFERENCE_NOUNS.has(prev) && /ed$/.test(low[i])) continue;
        if (cand.needs) {
          const win = cand.needsWindow;
          let from = cand.needsBefore ? Math.max(lo, i - win) : next;
          if (cand.needsBefore && cand.needsBeforePassive) {
            let b = i - 1;
            while (b >= lo && ADVERBS.has(lk(b))) b--;
            if (!(b >= lo && BE.has(lk(b)))) from = Math.max(lo, i - 1);
          }
          const to = Math.min(hi, next + win);
          let ok = false;
          for (let k = from; k < to && !ok; k++) if (k < i || k >= next) { if (cand.needs.includes(lk(k))) ok = true; }
          // a trigger ending the text has no token after it: the window then starts at the sentence end
          const fromStart = tokens[from]?.start ?? s.end;
          if (!ok && cand.needs.includes('@place')) ok = sPlaces.some((p) => p.start >= fromStart && p.start < (tokens[to - 1]?.end ?? s.end));
          if (!ok && cand.needs.includes('@actor')) ok = sActors.some((x) => x.kind !== 'media' && (x.start >= tokens[next - 1].end || (cand.needsBefore && x.start >= fromStart && x.end <= t.start)) && x.start < (tokens[to - 1]?.end ?? s.end));
          if (!ok && cand.needs.includes('@actor-military')) ok = sActors.some((x) => (x.kind === 'military' || x.kind === 'peacekeepers') && x.end <= t.start && x.end >= fromStart);
          if (!ok && cand.needs.includes('@qty-person')) ok = sQty.some((q) => q.unit === 'person' && (q.start >= t.end || (cand.needsBefore && q.start >= fromStart)) && q.start < (tokens[to - 1]?.end ?? s.end));
          if (!ok) continue;
        }
        e = cand;
        break;
      }
      if (!e) { i = next - 1; continue; }
      {
        // idioms ("one shot at the presidency", "a heart attack")
        let idiom = false;
        for (let k = i; k < next && !idiom; k++) idiom = inIdiom(low, k);
        if (idiom) { i = next - 1; continue; }
      }
      if (e.action === 'attack' && !e.noun) {
        // a verbal attack: "attacked the newspaper / the decision / his critics"
        let k = next;
        while (k < hi && k < next + 2 && OBJECT_DETS.has(low[k])) k++;
        const objTok = tokens[k];
        if (k < hi && (MOD.verbalAttackObjects.has(low[k]) || sActors.some((x) => x.kind === 'media' && objTok && x.start === objTok.start))) { i = next - 1; continue; }
      }
      if (e.noun && (e.action === 'shell' || e.action === 'air_strike') && windowHas(low, i - 3, i, MOVED_WEAPON_VERBS)) { i = next - 1; continue; }
      // a claim of responsibility names who did an event told elsewhere; it is no event of its own (nor is the
      // rest of the sentence: "claimed responsibility for the car bomb that killed eight people")
      if (VIOLENT_ACTIONS.has(e.action) && phraseBefore(low, i, lo, MOD.responsibility, 30)) { i = next - 1; continue; }
      if (e.action === 'kill' && windowHas(low, i - 3, i, MOD.tollContext)) {
        for (const q of sQty) if (q.start >= t.end) tollQty.add(q);
        i = next - 1;
        continue;
      }
      // passive: be (+ adverbs) + participle
      let k = i - 1;
      while (k >= lo && ADVERBS.has(lk(k))) k--;
      const passive = !e.noun && k >= lo && BE.has(lk(k)) && /(ed|en|wn|ught|ot|ung|ut)$/.test(low[i]);
      cands.push({ ti: i, len: best.len, entry: e, sent: s, type: [null, null], passive });
      i = next - 1;
    }
    if (!cands.length) continue;
    // drop infinitival complements of "agree to" (they belong to the agreement)
    const agreeIdx = cands.find((c) => c.entry.action === 'agree' && !c.entry.noun)?.ti;
    const kept = cands.filter((c) => !(agreeIdx !== undefined && c.ti > agreeIdx && c.entry.action !== 'agree' && windowHas(low, c.ti - 8, c.ti, TO_SET)));

    // 2. per candidate: actors, type
    const pickActors = (c: Cand): [Actor | null, Actor | null] => {
      const tStart = tokens[c.ti].start;
      const tEnd = tokens[c.ti + c.len - 1].end;
      const usable = sActors.filter((x) => x.kind !== 'media' && !reportingSubjects.has(x));
      let before: Actor | null = null;
      // an actor ending before the trigger, or one whose words contain it ("a Russian air strike")
      for (const x of usable) if ((x.end <= tStart || (x.start < tStart && x.end >= tEnd)) && (!before || x.end > before.end)) before = x;
      // "Ethiopia declared a state of emergency", "Moscow announced the pullout": the declaring subject of a nominal
      // event is its agent
      if (!before && c.entry.noun) {
        for (const x of reportingSubjects) {
          if (x.kind === 'media' || x.end > tStart) continue;
          let k = tokAt(x.end - 1) + 1;
          while (k < c.ti && (ADVERBS.has(lk(k)) || lk(k) === 'formally' || lk(k) === 'officially')) k++;
          if (k < c.ti && MOD.reporting.has(lk(k)) && c.ti - k <= 4 && !windowHas(low, k + 1, c.ti, TO_SET) && lk(k + 1) !== 'that') before = x;
        }
      }
      // "Hamas said it had fired rockets": the speaker is the agent when a pronoun stands for it
      if (!before) {
        for (const x of reportingSubjects) {
          if (x.kind === 'media' || x.end > tStart) continue;
          for (let k = tokAt(x.end - 1) + 1; k < c.ti; k++) if (SELF_PRONOUNS.has(low[k])) { before = x; break; }
        }
      }
      // "fighting between Sudan's army and the RSF", "a truce between Israel and Hamas": the two sides, in order
      {
        let k = c.ti + c.len;
        if (c.entry.noun) while (k < hi && k < c.ti + c.len + 3 && lk(k) !== 'between') k++;
        if (lk(k) === 'between') {
          const sides = usable.filter((x) => x.start > tokens[k].start && x.start <= (tokens[Math.min(hi - 1, k + 12)]?.end ?? s.end));
          if (sides.length >= 2) {
            // the second side follows "and" (up to three words between: "and the paramilitary Rapid Support Forces")
            const st = tokAt(sides[1].start);
            let and = false;
            for (let j = st - 1; j >= st - 4 && j > tokAt(sides[0].end - 1); j--) if (lk(j) === 'and') { and = true; break; }
            if (and) return [sides[0], sides[1]];
          }
        }
      }
      let coord: Actor | null = null;
      if (before) {
        // "the Sudanese army and the RSF": a determiner between the conjunction and the actor
        const bt0 = tokAt(before.start);
        const bt = DETS.has(lk(bt0 - 1)) && (lk(bt0 - 2) === 'and' || lk(bt0 - 2) === ',') ? bt0 - 1 : bt0;
        const p = lk(bt - 1);
        if (p === 'and' || p === ',') {
          for (const x of usable) if (x.end <= tokens[bt - 1].start && x.end >= (tokens[bt - 3]?.start ?? 0)) coord = x;
          // walk to the head of a longer list
          let head = coord;
          while (head) {
            const ht = tokAt(head.start);
            const hp = lk(ht - 1);
            if (hp !== 'and' && hp !== ',') break;
            let nx: Actor | null = null;
            for (const x of usable) if (x.end <= tokens[ht - 1].start && x.end >= (tokens[ht - 3]?.start ?? 0)) nx = x;
            if (!nx) break;
            coord = nx; head = nx;
          }
        }
      }
      let after: Actor | null = null;
      let byActor: Actor | null = null;
      const limit = tokens[Math.min(hi - 1, c.ti + c.len + 12)].end;
      for (const x of usable) {
        if (x.start >= tEnd && x.start <= limit) {
          if (!after) after = x;
          const xt = tokAt(x.start);
          if (!byActor && (lk(xt - 1) === 'by' || (lk(xt - 1) === 'the' && lk(xt - 2) === 'by')) && xt - c.ti <= 8) byActor = x;
        }
      }
      const targetSubject = SUBJECT_IS_TARGET.has(c.entry.action);
      if (c.entry.action === 'hand_over') {
        // "turned over to Baku": the recipient is actor2
        const rec = usable.find((x) => x.start >= tEnd && x.start <= limit && lk(tokAt(x.start) - 1) === 'to') ?? null;
        if (rec) return [c.passive ? byActor : before, rec];
      }
      if ((c.passive && targetSubject) || (c.entry.noun && byActor)) return [byActor, c.passive ? before : after === byActor ? null : after];
      let r: [Actor | null, Actor | null] = coord && before ? [coord, before] : [before, after];
      // civilians are the targets of violence, not its perpetrators (unless they riot or lynch)
      if (r[0] && r[0].kind === 'civilians' && (VIOLENT_ACTIONS.has(c.entry.action) || c.entry.action === 'capture' || c.entry.action === 'retake') && c.entry.action !== 'burn') {
        const perp = usable.find((x) => x !== r[0] && x.kind !== 'civilians' && x.kind !== 'state' && x.kind !== 'government') ?? null;
        r = [perp, r[0]];
      }
      return r;
    };
    const typeFor = (c: Cand, a1: Actor | null, a2: Actor | null, place: Place | null): TypePair => {
      const m = ACLED[c.entry.action];
      if (!m) return [null, null];
      const act = c.entry.action;
      const nextWin = (set: Set<string>) => {
        for (let k = c.ti + c.len; k < Math.min(hi, c.ti + c.len + 8); k++) {
          if (!set.has(low[k])) continue;
          if (lk(k - 1) === 'by' || (lk(k - 1) === 'the' && lk(k - 2) === 'by') || MOD.reporting.has(lk(k + 1))) continue;
          return true;
        }
        return c.passive && windowHas(low, c.ti - 6, c.ti, set);
      };
      if ((act === 'enter' || act === 'capture') && hasCue(s, CUE.agreement) && m.withAgreementCue) return m.withAgreementCue;
      // taken "without a fight", "unopposed", after the other side left: no violent interaction
      if ((act === 'capture' || act === 'retake') && hasCue(s, CUE.peacefulTransfer)) return ACLED.enter.default;
      if ((act === 'capture' || act === 'retake') && a1 && CUE.stateKinds.has(a1.kind)) {
        const nonState = sActors.some((x) => CUE.nonStateKinds.has(x.kind) || x.kind === 'rebels') || hasCue(s, CUE.nonStateWords);
        if (!nonState) return m.stateVsState;
        return act === 'capture' ? m.stateActor : m.default;
      }
      if (act === 'retake' && a1 && CUE.nonStateKinds.has(a1.kind)) return m.nonStateActor;
      if (act === 'withdraw') return hasCue(s, CUE.agreement) ? m.withAgreementCue : m.default;
      // weapons handed over (disarmament), not territory
      if (act === 'hand_over' && m.weaponsObject && windowHas(low, c.ti + c.len, c.ti + c.len + 4, CUE.handedObjects)) return m.weaponsObject;
      // a clash with demonstrators is a violent demonstration, unless an armed group is the one fighting
      const armedParty = (a1 && CUE.nonStateKinds.has(a1.kind) && a1.kind !== 'rioters') || hasCue(s, CUE.nonStateWords);
      if (act === 'clash' && ((hasCue(s, CUE.demoActors) && !armedParty) || (a1 && (a1.kind === 'protesters' || a1.kind === 'rioters')))) return m.demoActors;
      if (act === 'clash' && a1 && a1.kind === 'civilians') return m.mobActors;
      // party supporters, villagers or a crowd who clash, with no armed group named: mob violence
      if (act === 'clash' && /^clash/.test(low[c.ti]) && windowHas(low, c.ti - 6, c.ti, CUE.mobActors) && !hasCue(s, CUE.armedTargets) && !hasCue(s, CUE.nonStateWords) && !sActors.some((x) => x.kind !== 'civilians' && x.kind !== 'state' && x.kind !== 'government' && x.kind !== 'media' && x.kind !== 'official')) return m.mobActors;
      if (act === 'attack' || act === 'kill') {
        if (a1 && (a1.kind === 'protesters' || a1.kind === 'rioters')) return m.demoActors ?? m.mobActors;
        if (hasCue(s, CUE.mobActors) && (!a1 || a1.kind === 'civilians' || a1.kind === 'rioters') && windowHas(low, s.lo, s.hi, MOB_WORDS)) return m.mobActors;
        if ((a2 && (CUE.stateKinds.has(a2.kind) || CUE.nonStateKinds.has(a2.kind)) && a2.kind !== 'rioters') || nextWin(CUE.armedTargets)) {
          if (!(a2 && a2.kind === 'civilians') && !nextWin(CUE.civilianTargets)) return m.armedTarget;
        }
        return m.default;
      }
      if (act === 'arrest' && a1 && CUE.nonStateKinds.has(a1.kind) && a1.kind !== 'rioters') return m.nonStateActor;
      if (act === 'protest') {
        if (hasCue(s, CUE.excessive)) return m.excessiveCue;
        if (hasCue(s, CUE.violent)) return m.violentCue;
        if (hasCue(s, CUE.intervention)) return m.interventionCue;
        return m.default;
      }
      if (act === 'riot' && hasCue(s, CUE.mobActors) && !hasCue(s, CUE.demoActors)) return m.mobActors;
      if (act === 'burn' && (hasCue(s, CUE.demoActors) || (a1 && (a1.kind === 'protesters' || a1.kind === 'rioters')))) return m.demoActors;
      return m.default;
    };
    // the sentence's event places: a capital read as its government ("over Kyiv", "entered Damascus") is still a place
    // after a locative preposition
    let locPlaces: Place[] | null = null;
    const eventPlaces = (): Place[] => {
      if (locPlaces) return locPlaces;
      const extra = placesIn(s).filter((p) => p.form !== 'demonym' && !sPlaces.includes(p) && STRONG_LOC.has(lk(tokAt(p.start) - 1)));
      locPlaces = extra.length ? [...sPlaces, ...extra].sort((x, y) => x.start - y.start) : sPlaces;
      return locPlaces;
    };
    const pickPlaces = (c: Cand): Place[] => {
      const sPlaces = eventPlaces();
      if (!sPlaces.length) return [];
      const tEnd = tokens[c.ti + c.len - 1].end;
      // places after the trigger introduced by a locative preposition; the finest one wins ("over Armenia near
      // the village of Yeraskh" -> Yeraskh), ties go to the first
      let chosen: Place | null = null;
      for (const p of sPlaces) {
        if (p.start < tEnd) continue;
        const pt = tokAt(p.start);
        if (pt - c.ti > 14) break;
        let q = pt - 1;
        // "in the Libyan capital Tripoli", "near the Armenian village of Yeraskh"
        while (q > c.ti && (PLACE_LEAD.has(lk(q)) || lk(q).endsWith("'s") || /^\p{Lu}/u.test(tokens[q].text))) q--;
        if (!(LOC_PREP.has(lk(q)) || q === c.ti + c.len - 1)) continue;
        let cand = p;
        // "Nagorno-Karabakh's Lachin region": the possessor is the container ("Tehran's Evin prison": the facility is not a place)
        const pEndTok = tokAt(p.end - 1);
        if (/['’]s$/.test(tokens[pEndTok].text)) { const nx = sPlaces.find((o) => o.start === tokens[pEndTok + 1]?.start); if (nx && !facilityOrWater(low, tokens, tokAt(nx.end - 1))) cand = nx; }
        else {
          const fw = facilityOrWater(low, tokens, pEndTok);
          // "the Dnipro river" is no town; "Freedom Square in Kharkiv", "Tal al-Sultan, in Rafah": the town the facility is in
          if (fw === 'water') continue;
          if (fw === 'facility') {
            const inQ = sPlaces.find((o) => o.start > p.end && tokAt(o.start) - pEndTok <= 6 && lk(tokAt(o.start) - 1) === 'in' && granularity(o) < 4);
            if (inQ) cand = inQ;
          }
        }
        if (!chosen || granularity(cand) < granularity(chosen)) chosen = cand;
      }
      if (chosen) {
        const list = [chosen];
        if (SPLIT_BY_PLACE.has(c.entry.action)) {
          // coordinated: "from the Agdam and Kalbajar regions"
          let last = tokAt(chosen.end - 1);
          for (;;) {
            let j = last + 1;
            while (j < hi && (lk(j) === 'and' || tokens[j].text === ',' || lk(j) === 'the')) j++;
            if (j === last + 1) break;
            const nx = sPlaces.find((o) => o.start === tokens[j]?.start);
            if (!nx) break;
            list.push(nx);
            last = tokAt(nx.end - 1);
          }
        }
        return list;
      }
      // nearest place in the sentence (subject of a passive, "Residents of Lachin")
      const tStart = tokens[c.ti].start;
      let best: Place | null = null;
      let bd = Infinity;
      for (const p of sPlaces) {
        let dt = p.end <= tStart ? c.ti - tokAt(p.end - 1) : tokAt(p.start) - c.ti + 3;
        if (dt > 12) continue;
        dt += granularity(p) * 2;
        // "Tehran's Evin prison", "the Dnipro river": a facility's or a river's name is a poor event place
        const fw = facilityOrWater(low, tokens, tokAt(p.end - 1));
        if (fw === 'water') continue;
        if (fw === 'facility') dt += 6;
        if (dt < bd) { bd = dt; best = p; }
      }
      return best ? [best] : [];
    };
    const pickDate = (c: Cand, modality: Modality): { date: string | null; source: 'timex' | 'dct' | null } => {
      const tStart = tokens[c.ti].start;
      let best: Timex | null = null;
      let bd = Infinity;
      // a date elsewhere in the trigger's clause, however far (a last resort before the narrative date)
      let far: Timex | null = null;
      let fd = Infinity;
      let deadline: Timex | null = null;
      for (const x of sTimex) {
        if (x.type !== 'DATE' && x.type !== 'TIME') continue;
        if (x.end <= datelineEnd) continue;
        if (x.role === 'deadline') { if (!deadline && dateValue(x, dct)) deadline = x; continue; }
        const xt = tokAt(x.start);
        if (lk(xt - 1) === 'since') continue;
        // "now" anchors nothing: the narrative date or the DCT decide
        if (x.value === 'PRESENT_REF') continue;
        let dist = xt >= c.ti ? xt - c.ti : (c.ti - xt) * 1.5;
        const v = dateValue(x, dct);
        if (!v) continue;
        const yearOnly = /^\d{4}$/.test(v) || /^\d{3}$/.test(v);
        // a date heading the sentence ("On 20 November 2020, ...") governs it; far dates are a last resort. A full
        // date heading the clause of the trigger (ACLED's "On 30 September 2022, ...") governs it over a nearer
        // weekday ("after Friday prayers")
        if (xt - s.lo <= 2 && /^\d{4}-\d{2}-\d{2}/.test(x.value) && lk(tokAt(x.end - 1) + 1) === ',' && !windowHas(low, xt, c.ti, SEMI)) dist = 0;
        else if (xt - s.lo <= 2) dist = Math.min(dist, 6);
        else if (dist > 14) {
          let crosses = false;
          for (let k = Math.min(xt, c.ti); k < Math.max(xt, c.ti) && !crosses; k++) crosses = lk(k) === ';';
          // only an adverbial date ("on Monday", "in March"), not one that modifies a noun ("the early November truce")
          const pw = lk(xt - 1);
          if (!crosses && !yearOnly && dist < fd && (pw === 'on' || pw === 'in' || pw === 'at' || pw === 'during' || pw === 'overnight')) { fd = dist; far = x; }
          continue;
        }
        const score = dist + (yearOnly ? 10 : 0);
        if (score < bd) { bd = score; best = x; }
      }
      // what an agreement obliges or a plan schedules falls on its deadline ("by November 25")
      if (deadline && (modality === 'obligated' || modality === 'planned')) return { date: dateValue(deadline, dct), source: 'timex' };
      if (best) return { date: dateValue(best, dct), source: 'timex' };
      if (far) return { date: dateValue(far, dct), source: 'timex' };
      // "had fled ... by Saturday evening": a done event's only date is when it was done by
      if (deadline && (modality === 'asserted' || modality === 'disputed')) return { date: dateValue(deadline, dct), source: 'timex' };
      const first = lk(s.lo);
      const firstTwo = `${first} ${lk(s.lo + 1)}`;
      if (MOD.undatedStarts.has(first) || MOD.undatedStarts.has(firstTwo)) return { date: null, source: null };
      // an obligation, plan or threat without a date of its own: the date it was agreed or announced (the narrative date)
      if (lastDate) return { date: lastDate, source: modality === 'asserted' || modality === 'disputed' || modality === 'denied' ? 'timex' : 'dct' };
      return dct ? { date: dct, source: 'dct' } : { date: null, source: null };
    };
    const pickModality = (c: Cand): Modality => {
      const i = c.ti;
      if (c.entry.action === 'deny' || c.entry.action === 'accuse') return 'asserted';
      if (phraseBefore(low, i, lo, MOD.negation, 3)) return 'denied';
      if (phraseBefore(low, i, lo, MOD.obligated, 4)) return 'obligated';
      if (phraseBefore(low, i, lo, MOD.hypothetical, 4)) return 'hypothetical';
      if (phraseBefore(low, i, lo, MOD.planned, 4)) return 'planned';
      if (plannedAfter(W, i + c.len, Math.min(hi, i + c.len + 8))) return 'planned';
      for (let k = lo; k < i; k++) if (MOD.disputedVerbs.has(lk(k))) return 'disputed';
      return 'asserted';
    };
    // attribution for the sentence
    let attribution: Attribution | null = null;
    for (let k = lo; k < hi && !attribution; k++) {
      if (!(bits[k] & W_REPORTING)) continue;
      const w = lk(k);
      let src: Actor | null = null;
      let srcText: string | null = null;
      if (w === 'according' && lk(k + 1) === 'to') {
        src = sActors.find((x) => x.start >= tokens[k + 1].end && x.start <= (tokens[k + 5]?.start ?? s.end)) ?? null;
        if (!src) { for (let j = k + 2; j < Math.min(hi, k + 5); j++) if (MOD.sourceNouns.has(lk(j))) { srcText = tokens[j].text; break; } }
      } else {
        for (const x of sActors) if (x.end <= tokens[k].start && x.end >= (tokens[k - 4]?.start ?? s.start)) src = x;
        if (!src) src = sActors.find((x) => x.start >= tokens[k].end && x.start <= (tokens[k + 3]?.start ?? -1)) ?? null;
        if (!src) for (let j = k - 1; j >= Math.max(lo, k - 3); j--) if (MOD.sourceNouns.has(lk(j))) { srcText = tokens[j].text; break; }
      }
      if (!src && !srcText) continue;
      let via: string | null = null;
      let viaEnd = tokens[k].end;
      for (const x of sActors) {
        if (x.kind !== 'media' || x === src) continue;
        via = x.name; viaEnd = Math.max(viaEnd, x.end);
        break;
      }
      const source = src ? (src.kind === 'civilians' ? src.text : src.name) : srcText!;
      const evStart = Math.min(src ? src.start : tokens[k].start, tokens[k].start);
      attribution = { source, via, evidence: { start: evStart, end: Math.max(viaEnd, src ? src.end : tokens[k].end) } };
    }
    // 3. build events, then merge the violent/demonstration ones of the sentence into one incident
    const built: (ConflictEvent & { _fam: string; _prio: number; _sent: number; _score: number })[] = [];
    for (const c of kept) {
      let [a1, a2] = pickActors(c);
      // a state named as the agent of violence or of a troop movement ("Russia launched missiles", "Rwanda began
      // deploying 1,000 soldiers", "Israel intercepted the drones") acts through its military
      if (a1 && (a1.kind === 'state') && (VIOLENT_ACTIONS.has(c.entry.action) || MILITARY_ACTIONS.has(c.entry.action)) && a1.countryCode) a1 = { ...a1, name: COUNTRY_FORCES_TEMPLATE_MILITARY(a1.countryCode) ?? a1.name, kind: 'military' };
      const modality = pickModality(c);
      // "no one was killed": a denied killing is no event
      if (c.entry.action === 'kill' && modality === 'denied' && phraseBefore(low, c.ti, lo, MOD.noCasualty, 5)) continue;
      // a province or district known only by name stands at its seat (ACLED's geo-precision convention)
      let places = pickPlaces(c).map(regionSeat);
      if (!places.length) {
        // a government's declaration or order with no place: its capital (ACLED's convention)
        const cap = capitalPlace(a1, c.entry.action);
        // no place in the sentence ("government troops were fighting to retake the town"): the scene of the report,
        // or the last town named when the sentence points back at it
        const back = anaphoricPlace(low, lo, hi);
        let ref: Place | null = null;
        if (back) for (const g of anaphorGranularities(back)) { ref = lastByGran.get(g) ?? null; if (ref) break; }
        if (cap) places = [cap];
        else if (back && (ref || scene)) places = [(ref ?? scene)!];
        else if (scene && !UNLOCATED_ACTIONS.has(c.entry.action)) places = [scene];
      }
      const { date, source } = pickDate(c, modality);
      // background: an event dated only by an earlier year ("took Goma in 2012") is history, not news of the day
      if (date && dct && source === 'timex' && /^\d{3,4}$/.test(date) && date < dct.slice(0, date.length)) continue;
      const tSpan = { start: tokens[c.ti].start, end: tokens[c.ti + c.len - 1].end };
      const nearQ = sQty.filter((q) => !tollQty.has(q));
      // this event's death toll (locate.ts); a withdrawal or a declaration in the sentence of a killing carries none
      if (FATAL_ACTIONS.has(c.entry.action) && !fatalBySent.has(s.idx)) fatalBySent.set(s.idx, sentenceFatalities(low, tokens, lo, hi, sQty, tollQty, tokAt));
      const fatalities: number | null = FATAL_ACTIONS.has(c.entry.action) ? fatalBySent.get(s.idx) ?? null : null;
      for (const place of places.length ? places : [null]) {
        const type = typeFor(c, a1, a2, place);
        const ev: ConflictEvent & { _fam: string; _prio: number; _sent: number; _score: number } = {
          id: '', action: c.entry.action, eventType: type[0], subEventType: type[1],
          actor1: toEventActor(a1), actor2: toEventActor(a2), place, date, dateSource: source, modality,
          quantities: nearQ.filter((q) => Math.abs(tokAt(q.start) - c.ti) <= 12), fatalities, attribution,
          evidence: { start: s.start, end: s.end }, mentions: [{ start: s.start, end: s.end }], trigger: tSpan,
          confidence: type[0] ? 0.7 : 0.5,
          _fam: (type[0] && FAMILY.get(type[0])) || `action:${c.entry.action}`,
          _prio: type[1] ? PRIORITY.get(type[1]) ?? 99 : 99, _sent: s.idx, _score: 0,
        };
        if (a.options.explain) ev.prov = { stage: 'events', rule: `trigger:${c.entry.lemma}` };
        built.push(ev);
      }
    }
    // incident merge: all violence + demonstration candidates of a sentence become one event
    const incident = built.filter((e) => INCIDENT_FAMILIES.has(e._fam));
    if (incident.length > 1) {
      const demo = incident.some((e) => e._fam === 'demonstration');
      const pool = incident;
      pool.sort((x, y) => x._prio - y._prio);
      // ACLED: remote violence in the course of a battle is part of the battle; a town taken with air or artillery
      // support is coded as the change of territory
      const taken = pool.find((e) => e.eventType === 'Battles' && (e.action === 'capture' || e.action === 'retake'));
      if (taken && pool[0].eventType === 'Explosions/Remote violence') { pool.splice(pool.indexOf(taken), 1); pool.unshift(taken); }
      const main = pool[0];
      if (demo && main._fam !== 'demonstration' && GENERIC_VIOLENCE.has(main.action)) {
        const d = pool.find((e) => e._fam === 'demonstration')!;
        // violence in a protest sentence: excessive force / intervention decided by the protest rules
        Object.assign(main, { eventType: d.eventType, subEventType: d.subEventType, action: d.action });
      }
      for (const e of pool.slice(1)) {
        main.actor1 ??= e.actor1; main.actor2 ??= e.actor2; main.place ??= e.place;
        if (main.fatalities === null) main.fatalities = e.fatalities;
      }
      // arrests and property destruction in a protest sentence are part of the protest
      for (let k = built.length - 1; k >= 0; k--) {
        const e = built[k];
        if (pool.includes(e) && e !== main) built.splice(k, 1);
        else if (demo && (e.action === 'arrest' || e.action === 'burn') && e !== main) built.splice(k, 1);
      }
    } else if (incident.length === 1 && incident[0]._fam === 'demonstration') {
      for (let k = built.length - 1; k >= 0; k--) if ((built[k].action === 'arrest' || built[k].action === 'burn') && built[k] !== incident[0]) built.splice(k, 1);
    }
    // homes burned or buildings destroyed in the course of an attack, a strike or a battle told before them
    // ("attacked the village, burning homes") are that event's damage, not an event of their own
    {
      const firstViolent = built.reduce((m, e) => (e._fam === 'violence' && e.trigger && e.trigger.start < m ? e.trigger.start : m), Infinity);
      for (let k = built.length - 1; k >= 0; k--) if (built[k].action === 'burn' && built[k]._fam !== 'violence' && built[k]._fam !== 'demonstration' && built[k].trigger!.start > firstViolent) built.splice(k, 1);
    }
    // weapons found or seized: the weapons named in the sentence were not used
    // "warplanes destroyed the arms depot" is an air strike, not a disruption of weapons
    if (built.some((e) => e.action === 'air_strike' || e.action === 'shell')) {
      for (let k = built.length - 1; k >= 0; k--) if (built[k].action === 'disrupt_weapons' && /^destroy/.test(low[tokAt(built[k].trigger!.start)])) built.splice(k, 1);
    }
    if (built.some((e) => e.action === 'disrupt_weapons')) {
      for (let k = built.length - 1; k >= 0; k--) if (WEAPON_USE.has(built[k].action)) built.splice(k, 1);
    }
    // accidents and disasters (fires, explosions at plants, earthquakes) are not political violence; in a short
    // report (one story) the disaster may be named in the sentence before or after ("A bus plunged off a bridge.
    // 19 people were killed.")
    const disasterNear = (k: number) => k >= 0 && k < sents.length && hasCue(sents[k], CUE.disaster) && !hasCue(sents[k], CUE.conflict);
    if ((hasCue(s, CUE.disaster) || (shortDoc && (disasterNear(s.idx - 1) || disasterNear(s.idx + 1)))) && !hasCue(s, CUE.conflict) && !sActors.some((x) => x.kind === 'military' || x.kind === 'rebels' || x.kind === 'militia' || x.kind === 'police')) {
      // (a protest at a factory is still a protest)
      for (const e of built) if (e.eventType && e._fam !== 'demonstration') { e.eventType = null; e.subEventType = null; }
    }
    // same-action duplicates within the sentence
    for (let k = built.length - 1; k >= 0; k--) {
      const e = built[k];
      const o = built.find((o, j) => j < k && o.action === e.action && (!o.place || !e.place || o.place.name === e.place.name));
      if (o) {
        o.place ??= e.place; o.actor1 ??= e.actor1; o.actor2 ??= e.actor2;
        if (!o.quantities.length) o.quantities = e.quantities;
        if (o.fatalities === null) o.fatalities = e.fatalities;
        built.splice(k, 1);
      }
    }
    // classifier: refine the ACLED type from the words of the sentence and its neighbours (the whole text for
    // short reports) plus the rules' guess
    let feats: string[] | null = null;
    const featsFor = () => {
      if (feats) return feats;
      const from = shortDoc ? 0 : sents[Math.max(0, s.idx - 1)].start;
      const to = shortDoc ? text.length : sents[Math.min(sents.length - 1, s.idx + 1)].end;
      feats = textFeatures(text.slice(from, to));
      for (const o of built) feats.push(`act:${o.action}`);
      return feats;
    };
    for (const e of built) {
      if (!shortDoc || !e.eventType || KEEP_RULE_TYPE.has(e.action)) continue;
      const r = classify([...featsFor(), `rule:${e.subEventType}`]);
      if (!r) continue;
      // trained on short snippets: in longer reports it may only refine the sub-type within the rules' event type
      const ok = shortDoc
        ? (r.eventType ? r.prob >= (r.eventType === e.eventType ? classifierThreshold() : crossTypeThreshold()) : r.prob >= noneThreshold())
        : r.eventType === e.eventType && r.prob >= 0.5;
      if (ok) {
        e.eventType = r.eventType; e.subEventType = r.subEventType;
        e.confidence = Math.round(r.prob * 100) / 100;
      }
    }
    if (shortDoc && !built.some((e) => e.eventType) && (sActors.length || sPlaces.length) && !classifiedDoc) {
      const r = classify([...featsFor(), 'rule:null']);
      if (r && r.eventType && r.prob >= createThreshold()) {
        classifiedDoc = true;
        const a1 = sActors.find((x) => x.kind !== 'media' && !reportingSubjects.has(x)) ?? null;
        const { date, source } = pickDate({ ti: s.lo, len: 1, entry: { action: 'other', lemma: '', noun: true, needs: null, needsWindow: 0, needsBefore: false, actorKinds: null }, sent: s, type: [null, null], passive: false }, 'asserted');
        const ev = {
          id: '', action: 'other', eventType: r.eventType, subEventType: r.subEventType, actor1: toEventActor(a1), actor2: null,
          place: sPlaces[0] ?? null, date, dateSource: source, modality: 'asserted' as Modality, quantities: [], fatalities: null, attribution,
          evidence: { start: s.start, end: s.end }, mentions: [{ start: s.start, end: s.end }], confidence: Math.round(r.prob * 100) / 100,
          _fam: FAMILY.get(r.eventType) ?? 'other', _prio: 99, _sent: s.idx, _score: 0,
        };
        if (a.options.explain) (ev as ConflictEvent).prov = { stage: 'events', rule: `classifier:${r.label}` };
        built.push(ev);
      }
    }
    for (const e of built) {
      if (e.dateSource === 'timex' && e.date && (e.modality === 'asserted' || e.modality === 'disputed')) lastDate = e.date;
      raw.push(e);
    }
    {
      let sc: Place | null = null;
      for (const e of built) if (e.place && granularity(e.place) < 4) sc = e.place;
      if (!sc) for (const p of sPlaces) if (granularity(p) < 4) sc = p;
      if (sc) scene = sc;
      for (const p of sPlaces) { const g = granularity(p); if (g < 4 && (g > 0 || !facilityOrWater(low, tokens, tokAt(p.end - 1)))) lastByGran.set(g, p); }
    }
  }
  // background, commentary and whole-country tolls are no news of an event (locate.json "background")
  for (let k = raw.length - 1; k >= 0; k--) {
    const e = raw[k];
    if (!e.trigger) continue;
    const ti = tokAt(e.trigger.start);
    const te = tokAt(e.trigger.end - 1);
    const st = sents[e._sent];
    if (backgroundMention(low, st.lo, st.hi, ti, te - ti + 1, isNounTrigger(low, ti, e.action), e.action)) raw.splice(k, 1);
  }
  // a withdrawal told as the circumstance of an entry or a capture in the same sentence ("entered Aghdam district after
  // Armenian forces withdrew", "retook Mekelle as federal troops withdrew") is part of that event, not one of its own
  for (let k = raw.length - 1; k >= 0; k--) {
    const e = raw[k];
    if (e.action !== 'withdraw' || !e.trigger) continue;
    const ti = tokAt(e.trigger.start);
    const lo0 = sents[e._sent].lo;
    let sub = false;
    for (let j = ti - 1; j >= lo0 && j >= ti - 6 && !sub; j--) sub = SUBORDINATORS.has(lk(j));
    if (!sub) continue;
    if (raw.some((o) => o !== e && o._sent === e._sent && TAKE_ACTIONS.has(o.action) && o.trigger && o.trigger.start < e.trigger!.start)) raw.splice(k, 1);
  }
  // violence one side denies or blames on another in the same or the next sentences is disputed
  for (const e of raw) {
    if (e.modality !== 'asserted' || !e.eventType || !DISPUTE_TYPES.has(e.eventType) || !e.trigger) continue;
    if (disputedAfter(low, sents, e._sent, tokAt(e.trigger.end - 1) + 1, !e.actor1 || e.actor1.kind === 'civilians')) e.modality = 'disputed';
  }
  // violence whose sentence names no perpetrator: the side a following sentence blames ("The ministry blamed an
  // Israeli air strike", "the army blamed the RSF")
  for (const e of raw) {
    if (e.actor1 && e.actor1.kind !== 'civilians') continue;
    if (!e.eventType || !BLAME_TYPES.has(e.eventType)) continue;
    const blamed = blamedActor(low, sents, actorsB, e._sent, tokAt);
    if (!blamed) {
      // a bombing or an attack on civilians nobody is named for, blamed for or claims: an unidentified armed group
      // (only for a concrete incident: a town or district and a date of its own, or a count of the dead)
      const concrete = !!e.place && granularity(e.place) <= 1 && (e.dateSource === 'timex' || e.fatalities !== null);
      if (!e.actor1 && concrete && e.subEventType && UNIDENTIFIED_SUBTYPES.has(e.subEventType) && e.modality === 'asserted') {
        const cc = e.place?.countryCode ?? null;
        e.actor1 = { name: unidentifiedName(countryByCode(cc)?.name ?? null), kind: 'unknown', countryCode: cc };
      }
      continue;
    }
    const b = toEventActor(blamed)!;
    if (b.kind === 'state' && b.countryCode) { b.name = COUNTRY_FORCES_TEMPLATE_MILITARY(b.countryCode) ?? b.name; b.kind = 'military'; }
    if (e.actor1 && e.actor1.kind === 'civilians' && !e.actor2) e.actor2 = e.actor1;
    e.actor1 = b;
  }
  // 4. merge mentions of one event across the report
  const out: ConflictEvent[] = [];
  const score = (e: ConflictEvent) => (e.dateSource === 'timex' ? 2 : 0) + (e.place ? 1 : 0) + e.quantities.length + (e.actor1 ? 1 : 0) + (e.attribution?.via ? 1 : 0);
  const groups: (typeof raw)[] = [];
  // the groups by their first mention's action, modality and place name (in order of creation): an event joins
  // the first of them whose date and actor agree
  const groupsByKey = new Map<string, (typeof raw)[]>();
  const lastByAction = new Map<string, typeof raw>();
  // a group's first text date and the event's own text date name different days (neither contains the other)
  const datesClash = (g: typeof raw, e: (typeof raw)[number]) => {
    const dm = g.find((x) => x.dateSource === 'timex')?.date ?? null;
    return !!(dm && e.dateSource === 'timex' && e.date && dm !== e.date && !dm.startsWith(e.date) && !e.date.startsWith(dm));
  };
  for (const e of raw) {
    if (e.action === 'accuse' || e.action === 'deny') { groups.push([e]); continue; }
    const key = `${e.action}\u0000${e.modality}\u0000${e.place?.name != null ? `\u0001${e.place.name}` : ''}`;
    const same = groupsByKey.get(key);
    // "the airstrike", "that attack": a definite noun names an event the report has already told of, wherever
    // the sentence it sits in is placed; it joins the latest group of that action (unless its own date differs)
    if (e.trigger && DEFINITE.test(text.slice(Math.max(0, e.trigger.start - 5), e.trigger.start))) {
      const prior = lastByAction.get(`${e.action}\u0000${e.modality}`);
      if (prior && !datesClash(prior, e)) { prior.push(e); continue; }
    }
    const g = same?.find((g) => {
      if (datesClash(g, e)) return false;
      const a1 = g.find((x) => x.actor1)?.actor1?.name;
      if (a1 && e.actor1 && a1 !== e.actor1.name) return false;
      return true;
    });
    if (g) g.push(e);
    else {
      const ng = [e];
      groups.push(ng);
      if (same) same.push(ng); else groupsByKey.set(key, [ng]);
    }
    lastByAction.set(`${e.action}\u0000${e.modality}`, g ?? groups[groups.length - 1]);
  }
  let n = 0;
  for (const g of groups) {
    let main = g[0];
    for (const e of g) if (score(e) > score(main)) main = e;
    // a copy without the working fields (in the same key order; no `delete`, which would turn the object into a dictionary)
    const ev = {} as ConflictEvent;
    {
      const src = main as unknown as Record<string, unknown>;
      const dst = ev as unknown as Record<string, unknown>;
      for (const k of Object.keys(src)) if (k !== '_fam' && k !== '_prio' && k !== '_sent' && k !== '_score') dst[k] = src[k];
    }
    ev.id = `${a.doc.id}:e${++n}`;
    for (const e of g) {
      ev.actor1 ??= e.actor1; ev.actor2 ??= e.actor2; ev.place ??= e.place; ev.attribution ??= e.attribution;
      if (ev.fatalities === null) ev.fatalities = e.fatalities;
      if (!ev.quantities.length) ev.quantities = e.quantities;
    }
    if (ev.attribution && !ev.attribution.via) { const w = g.find((e) => e.attribution?.via); if (w) ev.attribution = w.attribution; }
    // ACLED actor convention: the crowd of a riot is "Rioters (X)", of a protest "Protesters (X)"
    const crowd = ev.eventType === 'Riots' ? 'rioters' : ev.eventType === 'Protests' ? 'protesters' : null;
    // in a protest event the protesters are actor1, the force intervening against them actor2
    // (excessive force against protesters: the force that used it is actor1, as in ACLED's notes)
    const excessive = ev.subEventType === 'Excessive force against protesters';
    if (ev.eventType === 'Protests' && !excessive && ev.actor1 && ev.actor2 && (ev.actor1.kind === 'police' || ev.actor1.kind === 'military') && (ev.actor2.kind === 'protesters' || ev.actor2.kind === 'civilians')) {
      [ev.actor1, ev.actor2] = [ev.actor2, ev.actor1];
    }
    if (excessive && ev.actor1 && ev.actor2 && (ev.actor2.kind === 'police' || ev.actor2.kind === 'military') && (ev.actor1.kind === 'protesters' || ev.actor1.kind === 'civilians')) {
      [ev.actor1, ev.actor2] = [ev.actor2, ev.actor1];
    }
    if (crowd && ev.actor1 && (ev.actor1.kind === 'protesters' || ev.actor1.kind === 'civilians' || ev.actor1.kind === 'rioters') && ev.actor1.kind !== crowd) {
      ev.actor1 = { ...ev.actor1, name: fillTemplate(BARE_TEMPLATES[crowd], countryByCode(ev.actor1.countryCode)), kind: crowd };
    }
    {
      // the first mention at each start, by start
      const seen = new Set<number>();
      const ms: { start: number; end: number }[] = [];
      for (const e of g) { const m = e.mentions[0]; if (!seen.has(m.start)) { seen.add(m.start); ms.push(m); } }
      ev.mentions = ms.sort((x, y) => x.start - y.start);
    }
    out.push(ev);
  }
  out.sort((x, y) => x.mentions[0].start - y.mentions[0].start || (x.trigger?.start ?? 0) - (y.trigger?.start ?? 0));
  return out;
}

export const eventsStage: Stage = {
  name: 'events',
  reads: ['sentences', 'tokens', 'timexes', 'places', 'actors', 'quantities'],
  sets: ['events'],
  run(a) {
    a.events = findEvents(a);
  },
};
