// Per-event fields that are not the event's type (issue 6), used by the events stage (stage.ts):
// - fatalities of this event only: numbers tied to a death word in their clause, coordinated numbers summed, parts,
//   injuries, ages and whole-country or period tolls left out, ACLED's vague plurals and most conservative figure;
// - place: a government's act at its capital, "the town"/"the district" pointing back, facility and river names,
//   a province at its seat (ACLED's geo-precision convention);
// - actors: the side a later sentence blames or that claims responsibility; "Unidentified Armed Group (X)";
// - modality: violence one side denies is disputed; background mentions (commentary, durations, tolls).
// All word lists are data: src/resources/events/locate.json.
import type { Place, Quantity, Token } from '../../model/types.ts';
import { getGazetteer, type GazEntry } from '../../gazetteer/index.ts';
import data from '../../resources/events/locate.json' with { type: 'json' };
import countriesData from '../../resources/actors/countries.json' with { type: 'json' };

const F = data.fatalities;
/** phrase set: single words and multi-word phrases (space-joined lower-case tokens) */
function phrases(xs: string[]): { words: Set<string>; multi: string[][] } {
  const words = new Set<string>();
  const multi: string[][] = [];
  for (const x of xs) { const p = x.toLowerCase().split(' '); if (p.length === 1) words.add(p[0]); else multi.push(p); }
  return { words, multi };
}
/** length of the phrase of `set` that starts at token k (0 when none) */
function matchAt(low: string[], k: number, hi: number, set: { words: Set<string>; multi: string[][] }): number {
  let best = set.words.has(low[k]) ? 1 : 0;
  for (const p of set.multi) {
    if (p.length <= best || k + p.length > hi) continue;
    let ok = true;
    for (let j = 0; j < p.length && ok; j++) ok = low[k + j] === p[j];
    if (ok) best = p.length;
  }
  return best;
}
const DEATH = phrases(F.deathWords);
const KILLING_BEFORE = phrases(F.killingVerbsBefore);
const INJURY = new Set(F.injuryWords);
const PART = phrases(F.partMarkers);
const STOPS = new Set(F.clauseStops);
const TOLL = phrases(F.tollMarkers);
const AGE = new Set(F.ageMarkers);
const VAGUE = new Map<string, number>(Object.entries(F.vaguePlurals.values));
const SING_DET = new Set(F.singular.determiners);
const SING_NOUN = new Set(F.singular.personNouns);
export const FATAL_ACTIONS = new Set<string>(F.eventActions.actions);
const BE_AUX = new Set(['was', 'were', 'been', 'is', 'are', 'being', 'be', 'had', 'have', 'has', 'reportedly', 'reported', 'later', 'also', 'all', 'both', 'and', 'abducted', 'shot', 'beaten', 'stabbed', 'tortured']);

interface Item { ts: number; te: number; value: number }

/**
 * This sentence's death toll for the event(s) it tells, or null when it gives none: numbers tied to a death word
 * in their clause; coordinated numbers summed; parts ("including two children") and injuries left out; tolls for
 * the whole country or a longer period dropped; several separate figures -> the smallest (ACLED's most
 * conservative estimate). `skip` holds quantities already known to be tolls.
 */
export function sentenceFatalities(low: string[], tokens: Token[], lo: number, hi: number, qty: Quantity[], skip: Set<Quantity>, tokAt: (offset: number) => number): number | null {
  const items: Item[] = [];
  const covered = new Set<number>();
  for (const q of qty) {
    const ts = tokAt(q.start), te = tokAt(q.end - 1);
    for (let k = ts; k <= te; k++) covered.add(k);
    if (skip.has(q) || q.unit === 'km' || q.unit === 'day' || q.unit === 'hour' || q.unit === 'percent') continue;
    if (q.value <= 0 || !Number.isFinite(q.value)) continue;
    // a count of things, not of people ("130,000 elephants", "two destroyed apartment blocks")
    if (q.counts && q.unit !== 'person' && !q.counts.toLowerCase().split(' ').some((w) => DEATH.words.has(w))) continue;
    // ages: "a 27-year-old man"
    if (AGE.has(low[te + 1] ?? '') || /year-old$/.test(low[te] ?? '') || (low[te + 1] === '-' && low[te + 2] === 'year')) continue;
    items.push({ ts, te, value: q.value });
  }
  // vague plurals the quantity stage gave no number ("dozens of Wagner fighters")
  for (let k = lo; k < hi; k++) {
    if (covered.has(k)) continue;
    const v = VAGUE.get(low[k]);
    if (v !== undefined && (low[k + 1] === 'of' || /^\p{L}/u.test(tokens[k + 1]?.text ?? ''))) items.push({ ts: k, te: k, value: v });
  }
  items.sort((a, b) => a.ts - b.ts);
  // "Since 2009, hundreds of people have been killed ...": a sentence opened by a toll marker tells a toll
  if (matchAt(low, lo, hi, TOLL) && low[lo] !== 'across') return null;
  const byVerb = new Map<number, number>();
  let anyFatal = false;
  for (const it of items) {
    // a part of a larger figure ("including two children")
    let part = false;
    for (let k = it.ts - 1; k >= lo && k >= it.ts - 3; k--) if (matchAt(low, k, hi, PART)) { part = true; break; }
    if (part) continue;
    let verb = -1;
    // "killing at least 20 people", "executed about 500 people"
    const b = it.ts - 1;
    if (b >= lo && KILLING_BEFORE.words.has(low[b])) verb = b;
    if (verb < 0) {
      for (const p of KILLING_BEFORE.multi) {
        const s = it.ts - p.length;
        if (s >= lo && p.every((w, j) => low[s + j] === w)) { verb = s; break; }
      }
    }
    // the quantity's own words tell the death ("12 fighters dead", "22 people killed")
    if (verb < 0) for (let k = it.ts + 1; k <= it.te; k++) if (matchAt(low, k, it.te + 1, DEATH)) { verb = k; break; }
    // a death noun counted ("26 bodies", "deaths")
    if (verb < 0 && it.te + 1 < hi && DEATH.words.has(low[it.te + 1]) && /s$/.test(low[it.te + 1])) verb = it.te + 1;
    if (verb < 0) {
      // forward in the clause: "three soldiers were killed", "four Armenian and three Azerbaijani soldiers dead"
      let k = it.te + 1;
      const end = Math.min(hi, it.te + 14);
      while (k < end) {
        const w = low[k];
        if (w === ',' || w === '(' || w === '—' || w === '–') {
          // a parenthetical part: ", including two children," / "(among them ...)"
          if (matchAt(low, k + 1, hi, PART)) {
            let j = k + 1;
            while (j < hi && low[j] !== ',' && low[j] !== ')' && low[j] !== ';' && low[j] !== '.' && j < k + 12) j++;
            k = j + 1;
            continue;
          }
          if (w === ',') break;
        }
        if (STOPS.has(w)) break;
        // another finite verb ("has recorded", "have fled"), unless it is the death's own auxiliary ("had been killed")
        if ((w === 'has' || w === 'have') && low[k + 1] !== 'been') break;
        if (INJURY.has(w)) break;
        const m = matchAt(low, k, hi, DEATH);
        if (m) { verb = k; break; }
        k++;
      }
    }
    if (verb < 0) continue;
    // a toll for the whole country or a longer period
    let toll = false;
    for (let k = Math.max(it.te + 1, verb); k < Math.min(hi, verb + 6); k++) {
      if (low[k] === ';' || low[k] === '.') break;
      if (matchAt(low, k, hi, TOLL)) { toll = true; break; }
    }
    if (toll) continue;
    anyFatal = true;
    byVerb.set(verb, (byVerb.get(verb) ?? 0) + it.value);
  }
  if (anyFatal) {
    let best = Infinity;
    for (const v of byVerb.values()) best = Math.min(best, v);
    return best;
  }
  // one person: "killed Hamas leader Yahya Sinwar", "shot dead a 27-year-old man", "the governor ... was abducted and killed"
  for (let k = lo; k < hi; k++) {
    const m = matchAt(low, k, hi, DEATH);
    if (!m || low[k] === 'deaths' || low[k] === 'bodies' || low[k] === 'fatalities') continue;
    // negated: "no one was killed"
    let neg = false;
    for (let j = Math.max(lo, k - 4); j < k; j++) if (low[j] === 'no' || low[j] === 'not' || low[j] === 'nobody' || low[j] === "n't" || low[j] === 'none') neg = true;
    if (neg) continue;
    // object: up to 6 tokens after
    for (let j = k + m; j < Math.min(hi, k + m + 7); j++) {
      if (STOPS.has(low[j]) || low[j] === ',') break;
      if (SING_NOUN.has(low[j])) {
        let det = false;
        for (let d = j - 1; d >= k + m; d--) if (SING_DET.has(low[d]) || /^\p{Lu}/u.test(tokens[d].text)) det = true;
        if (det || /^\p{Lu}/u.test(tokens[j + 1]?.text ?? '')) return 1;
      }
      if (/s$/.test(low[j]) && SING_NOUN.has(low[j].slice(0, -1))) break;
    }
    // passive subject: "the governor of West Darfur, Khamis Abakar, was abducted and killed"
    let j = k - 1;
    while (j >= lo && BE_AUX.has(low[j])) j--;
    if (j < k - 1 && (low[j + 1] === 'was' || low[j + 1] === 'is' || (low[j + 1] === 'has' && low[j + 2] === 'been') || (low[j + 1] === 'had' && low[j + 2] === 'been'))) {
      for (let d = j; d >= Math.max(lo, j - 12); d--) {
        if (low[d] === ';' || low[d] === '.' || low[d] === 'when' || low[d] === 'after') break;
        if (SING_NOUN.has(low[d]) && d > lo && SING_DET.has(low[d - 1])) return 1;
      }
    }
  }
  return null;
}

// ---- place --------------------------------------------------------------------------------------------------
const P = data.places;
/** actions by a government that ACLED places at the capital when the report names no place ("Ethiopia declared a state of emergency") */
export const CAPITAL_ACTIONS = new Set<string>(P.capitalActions.actions);
const CAPITAL_KINDS = new Set<string>(P.capitalActions.actorKinds);
const ANAPHORS = P.anaphoricPlaces.phrases.map((x: string) => x.split(' '));
const ANAPHOR_FIRST = new Set<string>(ANAPHORS.map((p: string[]) => p[0]));
const FACILITY = new Set<string>(P.facilityNouns.words);
const WATER = new Set<string>(P.waterNouns.words);
const capitalCache = new Map<string, GazEntry | null>();
const CAPITALS = new Map<string, string[]>();
for (const c of countriesData.countries as { code: string; capitals: string[] }[]) CAPITALS.set(c.code, c.capitals);

function capitalEntry(code: string): GazEntry | null {
  let e = capitalCache.get(code);
  if (e !== undefined) return e;
  e = null;
  try {
    const gaz = getGazetteer();
    for (const name of CAPITALS.get(code) ?? []) {
      const cands = gaz.lookup(name).filter((x) => x.entry.countryCode === code);
      const best = cands.find((x) => x.entry.featureType === 'capital') ?? cands.find((x) => x.entry.featureType === 'populated place') ?? null;
      if (best) { e = best.entry; break; }
    }
  } catch { e = null; }
  capitalCache.set(code, e);
  return e;
}

/** The capital of an acting government as the event's place, with the actor's mention as its evidence span. */
export function capitalPlace(actor: { start: number; end: number; text: string; kind: string; countryCode?: string | null } | null, action: string): Place | null {
  if (!actor || !actor.countryCode || !CAPITAL_ACTIONS.has(action) || !CAPITAL_KINDS.has(actor.kind)) return null;
  const e = capitalEntry(actor.countryCode);
  if (!e) return null;
  return {
    start: actor.start, end: actor.end, text: actor.text, name: e.name, gazetteerId: e.id, featureType: e.featureType,
    countryCode: e.countryCode || null, admin1: e.admin1Name || null, lat: e.lat, lon: e.lon, confidence: 0.4,
  };
}

/** "the town", "the district", "there": the sentence points back at a place named before; returns the head noun
 * ("town", "district", "there") or null */
export function anaphoricPlace(low: string[], lo: number, hi: number): string | null {
  for (let k = lo; k < hi; k++) {
    if (!ANAPHOR_FIRST.has(low[k])) continue;
    for (const p of ANAPHORS) {
      if (low[k] !== p[0]) continue;
      let ok = k + p.length <= hi;
      for (let j = 1; j < p.length && ok; j++) ok = low[k + j] === p[j];
      if (ok) return p[p.length - 1].replace(/'s$/, '');
    }
  }
  return null;
}
/** the feature granularities (see the events stage) an anaphoric head may point back at, finest first */
export function anaphorGranularities(head: string): number[] {
  if (head === 'district') return [1, 0];
  if (head === 'region' || head === 'province' || head === 'area') return [2, 3, 1];
  return [0];
}

/** A place name that is only part of a facility's or a river's name ("Freedom Square", "the Dnipro river", "Evin prison"). */
export function facilityOrWater(low: string[], tokens: Token[], endTok: number): 'facility' | 'water' | null {
  const nx = low[endTok + 1] ?? '';
  if (WATER.has(nx)) return 'water';
  // an Arabic name goes on ("Tal al-Sultan", "Deir el-Zor"): the place found is only its first word
  const t1 = tokens[endTok + 1];
  if (t1 && t1.start === tokens[endTok].end + 1 && /^(al|el|ad|ar|as|at|ash|az|an)-/.test(nx)) return 'facility';
  if (FACILITY.has(nx)) return 'facility';
  // a capitalised name goes on ("Freedom Square", "Tal al-Sultan", "White City stadium")
  const t = tokens[endTok + 1];
  if (t && /^\p{Lu}/u.test(t.text) && t.start === tokens[endTok].end + 1 && FACILITY.has(low[endTok + 2] ?? '')) return 'facility';
  if (t && /^\p{Lu}/u.test(t.text) && t.start === tokens[endTok].end + 1 && FACILITY.has(nx.toLowerCase())) return 'facility';
  return null;
}

// ---- actors -------------------------------------------------------------------------------------------------
const B = data.blame;
export const BLAME_TYPES = new Set<string>(B.eventTypes);
const BLAME_WORDS = new Set<string>(B.words);
const BLAME_SKIP = new Set<string>(['media', 'civilians', 'protesters', 'organisation']);
const CLAIMS = B.claimWords.map((x: string) => x.split(' '));
const CLAIM_FIRST = new Set<string>(CLAIMS.map((p: string[]) => p[0]));
const U = data.unidentified;
export const UNIDENTIFIED_SUBTYPES = new Set<string>(U.subEventTypes);
/** "Unidentified Armed Group (Ethiopia)" */
export function unidentifiedName(country: string | null): string {
  return country ? U.name.replace('{country}', country) : U.noCountry;
}

/** The actor that the event's own sentence or one of the next `B.sentencesAfter` sentences blames or accuses. */
export function blamedActor<A extends { start: number; end: number; kind: string }>(
  low: string[], sents: { lo: number; hi: number }[], actorsBySent: A[][], si: number, tokAt: (offset: number) => number,
): A | null {
  for (let j = si; j <= si + B.sentencesAfter && j < sents.length; j++) {
    const { lo, hi } = sents[j];
    for (let k = lo; k < hi; k++) {
      // "Islamic State claimed responsibility": the claimant, before the claim
      if (CLAIM_FIRST.has(low[k]) && CLAIMS.some((p: string[]) => p.every((w, i) => low[k + i] === w))) {
        let claimant: A | null = null;
        for (const x of actorsBySent[j]) {
          const xt = tokAt(x.end - 1);
          if (xt < k && k - xt <= B.window && !BLAME_SKIP.has(x.kind)) claimant = x;
        }
        if (claimant) return claimant;
      }
      if (!BLAME_WORDS.has(low[k])) continue;
      for (const x of actorsBySent[j]) {
        const xt = tokAt(x.start);
        if (xt <= k || xt - k > B.window) continue;
        if (BLAME_SKIP.has(x.kind)) continue;
        return x;
      }
    }
  }
  return null;
}

// ---- background ---------------------------------------------------------------------------------------------
const BG = data.background;
const EVAL_STARTS = BG.evaluativeStarts.map((x: string) => x.split(' '));
const DURATION_BEFORE = BG.durationBefore.map((x: string) => x.split(' '));
const NOUN_AFTER = new Set<string>(BG.nounAfter);
const TOLL_ACTIONS = new Set<string>(BG.tollActions);

/** Why a mention is background rather than news of an event, or null. `ti`/`len`: the trigger's tokens; `lo`/`hi`: its sentence. */
export function backgroundMention(low: string[], lo: number, hi: number, ti: number, len: number, noun: boolean, action: string): string | null {
  const at = (k: number, p: string[]) => p.every((w, j) => low[k + j] === w);
  if (noun) {
    if (EVAL_STARTS.some((p: string[]) => at(lo, p))) return 'evaluative';
    if (DURATION_BEFORE.some((p: string[]) => ti - p.length >= lo && at(ti - p.length, p))) return 'duration';
    for (let k = ti + len; k < Math.min(hi, ti + len + 2); k++) if (NOUN_AFTER.has(low[k])) return 'since';
  }
  if (TOLL_ACTIONS.has(action)) {
    for (let k = ti + len; k < Math.min(hi, ti + len + 6); k++) {
      if (low[k] === ';' || low[k] === '.' || low[k] === ',') break;
      if (matchAt(low, k, hi, TOLL)) return 'toll';
    }
  }
  return null;
}

const seatCache = new Map<string, GazEntry | null>();
/**
 * ACLED locates an event known only by its province or district at that unit's seat (the capital's coordinates;
 * codebook, "Event geography": geo-precision 2/3). Here: the seat when it bears the unit's name ("the Chernihiv
 * region" -> Chernihiv, "Vinnytsia" read as the oblast -> the city); the place unchanged otherwise.
 */
export function regionSeat(p: Place): Place {
  const id = p.gazetteerId;
  if (!id || !(id.startsWith('adm1:') || id.startsWith('adm2:'))) return p;
  let seat = seatCache.get(id);
  if (seat === undefined) {
    seat = null;
    try {
      const gaz = getGazetteer();
      const code = id.slice(5);
      const lvl1 = id.startsWith('adm1:');
      const base = p.name.replace(/\s+(Oblast|Region|Province|Governorate|District|Raion|Rayon|State|County)$/i, '');
      for (const c of gaz.lookup(base)) {
        const e = c.entry;
        if (e.featureType !== 'populated place' && e.featureType !== 'capital') continue;
        if (lvl1 ? e.admin1Code !== code : e.admin2Code !== code) continue;
        if (lvl1 ? !(e.fcode === 'PPLA' || e.fcode === 'PPLC') : !(e.fcode === 'PPLA2' || e.fcode === 'PPLA' || e.fcode === 'PPLC')) continue;
        seat = e;
        break;
      }
    } catch { seat = null; }
    seatCache.set(id, seat);
  }
  if (!seat) return p;
  return { ...p, name: seat.name, gazetteerId: seat.id, featureType: seat.featureType, lat: seat.lat, lon: seat.lon };
}

// ---- modality -----------------------------------------------------------------------------------------------
const DSP = data.dispute;
export const DISPUTE_TYPES = new Set<string>(DSP.eventTypes);
const DISPUTE_WORDS = new Set<string>(DSP.words);
const DISPUTE_PHRASES = DSP.phrases.map((x: string) => x.split(' '));
const DISPUTE_FIRST = new Set<string>(DISPUTE_PHRASES.map((p: string[]) => p[0]));
const BLAME_ONLY = new Set<string>(DSP.blameWords);

/** Whether a side denies or blames the event told at token `from` of sentence `si` (in it, after `from`, or in the next sentences). */
export function disputedAfter(low: string[], sents: { lo: number; hi: number }[], si: number, from: number, blamedOnly: boolean): boolean {
  for (let j = si; j <= si + DSP.sentencesAfter && j < sents.length; j++) {
    const { lo, hi } = sents[j];
    for (let k = j === si ? from : lo; k < hi; k++) {
      if (DISPUTE_WORDS.has(low[k]) || (blamedOnly && BLAME_ONLY.has(low[k]))) return true;
      if (DISPUTE_FIRST.has(low[k]) && DISPUTE_PHRASES.some((p: string[]) => p.every((w, i) => low[k + i] === w))) return true;
    }
  }
  return false;
}
