// The geoparser behind the places stage: toponym spotting over tokens, then candidates and ranking
// with an explicit "none of these" (Mordecai 3 style), then metonymy.
//
// 1. Spotting: capitalised token runs are matched greedily (longest first) against the gazetteer's
//    folded names; a stoplist, person-title and sentence-start checks and a proper-noun-chunk rule
//    (a match inside a longer capitalised name such as "Bill Clinton" is not a place) drop the
//    usual collisions. Demonyms ("Azerbaijani army") are spotted too (form: 'demonym'). AP state
//    abbreviations after a comma ("Corbin, Ky.") and near-miss spellings of places the document
//    names elsewhere ("Nagoro-Karabakh") are added last. Not places: a given name before a surname
//    ("Vladimir Putin"; lexicon givenNames), contractions ("He's", "We’re"), a single word only a foreign
//    alternate name matches when it opens a sentence or occurs in lower case ("Part" for Perth), and
//    institutions held as alternate names ("White House"; lexicon nonPlaceNames). Names may go on
//    through an Arabic article ("Ras al-Ain").
// 2. Ranking: each candidate gets a prior (population, feature class, how the name matched) and then,
//    over two rounds, context: the document's country mix, admin qualifiers ("Lachin, Azerbaijan"),
//    containment in or nearness to the other places named, and head words ("Lachin district").
//    A mention whose best candidate scores below a floor gets no place ("none of these"). A small
//    foreign namesake in a document about one country is pushed towards that floor (W_FOREIGN); a
//    province ranks below its seat of the same name ("Vinnytsia") unless a head word or "the city of"
//    says which one is meant.
// 3. Metonymy: a capital that is the subject of a speech or political verb ("Moscow brokered"), or the
//    object of a hand-over ("turned over to Baku"), is marked metonymy: 'government'; never after a
//    locative preposition ("drones over Kyiv").
import type { Place, Token } from '../../model/types.ts';
import { type Candidate, type GazEntry, type Gazetteer, NameKind, distanceKm, entryContains, fold, editDistance } from '../../gazetteer/index.ts';
import lexicon from '../../resources/places/lexicon.json' with { type: 'json' };
import usAbbr from '../../resources/places/us-state-abbreviations.json' with { type: 'json' };

const STOP = new Set<string>(lexicon.stoplist.map((s) => s.toLowerCase()));
const TITLES = new Set<string>(lexicon.titles.map((s) => s.toLowerCase()));
const HEADS = new Map<string, string>(Object.entries(lexicon.heads));
const METO_VERBS = new Set<string>(lexicon.metonymyVerbs);
const METO_PREP = new Set<string>(lexicon.metonymyPrepositions);
const METO_PRE_VERBS = new Set<string>(lexicon.metonymyPrecedingVerbs);
const CONNECTORS = new Set<string>(lexicon.connectors);
const MODIFIERS = new Set<string>(lexicon.nameModifiers.map((s) => fold(s)));
const ABBR = new Map<string, string>(Object.entries(usAbbr.abbreviations as Record<string, string>));
const PREFER = new Map<string, string>(Object.entries(lexicon.preferences.entries as Record<string, string>));
const ABBREV_DOT = new Set(['St', 'Mt', 'Ft', 'Pt', 'Ste']);
const GIVEN = new Set<string>(lexicon.givenNames.map((s) => fold(s)));
const LOCATIVE = new Set<string>(lexicon.locativePrepositions.map((s) => s.toLowerCase()));
/** An Arabic article joined to a capitalised word inside a name: "Ras al-Ain", "Deir el-Balah", "Jisr ash-Shughur". */
const ARTICLE_PREFIX = /^(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ed|es|et|en|ez)-[A-Z\u00C0-\u024F\u2018\u2019']/;
const NON_PLACES = new Set<string>(lexicon.nonPlaceNames.map((s) => fold(s)));
const CONTRACTION = /['’](?:ll|re|ve|m|d|LL|RE|VE|M|D)$/;
const PRE_CITY = new Set<string>(['city', 'town', 'village', 'cities', 'towns', 'villages']);
const MAX_WORDS = 6;
// context weights (chosen on the tuning part of the geoparsing corpora; see eval/geo.ts)
const W_COUNTRY = 6;
const W_NEAR = 2.5;
const W_ADM1 = 2;
/** A small place (< FOREIGN_MAX_POP) in a country no other place of the document is in, when at least
 * FOCUS_SHARE of the document's other places lie in one country: this penalty. */
const W_FOREIGN = 4;
const FOCUS_SHARE = 0.6;
const FOREIGN_MAX_POP = 20000;
const MAX_CANDIDATES = 25;
/** Below this score the best candidate is not trusted: the mention gets no place. */
const NONE_FLOOR = 0.5;
/** An admin unit that shares its name with its seat ranks at least this far below the seat (before context). */
const SEAT_MARGIN = 0.5;

interface Mention {
  start: number;
  end: number;
  text: string;
  folded: string;
  /** token indices [ti, tj] */
  ti: number;
  tj: number;
  cands: Candidate[];
  scores: number[];
  prior: number[];
  best: number;
  conf: number;
  rule: string;
  /** A head word after the mention ("district", "city"), normalised. */
  head: string | null;
  /** Index of a mention that qualifies this one ("Lachin, Azerbaijan"): the qualifier. */
  qualifier: number;
  demonym: boolean;
  /** Whether this mention is a qualifier of the previous one. */
  isQualifier: boolean;
}

function isUpperStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = s[0];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c > 191;
}

function isAllUpper(s: string): boolean {
  return s === s.toUpperCase() && s !== s.toLowerCase();
}

/** Strip a possessive "'s" / "’s" (or a bare trailing apostrophe) from a token's end. */
function coreEnd(t: Token): number {
  const s = t.text;
  const n = s.length;
  if (n > 2 && (s[n - 1] === 's' || s[n - 1] === 'S') && (s[n - 2] === "'" || s[n - 2] === '’')) return t.end - 2;
  return t.end;
}

const foldCache = new Map<string, string>();
function foldTok(s: string): string {
  let f = foldCache.get(s);
  if (f === undefined) {
    f = fold(s);
    if (foldCache.size > 100000) foldCache.clear();
    foldCache.set(s, f);
  }
  return f;
}

function featureBonus(e: GazEntry): number {
  switch (e.featureType) {
    case 'country': return 6;
    case 'continent': return 5;
    case 'disputed region': return 5;
    case 'region': return 4;
    case 'corridor': return 4;
    case 'adm1': return 3.2;
    case 'capital': return 2.5;
    case 'adm2': return e.curated ? 3.5 : 0.6;
    case 'section': return -1.5;
    default:
      if (e.curated) return 3;
      if (e.fcode === 'PPLA') return 1.2;
      if (e.fcode === 'PPLA2') return 0.6;
      return 0;
  }
}

function priorScore(c: Candidate, textIsAllCaps: boolean): number {
  const e = c.entry;
  // curated regions and continents without a population figure: a prominence floor
  const pop = e.curated && e.population === 0 && e.featureType !== 'populated place' && e.featureType !== 'adm2' ? 1e7 : e.population;
  let s = Math.log10(pop + 10) * 0.9 + featureBonus(e);
  if (c.kind === NameKind.Alternate) s -= e.curated || e.featureType === 'country' ? 0.3 : 1.2;
  else if (c.kind === NameKind.Stripped) s -= 1.5;
  else if (c.kind === NameKind.Demonym) s += 0;
  if (textIsAllCaps && e.featureType !== 'country') s -= 1; // "US", "UK" are fine; other all-caps words are often acronyms
  return s;
}

export interface GeoparseOptions {
  /** Keep the top candidates on each place (for the evidence view). Default true. */
  candidates?: boolean;
  /** Resolve these spans instead of spotting toponyms (evaluation "given gold spans"). */
  spans?: { start: number; end: number }[];
}

/** Finds and resolves the places in a text. Tokens come from the segment stage. */
export function geoparse(text: string, tokens: Token[], gaz: Gazetteer, opts: GeoparseOptions = {}): Place[] {
  const mentions: Mention[] = [];
  const n = tokens.length;
  // does the word appear in lower case somewhere in the document ("hope", "police")? (native indexOf, no per-doc set)
  const seenMemo = new Map<string, boolean>();
  const lowerSeen = (w: string): boolean => {
    let r = seenMemo.get(w);
    if (r === undefined) { r = lowerSeenIn(w); seenMemo.set(w, r); }
    return r;
  };
  const lowerSeenIn = (w: string): boolean => {
    let pos = text.indexOf(w);
    while (pos >= 0) {
      const b = pos === 0 ? 32 : text.charCodeAt(pos - 1);
      const a = pos + w.length >= text.length ? 32 : text.charCodeAt(pos + w.length);
      if (!isWordChar(b) && !isWordChar(a)) return true;
      pos = text.indexOf(w, pos + 1);
    }
    return false;
  };
  const personish = new Set<string>(); // folded tokens seen as parts of person names

  if (opts.spans) {
    for (const sp of opts.spans) {
      let ti = tokens.findIndex((t) => t.end > sp.start);
      if (ti < 0) ti = n - 1;
      let tj = ti;
      while (tj + 1 < n && tokens[tj + 1].start < sp.end) tj++;
      let surface = text.slice(sp.start, sp.end);
      let f = fold(surface);
      if (f.startsWith('the ')) f = f.slice(4);
      if (f.endsWith(' s') && !gaz.hasFolded(f)) f = f.slice(0, -2);
      let cands = gaz.lookupFolded(f);
      let head: string | null = null;
      if (!cands.length) {
        // "Lachin district" -> "lachin" with a head
        const sp2 = f.lastIndexOf(' ');
        if (sp2 > 0 && HEADS.has(f.slice(sp2 + 1))) { head = HEADS.get(f.slice(sp2 + 1))!; cands = gaz.lookupFolded(f.slice(0, sp2)); }
      }
      const demonym = cands.length > 0 && cands.every((c) => c.kind === NameKind.Demonym);
      mentions.push({ start: sp.start, end: sp.end, text: surface, folded: f, ti, tj, cands, scores: [], prior: [], best: -1,
        conf: 0, rule: 'given', head, qualifier: -1, demonym, isQualifier: false });
    }
  }
  // ---------- 1. spotting ----------
  let i = opts.spans ? n : 0;
  while (i < n) {
    const t = tokens[i];
    if (t.kind !== 'word' || !isUpperStart(t.text)) { i++; continue; }
    // the maximal capitalised chunk starting here (for the chunk rule)
    let chunkEnd = i;
    while (chunkEnd + 1 < n && tokens[chunkEnd + 1].kind === 'word' && isUpperStart(tokens[chunkEnd + 1].text) &&
      tokens[chunkEnd + 1].sentence === t.sentence && tokens[chunkEnd + 1].start - tokens[chunkEnd].end <= 1 &&
      coreEnd(tokens[chunkEnd]) === tokens[chunkEnd].end) chunkEnd++;
    // greedy longest match from i
    let f = '';
    let bestJ = -1;
    let bestF = '';
    let bestEnd = 0;
    for (let j = i; j < n && j < i + MAX_WORDS; j++) {
      let tj = tokens[j];
      // "St. Louis", "Mt. Pleasant", "Ft. Worth": step over the abbreviation's period
      if (j > i && tj.text === '.' && ABBREV_DOT.has(tokens[j - 1].text) && j + 1 < n && tokens[j + 1].start === tj.end + 1) {
        j++;
        tj = tokens[j];
        if (!isUpperStart(tj.text) || tj.kind !== 'word') break;
      } else if (j > i) {
        if (tj.sentence !== t.sentence || tj.kind !== 'word') break;
        const gap = tj.start - tokens[j - 1].end;
        if (gap > 1) break;
        if (gap === 1 && text.charCodeAt(tokens[j - 1].end) !== 32) break;
        if (coreEnd(tokens[j - 1]) !== tokens[j - 1].end) break; // "Azerbaijan's Defense" stops at the possessive
        if (!isUpperStart(tj.text) && !CONNECTORS.has(tj.text) && !ARTICLE_PREFIX.test(tj.text)) break;
      }
      const ce = coreEnd(tj);
      const piece = foldTok(ce === tj.end ? tj.text : tj.text.slice(0, ce - tj.start));
      if (!piece) break;
      f = j === i ? piece : `${f} ${piece}`;
      if ((isUpperStart(tj.text) || (j > i && ARTICLE_PREFIX.test(tj.text))) && gaz.hasFolded(f)) { bestJ = j; bestF = f; bestEnd = ce; }
      if (j + 1 < i + MAX_WORDS && !gaz.isPrefix(f)) break;
    }
    if (bestJ < 0) {
      // "Egyptian-US", "Russia-Turkey": the parts of a hyphenated token
      // every capitalised part must be a major place ("Egyptian-US"), else it may be a misspelling ("Nagoro-Karabakh")
      // (a token without a hyphen has a single part: nothing to do)
      if (t.text.indexOf('-') < 0) { i++; continue; }
      const parts = t.text.split('-');
      // "D-Charleston", "R-Texas": a party initial, then the place
      const party = parts.length === 2 && (parts[0] === 'D' || parts[0] === 'R' || parts[0] === 'I') && gaz.hasFolded(foldTok(parts[1]));
      if (parts.length > 1 && (party || parts.every((pt) => !isUpperStart(pt) || gaz.lookupFolded(foldTok(pt)).some((c) => isMajor(c.entry))))) {
        let off = t.start;
        for (const part of parts) {
          const pf = foldTok(part);
          if (part.length > 1 && isUpperStart(part) && !STOP.has(pf)) {
            const cands = gaz.lookupFolded(pf);
            if (cands.some((c) => isMajor(c.entry))) {
              const demonym = cands.every((c) => c.kind === NameKind.Demonym);
              mentions.push({ start: off, end: off + part.length, text: part, folded: pf, ti: i, tj: i, cands, scores: [], prior: [],
                best: -1, conf: 0, rule: 'hyphen-part', head: null, qualifier: -1, demonym, isQualifier: false });
            }
          }
          off += part.length + 1;
        }
      }
      i++;
      continue;
    }
    let end = bestEnd;
    // "U.S." / "D.C.": the tokenizer leaves the last period out
    if (end < text.length && text.charCodeAt(end) === 46 && tokens[bestJ].text.length <= 4 && tokens[bestJ].text.includes('.')) end++;
    const surface = text.slice(t.start, end);
    const single = bestJ === i;
    let reject = '';
    if (single && t.text.length >= 2 && t.text.length <= 4 && isAllUpper(t.text.replace(/\./g, '')) &&
      !gaz.lookupFolded(bestF).some((c) => (c.entry.featureType === 'country' || c.entry.featureType === 'adm1' || c.entry.curated) && c.kind !== NameKind.Demonym)) reject = 'acronym';
    else if (single && (STOP.has(foldTok(t.text)) || STOP.has(bestF))) reject = 'stoplist'; // "He's" is "He"
    else if (NON_PLACES.has(bestF)) reject = 'non-place-name'; // "White House" (an alternate name of Casablanca)
    // a given name before a capitalised word that is no place, head or organisation word: a person ("Vladimir Putin")
    else if (single && GIVEN.has(bestF) && bestEnd === t.end && i + 1 < n && isPersonFollower(tokens, i + 1, t.sentence, gaz)) {
      reject = 'given-name';
      personish.add(foldTok(tokens[i + 1].text));
    }
    // person titles just before: "President Washington", "Mr. Lincoln", "Gov. Perry"
    // "Corbin, Ky.": left to the abbreviation pass
    if (!reject && single && text.charCodeAt(t.end) === 46 && ABBR.has(t.text + '.') && !(i > 1 && tokens[i - 1].text === ',')) reject = 'abbreviation';
    if (!reject && single && i > 1 && tokens[i - 1].text === ',' && (ABBR.has(text.slice(t.start, t.end + 1)) || ABBR.has(t.text + '.'))) reject = 'abbreviation';
    if (!reject && i > 0) {
      let k = i - 1;
      if (tokens[k].text === '.' && k > 0) k--;
      if (TITLES.has(tokens[k].text.toLowerCase()) && isUpperStart(tokens[k].text)) reject = 'title';
    }
    // chunk rule: capitalised words right before the match make it part of a longer name ("Bill Clinton"),
    // unless that word is a modifier ("Northeast Georgia") or a common word opening the sentence ("Another Gainesville ...")
    if (!reject && i > 0) {
      const p = tokens[i - 1];
      if (p.kind === 'word' && isUpperStart(p.text) && p.sentence === t.sentence && t.start - p.end <= 1 &&
        coreEnd(p) === p.end && !MODIFIERS.has(foldTok(p.text))) {
        const initial = isSentenceStart(tokens, i - 1);
        const firstNameShape = /^[A-Z][a-z]+$/.test(p.text);
        const majorHere = gaz.lookupFolded(bestF).some((c) => isMajor(c.entry) && c.kind !== NameKind.Stripped);
        // "Considering Tunisia's", "DeSmog Canada", "SME Mauritius": a major place after a sentence opener or an
        // acronym/brand keeps its reading; after a first-name-shaped word ("Michael Jordan") it does not
        const exempt = (initial && (STOP.has(foldTok(p.text)) || lowerSeen(p.text.toLowerCase()) || majorHere)) ||
          (!firstNameShape && majorHere);
        if (!exempt) {
          reject = 'inside-name';
          const pf = foldTok(p.text);
          if (!initial && /^[A-Z][a-z]+$/.test(p.text) && !ORG_HEADS.has(pf) && !HEADS.has(pf)) personish.add(bestF); // a first name, perhaps
        }
      }
    }
    const cands = gaz.lookupFolded(bestF);
    const major = cands.some((c) => isMajor(c.entry));
    if (!reject && bestJ < chunkEnd) {
      // capitalised words right after: "Texas Rangers" (kept, a major place), "Jackson Browne" (not)
      const nxt = tokens[bestJ + 1];
      const nf = foldTok(nxt.text);
      const nextIsPlace = gaz.lookupFolded(nf).some((c) => isMajor(c.entry));
      // an organisation named after the place ("The Allendale Woman's Club") keeps it
      let orgLater = false;
      for (let k = bestJ + 1; k <= chunkEnd + 2 && k < n && !orgLater; k++) if (ORG_HEADS.has(foldTok(tokens[k].text))) orgLater = true;
      // a name that ends in an admin head is a place used as a modifier ("Walker County Judge")
      const sp = bestF.lastIndexOf(' ');
      const adminHead = sp > 0 && HEADS.has(bestF.slice(sp + 1));
      if (!major && !HEADS.has(nf) && !ORG_HEADS.has(nf) && !nextIsPlace && !orgLater && !adminHead) reject = 'inside-name';
    }
    if (!reject && single && isSentenceStart(tokens, i) && !major && lowerSeen(t.text.toLowerCase())) reject = 'common-word';
    // "He’ll", "We're", "They've": a contraction, not a possessive place
    if (!reject && single && CONTRACTION.test(t.text)) reject = 'contraction';
    // a single word that only an alternate name (a translation or transliteration) matches, opening a sentence or
    // seen in lower case in the text ("Part of ...", "Cars"): a common word, unless it names a country or province
    if (!reject && single && text.charCodeAt(end) !== 46 && text.charCodeAt(t.end) !== 46 && cands.length && cands.every((c) => c.kind === NameKind.Alternate &&
      c.entry.featureType !== 'country' && c.entry.featureType !== 'adm1' && !c.entry.curated) &&
      (isSentenceStart(tokens, i) || lowerSeen(t.text.toLowerCase()))) reject = 'alternate-common-word';
    if (!reject && single && personish.has(bestF) && !major) reject = 'person';
    if (reject) { i = Math.max(i + 1, bestJ + 1); continue; }
    // head word after: "Lachin region", "Laurel County" (already in the name), "Kalbajar district"
    let head: string | null = null;
    if (bestJ + 1 < n && tokens[bestJ + 1].sentence === t.sentence) {
      const h = HEADS.get(tokens[bestJ + 1].text.toLowerCase());
      if (h && coreEnd(tokens[bestJ]) === tokens[bestJ].end) head = h;
    }
    // "the city of Vinnytsia", "the town of Moura": a populated place
    if (!head && i > 1 && tokens[i - 1].text === 'of' && PRE_CITY.has(tokens[i - 2].text.toLowerCase())) head = 'city';
    const demonym = cands.length > 0 && cands.every((c) => c.kind === NameKind.Demonym);
    mentions.push({
      start: t.start, end, text: surface, folded: bestF, ti: i, tj: bestJ, cands, scores: [], prior: [], best: -1, conf: 0,
      rule: demonym ? 'demonym' : 'name', head, qualifier: -1, demonym, isQualifier: false,
    });
    i = bestJ + 1;
  }

  // AP state abbreviations after "Place, ": "Corbin, Ky."
  for (let k = opts.spans ? n : 2; k < n; k++) {
    const t = tokens[k];
    if (t.end - t.start > 5 || t.kind !== 'word' || text.charCodeAt(t.end) !== 46 || !isUpperStart(t.text)) continue;
    let withDot = text.slice(t.start, Math.min(text.length, t.end + 1));
    let code = ABBR.get(withDot) ?? (t.text.includes('.') ? ABBR.get(t.text + '.') : undefined);
    // "W.Va." comes as W . Va .
    const t2 = tokens[k + 2];
    if (!code && t2 && tokens[k + 1].text === '.' && t2.start === t.end + 1 && text.charCodeAt(t2.end) === 46) {
      const joined = text.slice(t.start, t2.end + 1);
      const c2 = ABBR.get(joined);
      if (c2) { code = c2; withDot = joined; }
    }
    const initialism = withDot.slice(0, -1).includes('.'); // "S.C.", "N.Y.", "W.Va.": unambiguous anywhere
    if (!code || (!initialism && (tokens[k - 1].text !== ',' || !isUpperStart(tokens[k - 2].text)))) continue;
    const e = gaz.byId(`adm1:US.${code}`);
    if (!e) continue;
    const endOff = t.start + withDot.length;
    if (mentions.some((m) => m.start < endOff && t.start < m.end)) continue;
    mentions.push({
      start: t.start, end: endOff, text: text.slice(t.start, endOff), folded: fold(withDot), ti: k, tj: k,
      cands: [{ entry: e, kind: NameKind.Alternate }], scores: [], prior: [], best: -1, conf: 0, rule: 'us-state-abbreviation',
      head: null, qualifier: -1, demonym: false, isQualifier: false,
    });
  }
  mentions.sort((a, b) => a.start - b.start);

  // qualifiers: "Lachin, Azerbaijan" / "Alexandria, La." / "Paris (France)"
  for (let k = 0; k + 1 < mentions.length; k++) {
    const a = mentions[k];
    const b = mentions[k + 1];
    const between = text.slice(a.end, b.start);
    if ((between === ', ' || between === ',' || between === ' (' || between === ', in ') && !b.demonym) {
      a.qualifier = k + 1;
      b.isQualifier = true;
    }
  }

  // ---------- 2. ranking ----------
  // Mentions of the same name with the same head and qualifier are ranked once, as a group.
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) {
    const key = `${m.folded}|${m.head ?? ''}|${m.qualifier >= 0 ? mentions[m.qualifier].folded : ''}|${m.demonym ? 1 : 0}`;
    const g = groups.get(key);
    if (g) g.push(m); else groups.set(key, [m]);
  }
  const reps: Mention[] = [];
  const members = new Map<Mention, Mention[]>();
  for (const g of groups.values()) { reps.push(g[0]); members.set(g[0], g); }
  const allCaps = (s: string) => s.length > 1 && isAllUpper(s);
  for (const m of reps) {
    if (m.cands.length > MAX_CANDIDATES) m.cands = topCandidates(m.cands);
    const caps = allCaps(m.text);
    m.prior = m.cands.map((c) => priorScore(c, caps && !m.text.includes('.')));
    const pref = PREFER.get(m.folded);
    if (pref) for (let ci = 0; ci < m.cands.length; ci++) if (m.cands[ci].entry.id === pref) m.prior[ci] += 2.5;
    if (m.demonym) m.prior = m.prior.map((p, ci) => (m.cands[ci].kind === NameKind.Demonym ? p : p - 3));
    // a capital or admin seat and the admin unit of the same name ("Moscow", "Ankara"): the city, unless
    // a head word says otherwise ("Lachin region")
    // (a seat matched by a spelling variant, "Vinnytsia" for GeoNames' "Vinnytsya", still beats its province)
    for (let ci = 0; ci < m.cands.length; ci++) {
      const e = m.cands[ci].entry;
      if (e.featureType !== 'adm1' && e.featureType !== 'adm2') continue;
      let bigTown = false; // a seat or big town of the name in the unit
      let seat = -Infinity; // the best prior of the unit's own seat under its name
      for (let cj = 0; cj < m.cands.length; cj++) {
        const c = m.cands[cj].entry;
        if ((c.fcode === 'PPLC' || c.fcode === 'PPLA' || c.fcode === 'PPLA2' || c.population >= 500000) &&
          c.admin1Code === e.admin1Code && c !== e) {
          bigTown = true;
          // the unit's own seat (PPLA for a province, PPLA2 for a district, or the capital) under its name or a
          // near spelling of it: the unit ranks below it; any other big town of the name: a plain penalty
          const own = (c.fcode === 'PPLC' || c.fcode === (e.featureType === 'adm1' ? 'PPLA' : 'PPLA2')) &&
            (m.cands[cj].kind === NameKind.Primary || editDistance(fold(c.name), m.folded, 2) <= 2);
          if (own) seat = Math.max(seat, m.prior[cj]);
        }
      }
      if (bigTown) m.prior[ci] = Math.min(m.prior[ci] - 2.5, seat > -Infinity ? seat - SEAT_MARGIN : Infinity);
    }
    m.scores = m.prior.slice();
    pickBest(m);
  }
  const weightOf = (m: Mention): number => {
    if (m.best < 0) return 0;
    const e = m.cands[m.best].entry;
    return e.countryCode ? m.conf * (e.featureType === 'country' ? 1.5 : 1) * members.get(m)!.length : 0;
  };
  for (let round = 0; round < 2; round++) {
    // the document's country mix, from the current best guesses
    const ccWeight = new Map<string, number>();
    const a1Weight = new Map<string, number>();
    let total = 0;
    let a1Total = 0;
    const tops: { e: GazEntry; folded: string; near: boolean }[] = [];
    for (const m of reps) {
      if (m.best < 0) continue;
      const e = m.cands[m.best].entry;
      const w = weightOf(m);
      if (w > 0) { ccWeight.set(e.countryCode, (ccWeight.get(e.countryCode) ?? 0) + w); total += w; }
      if (w > 0 && e.admin1Code) { a1Weight.set(e.admin1Code, (a1Weight.get(e.admin1Code) ?? 0) + w); a1Total += w; }
      tops.push({ e, folded: m.folded, near: e.featureType !== 'country' && e.featureType !== 'continent' });
    }
    const nearTops = tops.filter((o) => o.near);
    // the document's focus country: the one with the most weight
    let focusCc = '';
    let focusW = 0;
    for (const [cc, w] of ccWeight) if (w > focusW) { focusW = w; focusCc = cc; }
    for (const m of reps) {
      // a lone candidate needs no ranking, unless it is below the "none of these" floor and context may lift it
      if (m.cands.length <= 1 && m.qualifier < 0 && (m.cands.length === 0 || m.prior[0] >= NONE_FLOOR)) continue;
      const q = m.qualifier >= 0 ? mentions[m.qualifier] : null;
      // the country mix of the other mentions (this name's own vote left out)
      const ownW = weightOf(m);
      const ownCc = m.best >= 0 ? m.cands[m.best].entry.countryCode : '';
      const rest = total - ownW;
      for (let ci = 0; ci < m.cands.length; ci++) {
        const e = m.cands[ci].entry;
        let s = m.prior[ci];
        if (rest > 0.3 && e.countryCode) {
          const share = ((ccWeight.get(e.countryCode) ?? 0) - (e.countryCode === ownCc ? ownW : 0)) / rest;
          s += W_COUNTRY * share;
          // a small foreign namesake in a document about one other country ("Evin" in an Iran report is no
          // French village): pushed towards "none of these"
          if (share <= 0 && !e.curated && !isMajor(e) && e.population < FOREIGN_MAX_POP &&
            (focusW - (focusCc === ownCc ? ownW : 0)) / rest >= FOCUS_SHARE) s -= W_FOREIGN;
        }
        // the document's admin1 mix (the state or province most places are in), own vote left out
        if (e.admin1Code && e.featureType !== 'adm1') {
          const ownA1 = m.best >= 0 ? m.cands[m.best].entry.admin1Code : '';
          const restA1 = a1Total - (ownA1 ? ownW : 0);
          if (restA1 > 0.3) s += W_ADM1 * (((a1Weight.get(e.admin1Code) ?? 0) - (e.admin1Code === ownA1 ? ownW : 0)) / restA1);
        }
        // nearness to / containment in the other places named
        let near = 0;
        if (e.featureType !== 'country' && e.featureType !== 'continent') {
          for (const o of nearTops) {
            if (o.folded === m.folded || o.e === e) continue;
            if (o.e.countryCode === e.countryCode && entryContains(o.e, e)) { near = Math.max(near, W_NEAR + 0.5); break; }
            if (near < W_NEAR) {
              const dLat = Math.abs(o.e.lat - e.lat);
              if (dLat > 2) continue;
              const d = distanceKm(o.e, e);
              if (d < 50) near = W_NEAR;
              else if (d < 200) near = Math.max(near, W_NEAR * 0.67);
            }
          }
        }
        s += near;
        if (q && q.best >= 0) {
          const qe = q.cands[q.best].entry;
          let qual = false;
          for (const qc of q.cands) if (entryContains(qc.entry, e)) { qual = true; break; }
          if (qual) s += entryContains(qe, e) ? 6 : 4;
        }
        if (m.head) {
          const ft = e.featureType;
          if (m.head === 'city') s += ft === 'populated place' || ft === 'capital' ? 1.5 : 0;
          else if (m.head === 'corridor') s += ft === 'corridor' ? 3 : 0;
          else s += ft === 'adm1' || ft === 'adm2' || ft === 'region' || ft === 'disputed region' ? 3 : 0;
        }
        m.scores[ci] = s;
      }
      pickBest(m);
    }
  }
  for (const m of reps) {
    for (const o of members.get(m)!) {
      if (o === m) continue;
      o.cands = m.cands; o.prior = m.prior; o.scores = m.scores; o.best = m.best; o.conf = m.conf;
    }
  }

  // near-miss spellings of places named elsewhere in the document ("Nagoro-Karabakh")
  if (!opts.spans) addFuzzy(text, tokens, gaz, mentions);

  // ---------- 3. output ----------
  const out: Place[] = [];
  // mentions of one group share cands and scores: rank and round their candidates once
  const topMemo = new Map<number[], { cands: Candidate[]; top: { gazetteerId: string; name: string; score: number }[] }>();
  const confMemo = new Map<number, number>();
  for (const m of mentions) {
    if (m.best < 0 || (!opts.spans && m.scores[m.best] < NONE_FLOOR)) continue;
    const c = m.cands[m.best];
    const e = c.entry;
    const place: Place = {
      start: m.start,
      end: m.end,
      text: m.text,
      name: e.name,
      gazetteerId: e.id,
      featureType: e.featureType === 'section' ? 'populated place' : e.featureType,
      countryCode: e.countryCode || null,
      admin1: e.admin1Name || null,
      lat: e.lat,
      lon: e.lon,
      confidence: fixed3(m.conf, confMemo),
      metonymy: isMetonym(tokens, m, e) ? 'government' : null,
      form: m.demonym ? 'demonym' : 'name',
      prov: { stage: 'places', rule: m.rule },
    };
    if (opts.candidates !== false) {
      let memo = topMemo.get(m.scores);
      if (memo === undefined || memo.cands !== m.cands) {
        memo = { cands: m.cands, top: top3(m.scores).map(([s, ci]) => ({ gazetteerId: m.cands[ci].entry.id, name: m.cands[ci].entry.name, score: +s.toFixed(2) })) };
        topMemo.set(m.scores, memo);
      }
      place.candidates = memo.top.map((x) => ({ gazetteerId: x.gazetteerId, name: x.name, score: x.score }));
    }
    out.push(place);
  }
  return out;
}

const ORG_HEADS = new Set(['county', 'city', 'police', 'sheriff', 'fire', 'department', 'university', 'college', 'school',
  'schools', 'high', 'airport', 'hospital', 'council', 'district', 'township', 'parish', 'region', 'province', 'state',
  'court', 'jail', 'board', 'commission', 'office', 'municipal', 'public', 'library', 'park', 'river', 'lake', 'club', 'clubs',
  'association', 'society', 'times', 'news', 'post', 'herald', 'tribune', 'gazette', 'journal', 'company', 'church', 'center',
  'centre', 'bank', 'museum', 'theatre', 'theater', 'festival', 'committee', 'foundation', 'chamber', 'council', 'hall', 'road',
  'street', 'avenue', 'bridge', 'station', 'market', 'mall', 'stadium', 'arena', 'academy', 'institute', 'zoo', 'square',
  'fair', 'parade', 'marathon', 'hotel', 'airport', 'harbor', 'harbour', 'port', 'bay', 'beach', 'community', 'area', 'region']);

function isMajor(e: GazEntry): boolean {
  return e.featureType === 'country' || e.featureType === 'adm1' || e.featureType === 'capital' || e.curated ||
    e.featureType === 'continent' || e.population >= 200000;
}

/** Words that continue a place name after a given-name-shaped place ("Victoria Falls", "Jordan Valley"). */
const PLACE_FOLLOWERS = new Set(['falls', 'island', 'islands', 'mountain', 'mountains', 'hill', 'hills', 'peninsula', 'desert',
  'coast', 'creek', 'springs', 'heights', 'gardens', 'crossing', 'point', 'sound', 'strait', 'valley', 'basin', 'plains', 'oblast',
  'raion', 'governorate', 'province', 'state', 'county', 'city', 'town', 'village', 'camp', 'base']);

/** Is the token at j a surname-like word after a given name: capitalised, in the same sentence, right after
 * one space, not a head, organisation or geographic word, not a stoplisted word and not a major place? */
function isPersonFollower(tokens: Token[], j: number, sentence: number, gaz: Gazetteer): boolean {
  const t = tokens[j];
  if (t.kind !== 'word' || t.sentence !== sentence || t.start - tokens[j - 1].end !== 1 || !isUpperStart(t.text)) return false;
  if (t.text.length > 1 && isAllUpper(t.text)) return false;
  const ce = coreEnd(t);
  const f = foldTok(ce === t.end ? t.text : t.text.slice(0, ce - t.start));
  if (STOP.has(f) || HEADS.has(f) || ORG_HEADS.has(f) || PLACE_FOLLOWERS.has(f)) return false;
  return !gaz.lookupFolded(f).some((c) => isMajor(c.entry) && c.kind !== NameKind.Demonym);
}

function isSentenceStart(tokens: Token[], i: number): boolean {
  if (i === 0) return true;
  if (tokens[i - 1].sentence !== tokens[i].sentence) return true;
  const p = tokens[i - 1].text;
  return p === '"' || p === '“' || p === '(' || p === '‘' || p === "'" || p === ':' || p === '—' || p === '-';
}

/** The MAX_CANDIDATES best candidates by prior (a stable sort, as before), memoised per candidate list:
 * the gazetteer hands out one shared array per name and the prior used here depends on the entries only. */
const topCandMemo = new WeakMap<Candidate[], Candidate[]>();
function topCandidates(cands: Candidate[]): Candidate[] {
  let top = topCandMemo.get(cands);
  if (top === undefined) {
    const scored = cands.map((c) => ({ c, p: priorScore(c, false) }));
    top = scored.sort((x, y) => y.p - x.p).slice(0, MAX_CANDIDATES).map((x) => x.c);
    topCandMemo.set(cands, top);
  }
  return top.slice();
}

/** +x.toFixed(3), memoised per document (confidences repeat across the mentions of one name). */
function fixed3(x: number, memo: Map<number, number>): number {
  let r = memo.get(x);
  if (r === undefined) { r = +x.toFixed(3); memo.set(x, r); }
  return r;
}

/** The three best [score, index] pairs, best first, ties in index order: the first three of a stable
 * sort by descending score, without sorting every candidate. */
function top3(scores: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let ci = 0; ci < scores.length; ci++) {
    const s = scores[ci];
    if (s !== s) return scores.map((x, k) => [x, k] as [number, number]).sort((x, y) => y[0] - x[0]).slice(0, 3); // NaN: as before
    if (out.length === 3 && !(s > out[2][0])) continue;
    let p = out.length;
    while (p > 0 && s > out[p - 1][0]) p--;
    out.splice(p, 0, [s, ci]);
    if (out.length > 3) out.pop();
  }
  return out;
}

function pickBest(m: Mention): void {
  let b = -1;
  let s1 = -Infinity;
  let s2 = -Infinity;
  for (let ci = 0; ci < m.scores.length; ci++) {
    const s = m.scores[ci];
    if (s > s1) { s2 = s1; s1 = s; b = ci; } else if (s > s2) s2 = s;
  }
  m.best = b;
  if (b < 0) { m.conf = 0; return; }
  const margin = s2 === -Infinity ? 3 : s1 - s2;
  const absolute = 1 / (1 + Math.exp(-(s1 - 3)));
  m.conf = Math.max(0.05, Math.min(0.99, absolute * (1 / (1 + Math.exp(-margin * 1.5)))));
}

function isMetonym(tokens: Token[], m: Mention, e: GazEntry): boolean {
  if (e.featureType !== 'capital' || m.demonym) return false;
  // after a locative preposition the capital is a location: "drones over Kyiv", "fighting near Khartoum"
  const pre = tokens[m.ti - 1];
  if (pre && pre.sentence === tokens[m.ti].sentence && LOCATIVE.has(pre.text.toLowerCase())) return false;
  const after = tokens[m.tj + 1];
  if (after && after.sentence === tokens[m.tj].sentence) {
    let w = after.text.toLowerCase();
    // "Moscow has agreed", "Baku also declared"
    if ((w === 'has' || w === 'had' || w === 'also' || w === 'later' || w === 'then' || w === 'quickly') && tokens[m.tj + 2]) {
      const w2 = tokens[m.tj + 2].text.toLowerCase();
      if (METO_VERBS.has(w2) || w2.endsWith('ed')) return true;
    }
    if (METO_VERBS.has(w)) return true;
    if (w === "'s" || w === '’s') w = '';
  }
  const b1 = tokens[m.ti - 1];
  const b2 = tokens[m.ti - 2];
  if (b1 && METO_PREP.has(b1.text.toLowerCase()) && b2 && METO_PRE_VERBS.has(b2.text.toLowerCase())) return true;
  return false;
}

function addFuzzy(text: string, tokens: Token[], gaz: Gazetteer, mentions: Mention[]): void {
  // the targets: places already resolved in this document (multi-letter names only)
  const targets = new Map<string, Mention>();
  for (const m of mentions) if (m.best >= 0 && !m.demonym && m.folded.length >= 6) targets.set(m.folded, m);
  if (!targets.size) return;
  // the targets as parallel arrays, in the Map's order (no [key, value] pair per step of the inner loop)
  const tKeys = [...targets.keys()];
  const tVals = [...targets.values()];
  const added: Mention[] = [];
  let mi = 0; // mentions are sorted by start: sweep
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || t.text.length < 6 || !isUpperStart(t.text)) continue;
    const ce = coreEnd(t);
    while (mi < mentions.length && mentions[mi].end <= t.start) mi++;
    if (mi < mentions.length && mentions[mi].start < ce) continue;
    const f = foldTok(ce === t.end ? t.text : text.slice(t.start, ce));
    if (gaz.hasFolded(f) || STOP.has(f)) continue;
    for (let ti = 0; ti < tKeys.length; ti++) {
      const tf = tKeys[ti];
      const max = tf.length >= 10 ? 2 : 1;
      if (Math.abs(tf.length - f.length) > max || tf[0] !== f[0]) continue;
      if (editDistance(f, tf, max) <= max) {
        const m = tVals[ti];
        added.push({ ...m, start: t.start, end: ce, text: text.slice(t.start, ce), folded: f, ti: i, tj: i,
          conf: m.conf * 0.8, rule: `fuzzy:${tf}`, qualifier: -1, isQualifier: false });
        break;
      }
    }
  }
  if (added.length) {
    mentions.push(...added);
    mentions.sort((a, b) => a.start - b.start);
  }
}
