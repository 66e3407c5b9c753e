// Linking stored events to agreement provisions: by action (src/resources/track/link.json), object place
// (gazetteer id, name, admin containment, curated region containment), actors (parties) and time.
// Every link carries a score, the reasons that made it, and its evidence span.
import linkRules from '../resources/track/link.json' with { type: 'json' };
import regionData from '../resources/track/regions.json' with { type: 'json' };
import partyData from '../resources/track/parties.json' with { type: 'json' };
import type { Place, Provision, Span, Timex } from '../model/types.ts';
import type { LinkVerdict, StoredEvent } from '../store/store.ts';
import { dayOf, firstDayOf, lastDayOf } from './dates.ts';
import { getGazetteer, type Gazetteer } from '../gazetteer/index.ts';
import type { TrackAgreement, TrackProvision } from './types.ts';

interface ActionRule {
  fulfilledBy: string[];
  needsPlace: boolean;
  actorSide: 'obligor' | 'either' | 'any';
  violatedBy?: string[];
  objectWords?: string[];
}
const ACTIONS = linkRules.actions as Record<string, ActionRule>;
const COUNTING = new Set(linkRules.countingModalities);
const CLAIMING = new Set(linkRules.claimModalities);
const BEGUN = linkRules.begunWords.map((w) => ` ${w} `);
const COMPLETE = linkRules.completeWords.map((w) => ` ${w} `);
const SUFFIXES = new Set(linkRules.placeSuffixes);
const VIOLATION_WORDS = linkRules.violationWords.map((w) => ` ${w} `);
const BROAD = new Set(['country', 'continent', 'region', 'disputed region']);
const NAMING = new Set(linkRules.namingNouns);
const NOT_DONE = linkRules.notDoneWords.map((w) => ` ${w} `);
// keys and names folded once, the way fold() folds what they are compared with
const REGIONS: Record<string, { source: string; contains: string[] }> = {};
const PARTIES: Record<string, { countryCode: string | null; aliases: string[] }> = {};

/** A document as the track module needs it. */
export interface TrackDoc {
  id: string;
  dct: string | null;
  text: string;
  sentences?: Span[];
  timexes?: Timex[];
  places?: Place[];
}

export interface TrackData {
  events: StoredEvent[];
  docs: Map<string, TrackDoc>;
  reportProvisions: (Provision & { docId: string })[];
  verdicts: LinkVerdict[];
}

export type LinkRole = 'done' | 'begun' | 'violation' | 'support';

export interface Link {
  provisionId: string;
  eventId: string;
  docId: string;
  role: LinkRole;
  score: number;
  reasons: string[];
  /** The event's calendar day when the report gives it; null otherwise. */
  date: string | null;
  /** The latest day the event can have happened (its date, or the report's date). */
  latest: string | null;
  /** The report's date (the event is known from then on). */
  knownFrom: string | null;
  evidence: { docId: string; start: number; end: number; text: string };
}

// ---- normalisation ------------------------------------------------------------------------------

/** A string function remembered for up to `limit` inputs (then forgotten all at once). */
function remembered(fn: (s: string) => string, limit: number): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let r = cache.get(s);
    if (r === undefined) {
      r = fn(s);
      if (cache.size >= limit) cache.clear();
      cache.set(s, r);
    }
    return r;
  };
}

/** Folds a name for comparison: diacritics off, ə->a, ı->i, apostrophes dropped, hyphens to spaces.
 * Remembered: the same sentences are folded for every agreement and by the amendment finder. */
export const fold = remembered(foldUncached, 200_000);

function foldUncached(s: string): string {
  return s
    .replace(/[əƏ]/g, 'a')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]s\b/g, '')
    .replace(/[ʻʼ’‘'`]/g, '')
    .replace(/[-‐–—_/]/g, ' ')
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

for (const [k, v] of Object.entries(regionData.regions as Record<string, { source: string; contains: string[] }>)) {
  REGIONS[fold(k)] = { source: v.source, contains: v.contains.map(fold) };
}
for (const [k, v] of Object.entries(partyData.parties as Record<string, { countryCode: string | null; aliases: string[] }>)) {
  PARTIES[fold(k)] = { countryCode: v.countryCode, aliases: v.aliases.map(fold) };
}

/** A place name without its administrative suffix ("Lachin district" -> "lachin"). */
export const placeKey = remembered(placeKeyUncached, 50_000);

function placeKeyUncached(s: string): string {
  const words = fold(s).split(' ').filter(Boolean);
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1])) words.pop();
  while (words.length > 1 && (words[0] === 'the')) words.shift();
  return words.join(' ');
}

function containsWords(hay: string, needle: string): boolean {
  return needle.length > 0 && ` ${hay} `.includes(` ${needle} `);
}

const sideCache = new Map<string, string | null>();

/** Which party a name belongs to (the agreement's own spelling, else parties.json's); null if none. */
export function sideOf(name: string | null | undefined, parties: string[] = []): string | null {
  if (!name) return null;
  const ck = `${parties.join('\u0001')}\u0000${name}`;
  const hit = sideCache.get(ck);
  if (hit !== undefined) return hit;
  const r = sideOfUncached(name, parties);
  if (sideCache.size > 50_000) sideCache.clear();
  sideCache.set(ck, r);
  return r;
}

function sideOfUncached(name: string, parties: string[]): string | null {
  const f = ` ${fold(name)} `;
  for (const p of parties) {
    const key = fold(p);
    const aliases = PARTIES[key]?.aliases ?? [key];
    if (aliases.some((a) => f.includes(` ${fold(a)} `))) return p;
  }
  for (const [key, v] of Object.entries(PARTIES)) {
    if (v.aliases.some((a) => f.includes(` ${fold(a)} `))) return displayName(key);
  }
  if (partyData.thirdParty.some((w) => f.includes(` ${fold(w)} `))) return 'third-party';
  if (partyData.media.some((w) => f.includes(` ${fold(w)} `))) return 'media';
  return null;
}

/** A parties.json key as a name: "azerbaijan" -> "Azerbaijan", "osce" -> "OSCE". */
function displayName(key: string): string {
  return key === 'osce' ? 'OSCE' : key.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
}

/** Every party a text names (parties.json aliases). */
export function partiesNamed(text: string, parties: string[]): string[] {
  const f = ` ${fold(text)} `;
  const out: string[] = [];
  for (const [p, aliases] of aliasesOf(parties)) if (aliases.some((a) => f.includes(a))) out.push(p);
  return out;
}

const aliasCache = new Map<string, [string, string[]][]>();
/** Each party with its folded, space-padded aliases (cached per party list). */
function aliasesOf(parties: string[]): [string, string[]][] {
  const k = parties.join('\u0001');
  let v = aliasCache.get(k);
  if (!v) {
    v = parties.map((p) => {
      const key = fold(p);
      return [p, (PARTIES[key]?.aliases ?? [key]).map((a) => ` ${a} `)];
    });
    aliasCache.set(k, v);
  }
  return v;
}

function partySideOfCountry(cc: string | null | undefined): string | null {
  if (!cc) return null;
  for (const [key, v] of Object.entries(PARTIES)) if (v.countryCode === cc) return key;
  return null;
}

/** The side an event actor belongs to: by name, else by country code. */
export function actorSide(a: { name: string; countryCode?: string | null } | null, parties: string[]): string | null {
  if (!a) return null;
  // "Rebels (Russia)": ACLED's parenthesis names a country, not the actor; try the name without it first
  const bare = a.name.replace(/\s*\([^)]*\)/g, '').trim();
  const s = sideOf(bare, parties);
  if (s && s !== 'third-party' && s !== 'media') return s;
  return partySideOfCountry(a.countryCode) ?? s ?? sideOf(a.name, parties);
}

// ---- place matching -----------------------------------------------------------------------------

let gaz: Gazetteer | null | undefined;
const objectIdCache = new Map<string, string[]>();

/** Gazetteer ids a provision's object may denote (its own id, else the gazetteer's candidates for its name). */
function objectIds(obj: NonNullable<TrackProvision['object']>): string[] {
  if (obj.gazetteerId) return [obj.gazetteerId];
  let ids = objectIdCache.get(obj.name);
  if (ids) return ids;
  if (gaz === undefined) {
    try {
      gaz = getGazetteer();
    } catch {
      gaz = null; // no gazetteer built: names and regions.json only
    }
  }
  ids = gaz ? gaz.lookup(obj.name).slice(0, 8).map((c) => c.entry.id) : [];
  objectIdCache.set(obj.name, ids);
  return ids;
}

/** How well an event's place (or, failing that, its sentence) matches a provision's object; 0..1. */
export function placeScore(obj: TrackProvision['object'], ev: StoredEvent, sentence: string): { score: number; why: string } {
  if (!obj) return { score: 0, why: '' };
  const want = placeKey(obj.name);
  const p = ev.place;
  if (p) {
    if (obj.gazetteerId && p.gazetteerId && obj.gazetteerId === p.gazetteerId) return { score: 1, why: `gazetteer id ${p.gazetteerId}` };
    const names = [p.name, p.text].filter(Boolean).map((n) => placeKey(n));
    if (names.includes(want)) return { score: 0.9, why: `place "${p.text ?? p.name}"` };
    if (p.gazetteerId) {
      const ids = objectIds(obj);
      if (ids.includes(p.gazetteerId)) return { score: 0.9, why: `gazetteer id ${p.gazetteerId}` };
      const parent = gaz ? ids.find((id) => gaz!.contains(id, p.gazetteerId!)) : undefined;
      if (parent) return { score: 0.8, why: `"${p.name}" lies in ${obj.name} (gazetteer ${parent})` };
    }
    if (p.admin1 && placeKey(p.admin1) === want) return { score: 0.8, why: `"${p.name}" lies in ${obj.name}` };
    const region = REGIONS[want];
    if (region && names.some((n) => region.contains.includes(n))) return { score: 0.7, why: `"${p.name}" lies in ${obj.name} (regions.json)` };
  }
  // the sentence stands in only when the event has no place of its own, or only a broad one
  if (p && !BROAD.has(String(p.featureType))) return { score: 0, why: '' };
  const s = fold(sentence);
  if (containsWords(s, want)) return { score: 0.5, why: `sentence names ${obj.name}` };
  const region = REGIONS[want];
  if (region) {
    const hit = region.contains.find((n) => containsWords(s, n));
    if (hit) return { score: 0.4, why: `sentence names ${hit}, in ${obj.name}` };
  }
  return { score: 0, why: '' };
}

// ---- evidence -----------------------------------------------------------------------------------

/** The sentence around a span, from the document's sentences (or the event's own evidence text). */
export function sentenceOf(doc: TrackDoc | undefined, span: Span, fallback: string): { start: number; end: number; text: string } {
  if (doc) {
    const s = doc.sentences?.find((x) => x.start <= span.start && span.start < x.end);
    if (s) return { start: s.start, end: s.end, text: doc.text.slice(s.start, s.end) };
    if (span.end <= doc.text.length && span.end > span.start) return { start: span.start, end: span.end, text: doc.text.slice(span.start, span.end) };
  }
  return { start: span.start, end: span.end, text: fallback };
}

function hasWord(text: string, words: string[]): boolean {
  const t = ` ${fold(text)} `;
  return words.some((w) => t.includes(w));
}

/** The same, on text already folded and padded with spaces. */
function hasFolded(padded: string, words: string[]): boolean {
  return words.some((w) => padded.includes(w));
}

// ---- linking ------------------------------------------------------------------------------------

export function actionRule(action: string): ActionRule | null {
  return ACTIONS[action] ?? null;
}

/** Links every event to the provisions of an agreement it bears on. Verdicts: confirmed links are
 * kept whatever their score (as "done" unless the rule says violation), rejected links dropped. */
export function linkEvents(agreement: TrackAgreement, data: TrackData, minScore = 0.5): Link[] {
  const out: Link[] = [];
  const verdicts = new Map<string, LinkVerdict['verdict']>();
  for (const v of data.verdicts) if (v.agreementId === agreement.id) verdicts.set(`${v.provisionId}\u0000${v.eventId}`, v.verdict);
  const parties = agreement.parties;
  const rules = agreement.provisions.map((p) => actionRule(p.action));
  const objectWords = rules.map((r) => (r?.objectWords ?? []).map((w) => ` ${w} `));
  const things = agreement.provisions.map((p) => !!p.object && p.object.name[0] === p.object.name[0].toLowerCase() && !p.object.gazetteerId);
  const obligorSides = agreement.provisions.map((p) => p.obligors.map((o) => sideOf(o, parties) ?? o));
  const partySides = parties.map((x) => sideOf(x, parties) ?? x);
  // the actions that bear on any provision of this agreement: other events are skipped before their
  // sentence is looked up and folded (with thousands of stored events, that is most of the work)
  const relevant = new Set<string>();
  for (const [pi, p] of agreement.provisions.entries()) {
    const r = rules[pi];
    for (const a of r ? [...r.fulfilledBy, ...(r.violatedBy ?? [])] : [p.action]) relevant.add(a);
  }
  const withVerdict = new Set(data.verdicts.filter((v) => v.agreementId === agreement.id).map((v) => v.eventId));

  for (const ev of data.events) {
    if (!relevant.has(ev.action) && !withVerdict.has(ev.id)) continue;
    const doc = data.docs.get(ev.docId);
    const sent = sentenceOf(doc, ev.evidence, ev.evidenceText);
    const knownFrom = doc?.dct ?? null;
    const date = ev.dateSource === 'dct' ? null : dayOf(ev.date);
    const latest = ev.dateSource === 'dct' ? knownFrom : (lastDayOf(ev.date) ?? knownFrom);
    const sides = [actorSide(ev.actor1, parties), actorSide(ev.actor2, parties)];
    const padded = ` ${fold(sent.text)} `;
    const notDone = hasFolded(padded, NOT_DONE);
    const sentenceParties = partiesNamed(sent.text, parties);
    let nominal: boolean | null = null;

    for (const [pi, p] of agreement.provisions.entries()) {
      const rule = rules[pi];
      // cheap test first: does this event's action bear on the provision at all?
      if (!(rule?.violatedBy?.includes(ev.action) || (rule ? rule.fulfilledBy.includes(ev.action) : ev.action === p.action)) && !verdicts.size) continue;
      const verdict = verdicts.get(`${p.id}\u0000${ev.id}`);
      if (verdict === 'rejected') continue;
      const reasons: string[] = [];
      let role: LinkRole | null = null;
      let score = 0;

      if (rule?.violatedBy?.includes(ev.action) && CLAIMING.has(ev.modality)) {
        role = 'violation';
        score = 0.45;
        reasons.push(`${ev.action} breaks ${p.action}`);
      } else if ((rule ? rule.fulfilledBy.includes(ev.action) : ev.action === p.action) && COUNTING.has(ev.modality) && !notDone) {
        score = 0.4;
        reasons.push(`${ev.action} carries out ${p.action}`);
        role = 'done';
      } else if (verdict === 'confirmed') {
        role = 'done';
      } else continue;

      // object words ("prisoners") when the provision is about a thing, not a place
      if (rule?.objectWords && hasFolded(padded, objectWords[pi])) { score += 0.2; reasons.push('sentence names the object'); }
      // a thing ("heavy weapons", "amnesty law"), written in lower case, must be named in the sentence
      const thing = things[pi];
      if (thing && role !== 'violation') {
        const head = fold(p.object!.name).split(' ').filter((w) => w.length > 3);
        const f = fold(sent.text);
        const named = head.some((w) => containsWords(f, w) || containsWords(f, w.replace(/s$/, '')) || containsWords(f, `${w}s`));
        if (named) { score += 0.2; reasons.push(`sentence names ${p.object!.name}`); }
        else if (!reasons.includes('sentence names the object') && verdict !== 'confirmed') continue;
      }

      const placeNeeded = !thing && (rule?.needsPlace ?? !!p.object);

      const ps = thing ? { score: 0, why: '' } : placeScore(p.object, ev, sent.text);
      if (ps.score > 0) { score += 0.35 * ps.score; reasons.push(ps.why); }

      // actors
      const obligors = obligorSides[pi];
      // no actor on the event: the parties its sentence names stand in ("The Russian deployment has started")
      const named = sides.some(Boolean) ? [] : sentenceParties;
      const actorHit = sides.some((s) => s && obligors.includes(s)) || named.some((s) => obligors.includes(s));
      const anyParty = sides.some((s) => s && partySides.includes(s));
      if (actorHit) { score += 0.15; reasons.push('actor is an obligor'); }
      else if (anyParty) { score += 0.08; reasons.push('actor is a party'); }

      // time: a link needs the event on or after signature (the start, for standing obligations)
      const ref = p.from ?? agreement.signed;
      let linkDate = date;
      if (role === 'violation') {
        // a breach needs a day on or after the start; an accusation or an undated report counts
        // from the report's date only when its sentence speaks of the truce being broken
        if (!date && knownFrom && knownFrom >= ref && hasFolded(padded, VIOLATION_WORDS)) {
          // an imprecise date ("late September", "2020-12") counts only when its whole period is after the start
          const imprecise = ev.dateSource !== 'dct' && !!ev.date;
          const first = imprecise ? firstDayOf(ev.date!) : null;
          if (!imprecise) linkDate = knownFrom;
          else if (first && first >= ref) linkDate = (lastDayOf(ev.date) ?? knownFrom) < knownFrom ? lastDayOf(ev.date) : knownFrom;
        }
        if ((!linkDate || linkDate < ref) && verdict !== 'confirmed') continue;
      } else {
        const start = p.from && p.from < agreement.signed ? p.from : agreement.signed;
        if (((latest && latest < start) || (!latest && !knownFrom)) && verdict !== 'confirmed') continue;
      }
      score += 0.1;

      if (verdict !== 'confirmed') {
        if (role === 'violation') {
          // a breach is placed inside the obligation's area; only a general ceasefire also takes a party's word for it
          if (ps.score === 0 && !(p.action === 'cease_fire' && anyParty)) continue;
          // a breach is between the sides bound by the obligation: the actors or the sentence name
          // two of them ("separatists shelled Ukrainian positions"), or the one, for a unilateral truce
          if (p.action === 'cease_fire') {
            const bound = new Set([...sides, ...sentenceParties].filter((x): x is string => !!x && obligors.includes(x)));
            if (bound.size < Math.min(2, obligors.length)) continue;
          }
        } else {
          // an event bears on an agreement through its parties or its places: a prisoner swap between
          // two other states does not carry out this agreement's exchange
          if (!actorHit && !anyParty && !sentenceParties.length && ps.score === 0) continue;
          // an event without a place, in a sentence that names no place ("the withdrawal of forces by
          // America"), may still carry out a place-bound provision when an obligor does it
          if (placeNeeded && ps.score === 0 && !(ev.place === null && actorHit && !placesIn(doc, sent, parties).length)) continue;
          const objectNamed = reasons.includes('sentence names the object');
          if (rule?.actorSide === 'obligor' && !actorHit && ps.score < 0.5 && !objectNamed) continue;
          // a known actor who is not bound by the provision does not carry it out
          const s1 = sides[0];
          if (rule?.actorSide === 'obligor' && s1 && s1 !== 'media' && s1 !== 'third-party' && !actorHit) continue;
        }
        if (score < minScore) continue;
      } else {
        score = 1;
        reasons.push('confirmed by an analyst');
      }

      if (role === 'done' && p.action !== 'cease_fire') {
        const complete = hasFolded(padded, COMPLETE);
        if (hasFolded(padded, BEGUN) && !complete) role = 'begun';
        // a noun ("the withdrawal of forces", "the handover") names the process, not its completion
        else if (!complete && (nominal ??= isNominal(doc, ev))) role = 'begun';
      }
      if (p.ongoing && role === 'done') role = 'support';
      out.push({
        provisionId: p.id,
        eventId: ev.id,
        docId: ev.docId,
        role,
        score: Math.round(Math.min(1, score) * 100) / 100,
        reasons,
        date: linkDate,
        latest,
        knownFrom,
        evidence: { docId: ev.docId, ...sent },
      });
    }
  }
  // an event that plainly carries out one provision does not also weakly carry out another (0.15 below its best)
  const best = new Map<string, number>();
  for (const l of out) if (l.role === 'done' || l.role === 'begun') best.set(l.eventId, Math.max(best.get(l.eventId) ?? 0, l.score));
  return out.filter((l) => (l.role !== 'done' && l.role !== 'begun') || l.score >= (best.get(l.eventId) ?? 0) - 0.15 || l.reasons.includes('confirmed by an analyst'));
}

/** Places the extraction found inside a sentence. */
function placesIn(doc: TrackDoc | undefined, sent: { start: number; end: number }, parties: string[]): Place[] {
  // a party's own name ("America", "Kyiv") says who, not where
  // and "the Doha agreement", "the Minsk talks" name a thing, not where it happens
  return (doc?.places ?? []).filter((p) => p.start >= sent.start && p.end <= sent.end && p.form !== 'demonym' && p.metonymy !== 'government' &&
    !partiesNamed(p.text, parties).length && !NAMING.has(fold(doc!.text.slice(p.end, p.end + 20)).split(' ')[0] ?? ''));
}

/** Whether the event's trigger is a noun ("withdrawal", "handover", "deployment"). */
function isNominal(doc: TrackDoc | undefined, ev: StoredEvent): boolean {
  if (!doc || !ev.trigger || ev.trigger.end > doc.text.length) return false;
  const t = doc.text.slice(ev.trigger.start, ev.trigger.end).trim();
  return !/\s/.test(t) && NOMINAL.test(t);
}
const NOMINAL = /(?:al|ment|tion|sion|ance|ure|over|out)$/i;

/** Provisions stated inside reports matched to the agreement's provisions (same action family and object). */
export function matchReportProvisions(agreement: TrackAgreement, data: TrackData): { provisionId: string; rp: Provision & { docId: string }; evidence: Link['evidence'] | null }[] {
  const out: { provisionId: string; rp: Provision & { docId: string }; evidence: Link['evidence'] | null }[] = [];
  for (const rp of data.reportProvisions) {
    let best: { id: string; score: number } | null = null;
    for (const p of agreement.provisions) {
      let score = 0;
      const want = p.object ? placeKey(p.object.name) : null;
      const got = rp.object ? placeKey(rp.object.name) : null;
      if (want && got && (want === got || (p.object?.gazetteerId && p.object.gazetteerId === rp.object?.gazetteerId))) score += 0.6;
      else if (want && containsWords(fold(rp.text), want)) score += 0.4;
      const rule = actionRule(p.action);
      if (rp.action === p.action || rule?.fulfilledBy.includes(rp.action)) score += 0.2;
      if (rp.category === p.category) score += 0.1;
      if (rp.due && rp.due === p.due) score += 0.2;
      if (rp.ongoing === p.ongoing) score += 0.05;
      if (score >= 0.6 && (!best || score > best.score)) best = { id: p.id, score };
    }
    if (best) {
      const doc = data.docs.get(rp.docId);
      const evidence = rp.evidence ? { docId: rp.docId, start: rp.evidence.start, end: rp.evidence.end, text: doc ? doc.text.slice(rp.evidence.start, rp.evidence.end) : rp.text } : null;
      out.push({ provisionId: best.id, rp, evidence });
    }
  }
  return out;
}
