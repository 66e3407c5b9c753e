// Compiles the trigger lexicon (src/resources/events/triggers.json) into a phrase Map.
import triggersData from '../../resources/events/triggers.json' with { type: 'json' };
import { wordClass } from '../actors/lexicon.ts';
import acledData from '../../resources/events/acled-map.json' with { type: 'json' };
import cuesData from '../../resources/events/cues.json' with { type: 'json' };

export interface TriggerEntry {
  action: string;
  /** the lexicon word this surface form came from ("seize") */
  lemma: string;
  noun: boolean;
  needs: string[] | null;
  needsWindow: number;
  needsBefore: boolean;
  /** the needed word may stand before the trigger only when the trigger is a passive participle ("weapons were
   * seized") or right after it ("weapons seized in the raid"); before an active verb it is someone else's object */
  needsBeforePassive?: boolean;
  actorKinds: string[] | null;
}

export function verbForms(b: string): string[] {
  const out = [b];
  if (b.endsWith('ee')) out.push(b + 's', b + 'd', b + 'ing');
  else if (b.endsWith('e')) out.push(b + 's', b + 'd', b.slice(0, -1) + 'ing');
  else if (b.endsWith('y') && !/[aeiou]y$/.test(b)) out.push(b.slice(0, -1) + 'ies', b.slice(0, -1) + 'ied', b + 'ing');
  else if (/(s|sh|ch|x|z)$/.test(b)) out.push(b + 'es', b + 'ed', b + 'ing');
  else {
    out.push(b + 's', b + 'ed', b + 'ing');
    if (/[^aeiou][aeiou][bdgmnprtl]$/.test(b) && (b.length <= 4 || /(el|ol)$/.test(b))) out.push(b + b.slice(-1) + 'ed', b + b.slice(-1) + 'ing');
  }
  return out;
}

function inflectPhrase(p: string): string[] {
  const [head, ...rest] = p.split(' ');
  return verbForms(head).map((f) => [f, ...rest].join(' '));
}

interface RawTrigger {
  action: string; verbs?: string[]; nouns?: string[]; forms?: Record<string, string[]>;
  needs?: string[]; window?: number; needsAny?: Record<string, string[]>; needsWindow?: number;
  needsBefore?: Record<string, boolean | 'passive'>; actorKinds?: Record<string, string[]>;
}

/** surface form -> entries, tried in lexicon order (the first whose context needs are met wins) */
export const TRIGGERS = new Map<string, TriggerEntry[]>();
let maxLen = 1;
for (const t of triggersData.triggers as RawTrigger[]) {
  const needsFor = (lemma: string): string[] | null => t.needsAny?.[lemma] ?? t.needsAny?.['*'] ?? t.needs ?? null;
  const add = (form: string, lemma: string, noun: boolean) => {
    const k = form.toLowerCase();
    const list = TRIGGERS.get(k) ?? [];
    if (list.some((e) => e.action === t.action)) return;
    list.push({
      action: t.action, lemma, noun, needs: needsFor(lemma), needsWindow: t.needsWindow ?? t.window ?? 6,
      needsBefore: !!t.needsBefore?.[lemma], needsBeforePassive: t.needsBefore?.[lemma] === 'passive', actorKinds: t.actorKinds?.[lemma] ?? null,
    });
    TRIGGERS.set(k, list);
    maxLen = Math.max(maxLen, k.split(' ').length);
  };
  for (const v of t.verbs ?? []) for (const f of t.forms?.[v] ?? inflectPhrase(v)) add(f, v, false);
  for (const n of t.nouns ?? []) {
    add(n, n, true);
    if (!n.endsWith('s') && !n.includes(' ')) add(n + 's', n, true);
  }
}
export const MAX_TRIGGER_LEN = maxLen;
/** first words of all trigger phrases: a token not in this set starts no trigger */
export const TRIGGER_FIRST = new Set<string>([...TRIGGERS.keys()].map((k) => k.split(' ')[0]));
/** proper word prefixes of the trigger phrases ("set fire" of "set fire to"): a key not in this set extends to no trigger */
export const TRIGGER_PREFIX = new Set<string>();
for (const k of TRIGGERS.keys()) { const ws = k.split(' '); for (let j = 1; j < ws.length; j++) TRIGGER_PREFIX.add(ws.slice(0, j).join(' ')); }
export const NOUN_BLOCKERS = new Set<string>(triggersData.nounBlockers);
export const REFERENCE_NOUNS = new Set<string>(triggersData.referenceNouns.nouns);
export const TEST_WORDS = new Set<string>(triggersData.testWords.words);
/** verbs whose weapon-noun object was moved, not fired ("pulling heavy artillery back") */
export const MOVED_WEAPON_VERBS = new Set<string>(triggersData.movedWeaponVerbs.words);

export type TypePair = [string | null, string | null];
export const ACLED = acledData.types as unknown as Record<string, Record<string, TypePair>>;
export const PRIORITY = new Map<string, number>(acledData.priority.order.map((s, i) => [s, i]));
export const FAMILY = new Map<string, string>();
for (const [fam, types] of Object.entries(acledData.priority.families)) for (const t of types) FAMILY.set(t, fam);
const cueSet = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
export const CUE = {
  agreement: cueSet(acledData.cues.agreement),
  civilianTargets: cueSet(acledData.cues.civilianTargets),
  armedTargets: cueSet(acledData.cues.armedTargets),
  demoActors: cueSet(acledData.cues.demoActors),
  mobActors: cueSet(acledData.cues.mobActors),
  intervention: cueSet(acledData.cues.intervention),
  excessive: cueSet(acledData.cues.excessive),
  violent: cueSet(acledData.cues.violent),
  stateKinds: cueSet(acledData.cues.stateKinds),
  nonStateKinds: cueSet(acledData.cues.nonStateKinds),
  disaster: cueSet(acledData.cues.disaster),
  nonStateWords: cueSet(acledData.cues.nonStateWords),
  conflict: cueSet(acledData.cues.conflictCues),
  peacefulTransfer: cueSet(acledData.cues.peacefulTransfer),
  handedObjects: cueSet(acledData.cues.handedObjects),
};
export const MOD = {
  negation: cueSet(cuesData.negation),
  obligated: cueSet(cuesData.obligated),
  planned: cueSet(cuesData.planned),
  plannedAfter: cueSet(cuesData.plannedAfter),
  hypothetical: cueSet(cuesData.hypothetical),
  disputedVerbs: cueSet(cuesData.disputedVerbs),
  reporting: cueSet(cuesData.reportingVerbs),
  sourceNouns: cueSet(cuesData.sourceNouns),
  fatalityWords: cueSet(cuesData.fatalityWords),
  tollContext: cueSet(cuesData.tollContext),
  undatedStarts: cueSet(cuesData.undatedSentenceStarts),
  verbalAttackObjects: cueSet(cuesData.verbalAttackObjects.words),
  noCasualty: cueSet(cuesData.noCasualtySubjects.phrases),
  responsibility: cueSet(cuesData.responsibilityClaims.phrases),
};
/** word-class bits (actors/lexicon.ts wordClass) of the sets the events stage tests every token against */
export const W_TRIGGER_FIRST = wordClass(TRIGGER_FIRST);
export const W_REPORTING = wordClass(MOD.reporting);
/** the cue sets tested per sentence (hasCue): one word class each, plus one for the first words of their
 * multi-word cues, which map to those cues */
export const CUE_BIT = new Map<Set<string>, number>();
export const CUE_PHRASES = new Map<string, { bit: number; words: string[] }[]>();
for (const set of [CUE.agreement, CUE.peacefulTransfer, CUE.nonStateWords, CUE.demoActors, CUE.armedTargets, CUE.mobActors, CUE.excessive,
  CUE.violent, CUE.intervention, CUE.disaster, CUE.conflict, CUE.civilianTargets, CUE.handedObjects]) {
  const bit = wordClass(set);
  CUE_BIT.set(set, bit);
  for (const c of set) {
    if (!c.includes(' ')) continue;
    const words = c.split(' ');
    const l = CUE_PHRASES.get(words[0]) ?? [];
    l.push({ bit, words });
    CUE_PHRASES.set(words[0], l);
  }
}
export const W_CUE_PHRASE_FIRST = wordClass(new Set(CUE_PHRASES.keys()));
/** idioms containing trigger words: word -> [phrase words, position of the word in the phrase] */
export const IDIOMS = new Map<string, [string[], number][]>();
for (const p of cuesData.idioms.phrases) {
  const ws = p.toLowerCase().split(' ');
  ws.forEach((w, j) => { const l = IDIOMS.get(w) ?? []; l.push([ws, j]); IDIOMS.set(w, l); });
}
/** true when the token at i is part of one of the idioms */
export function inIdiom(low: string[], i: number): boolean {
  const list = IDIOMS.get(low[i]);
  if (!list) return false;
  for (const [ws, j] of list) {
    const s = i - j;
    if (s < 0 || s + ws.length > low.length) continue;
    let ok = true;
    for (let k = 0; k < ws.length && ok; k++) if (low[s + k] !== ws[k]) ok = false;
    if (ok) return true;
  }
  return false;
}
