// Plain-text agreements -> Agreement: numbered points become provisions with obligors, action, object,
// deadline (absolute, or relative to signature: "within three years"), start and standing obligations,
// quantities and a PA-X-like category. The result is meant to be reviewed and edited as YAML
// (agreementToYaml). Lexicon and rules: src/resources/track/agreement-text.json.
import lex from '../resources/track/agreement-text.json' with { type: 'json' };
import partyData from '../resources/track/parties.json' with { type: 'json' };
import { TruceError, checkDate } from '../model/errors.ts';
import type { Place, ProvisionCategory } from '../model/types.ts';
import { extract } from '../extract/pipeline.ts';
import { addDuration, findDates, findDurations } from './dates.ts';
import { fold } from './link.ts';
import type { TrackAgreement, TrackProvision } from './types.ts';

interface Rule {
  first?: boolean;
  any: string[][];
  category: ProvisionCategory;
  action: string;
  ongoing?: boolean;
  object: string | null;
}
const RULES = lex.rules as Rule[];
const PARTIES = partyData.parties as Record<string, { countryCode: string | null; aliases: string[] }>;
const QNOUNS = lex.quantityNouns as Record<string, { unit: string; counts: string | null }>;

export interface TextAgreementOptions {
  signed: string;
  title: string;
  id?: string;
  /** Parties; default: the parties named in the text (parties.json aliases). */
  parties?: string[];
  file?: string;
}

export function slugify(s: string): string {
  return fold(s).replace(/ /g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'agreement';
}

const has = (f: string, w: string) => f.includes(` ${fold(w)} `);

/** Splits the text into numbered points ("1." / "1)" / "Article 1"); text before the first is a preamble. */
export function numberedPoints(text: string): { n: string; start: number; end: number }[] {
  const out: { n: string; start: number; end: number }[] = [];
  const re = /^[ \t]*(?:Article[ \t]+|Point[ \t]+)?(\d{1,3})[.)][ \t]+/gim;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (out.length) out[out.length - 1].end = m.index;
    out.push({ n: m[1], start: m.index + m[0].length, end: text.length });
  }
  return out;
}

function sentences(text: string, offset: number): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const endHere = (c === '.' || c === ';') && (i + 1 >= text.length || /\s/.test(text[i + 1])) && !/\b(?:No|Art|St|e\.g|i\.e)$/.test(text.slice(Math.max(0, i - 4), i));
    if (endHere || c === '\n' && text[i + 1] === '\n') {
      push(s, c === '\n' ? i : i + 1);
      s = i + 1;
    }
  }
  push(s, text.length);
  return out;
  function push(a: number, b: number) {
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b > a) out.push({ start: offset + a, end: offset + b, text: text.slice(a, b) });
  }
}

function partiesIn(text: string, known: string[]): string[] {
  const f = ` ${fold(text)} `;
  const out: string[] = [];
  for (const p of known) {
    const key = fold(p);
    const aliases = PARTIES[key]?.aliases ?? [key];
    if (aliases.some((a) => f.includes(` ${fold(a)} `))) out.push(p);
  }
  return out;
}

function detectParties(text: string): string[] {
  const f = ` ${fold(text)} `;
  const out: string[] = [];
  for (const [key, v] of Object.entries(PARTIES)) {
    if (v.aliases.some((a) => f.includes(` ${fold(a)} `))) out.push(key.replace(/(^|\s)\S/g, (c) => c.toUpperCase()).replace(/^Osce$/, 'OSCE'));
  }
  return out;
}

/** Position of the first obligation word in a sentence (folded text index), or -1. */
function modalAt(f: string): { at: number; word: string } {
  let best = { at: -1, word: '' };
  for (const w of lex.obligationWords) {
    const i = f.indexOf(` ${fold(w)} `);
    if (i >= 0 && (best.at < 0 || i < best.at)) best = { at: i, word: fold(w) };
  }
  return best;
}

function placeObject(text: string): string | null {
  // "the Kalbajar district", "the Lachin corridor", "Nakhchivan Autonomous Republic"
  const heads = lex.placeHeads.join('|');
  const re = new RegExp(`\\b((?:[A-Z][\\p{L}'’-]+ ){1,3})(${heads})\\b`, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const name = m[1].trim();
    if (/^(The|A|An|This|That|Each|Every)$/.test(name)) continue;
    const words = name.split(' ').filter((w) => !/^(The|A|An)$/.test(w));
    if (!words.length) continue;
    const n = words.join(' ');
    return m[2] === 'corridor' ? `${n} corridor` : n;
  }
  return null;
}

function quantities(text: string): { value: number; unit: string | null; counts: string | null }[] {
  const out: { value: number; unit: string | null; counts: string | null }[] = [];
  const nouns = Object.keys(QNOUNS).sort((a, b) => b.length - a.length);
  const re = /\b(\d{1,3}(?:,\d{3})+|\d+)(?:-| )/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const rest = text.slice(m.index + m[0].length).toLowerCase();
    const noun = nouns.find((n) => rest.startsWith(n) && !/[a-z]/.test(rest[n.length] ?? ' '));
    if (!noun) continue;
    const value = Number(m[1].replace(/,/g, ''));
    // a bare year ("2020") is a date, not a quantity
    if (value >= 1900 && value <= 2100 && !m[1].includes(',')) continue;
    out.push({ value, unit: QNOUNS[noun].unit, counts: QNOUNS[noun].counts });
  }
  return out;
}

function pickRule(f: string): Rule | null {
  const matches = (r: Rule) => r.any.every((group) => group.some((w) => has(f, w)));
  for (const r of RULES) if (r.first && matches(r)) return r;
  // the rule whose word comes first in the predicate (after the obligation word)
  const m = modalAt(f);
  const pred = m.at >= 0 ? f.slice(m.at + m.word.length + 1) : '';
  let best: { r: Rule; at: number } | null = null;
  for (const r of RULES) {
    if (r.first || !matches(r)) continue;
    let at = Infinity;
    for (const g of r.any) for (const w of g) {
      const i = pred.indexOf(` ${fold(w)} `);
      if (i >= 0 && i < at) at = i;
    }
    if (at < Infinity && (!best || at < best.at)) best = { r, at };
  }
  if (best) return best.r;
  for (const r of RULES) if (matches(r)) return r;
  return null;
}

/** Deadline phrases in a sentence: absolute ("by 15 November 2020") or relative to signature ("within three years"). */
function deadlines(text: string, signed: string): { value: string; end: number; within?: string; rule: string }[] {
  const out: { value: string; end: number; within?: string; rule: string }[] = [];
  for (const d of findDates(text, signed)) {
    const before = fold(text.slice(Math.max(0, d.start - 20), d.start));
    if (lex.deadlineWords.some((w) => before.endsWith(fold(w)))) out.push({ value: d.value, end: d.end, rule: text.slice(Math.max(0, d.start - 12), d.end).trim() });
  }
  for (const d of findDurations(text)) {
    const before = fold(text.slice(Math.max(0, d.start - 12), d.start));
    if (before.endsWith('within')) {
      const v = addDuration(signed, d.value);
      if (v) out.push({ value: v, end: d.end, within: d.value, rule: `within ${d.text} of signature` });
    }
  }
  return out.sort((a, b) => a.end - b.end);
}

function startDate(text: string, signed: string): string | null {
  for (const d of findDates(text, signed)) {
    const before = fold(text.slice(Math.max(0, d.start - 40), d.start));
    if (lex.startWords.some((w) => ` ${before} `.includes(` ${fold(w)} `))) return d.value;
  }
  return null;
}

function obligorsOf(sentence: string, parties: string[]): string[] {
  const f = ` ${fold(sentence)} `;
  const m = modalAt(f);
  const subject = m.at >= 0 ? f.slice(0, m.at + 1) : f;
  const afterModal = m.at >= 0 ? f.slice(m.at + m.word.length + 2) : '';
  const passive = lex.passiveAfterModal.some((w) => afterModal.startsWith(`${w} `)) || /^(is|are) (declared|established)$/.test(m.word);
  if (lex.groupWords.some((g) => subject.includes(` ${fold(g)} `))) return [...parties];
  if (!passive) {
    const s = partiesIn(subject, parties);
    if (s.length) return s;
  }
  // passive or party-less subject: "under the control of the Russian peacekeepers", "by Armenia"
  const ctl = /(?:control of|by|of) the ([a-z ]+?)(?: peacekeepers| peacekeeping| forces| border| army| troops)/.exec(afterModal);
  if (ctl) {
    const s = partiesIn(ctl[1], parties);
    if (s.length) return s;
  }
  return passive ? [] : partiesIn(subject, parties);
}

/** Reads a plain-text agreement. Throws BAD_AGREEMENT when no provision can be read. */
export function parseAgreementText(text: string, opts: TextAgreementOptions): TrackAgreement {
  const file = opts.file ?? 'agreement';
  checkDate(opts.signed, `${file}: --signed`);
  if (!opts.title?.trim()) throw new TruceError('USAGE', file, 'a plain-text agreement needs --title');
  const id = opts.id ?? slugify(opts.title);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) throw new TruceError('BAD_AGREEMENT', file, `"${id}" is not a valid agreement id (lower-case letters, digits, "-", "_")`);
  const parties = opts.parties?.length ? opts.parties : detectParties(text);
  // places from the extraction pipeline name objects the lexicon's "X district" pattern misses
  let places: Place[] = [];
  try {
    places = extract({ id, text, dct: opts.signed }).places.filter((p) => p.form !== 'demonym' && !partiesIn(p.text, parties).length);
  } catch {
    places = [];
  }
  let points = numberedPoints(text);
  if (!points.length) points = [{ n: '1', start: 0, end: text.length }];

  const provisions: TrackProvision[] = [];
  const ids = new Set<string>();
  const uid = (base: string) => {
    let s = slugify(base), i = 2;
    while (ids.has(s)) s = `${slugify(base)}-${i++}`;
    ids.add(s);
    return s;
  };
  for (const pt of points) {
    let prev: TrackProvision | null = null;
    for (const s of sentences(text.slice(pt.start, pt.end), pt.start)) {
      for (const p of readSentence(s.text, s.start, opts.signed, parties, places)) {
        // "The withdrawal shall be completed by 3 March": a follow-up sentence of the same point that
        // names no party and no object adds to the provision before it
        if (prev && p.category === prev.category && p.action === prev.action && !p.obligors.length && !p.object) {
          prev.text = `${prev.text} ${p.text}`;
          if (!prev.due && p.due) { prev.due = p.due; if (p.within) { prev.within = p.within; prev.dueRule = p.dueRule; } }
          if (prev.evidence && p.evidence) prev.evidence = { start: prev.evidence.start, end: p.evidence.end };
          continue;
        }
        const full: TrackProvision = { ...p, id: uid(p.object?.name ?? p.category), agreementId: id };
        provisions.push(full);
        prev = full;
      }
    }
  }
  if (!provisions.length) throw new TruceError('BAD_AGREEMENT', file, 'no provision found (numbered points with "shall", "will", "is to" ...)');
  return { id, title: opts.title.trim(), signed: opts.signed, parties, provisions, source: opts.file ?? null };
}

/** One sentence -> zero, one or several provisions (one per deadline-and-object pair). */
export function readSentence(sentence: string, offset: number, signed: string, parties: string[], places: Place[] = []): TrackProvision[] {
  const f = ` ${fold(sentence)} `;
  if (modalAt(f).at < 0) return [];
  const rule = pickRule(f);
  if (!rule) return [];
  const obligors = obligorsOf(sentence, parties);
  const dls = deadlines(sentence, signed).filter((d) => d.value >= signed);
  const ongoing = !!rule.ongoing || (lex.ongoingWords.some((w) => has(f, w)) && !dls.length);
  const from = startDate(sentence, signed);
  const base = (seg: string, segStart: number, segEnd: number, dl: (typeof dls)[number] | null): TrackProvision => {
    const inSeg = places.find((x) => x.start >= offset + segStart && x.end <= offset + segEnd);
    const obj = rule.object ?? placeObject(seg) ?? placeObject(sentence) ?? inSeg?.name ?? null;
    const p: TrackProvision = {
      id: '',
      category: rule.category,
      text: sentence,
      obligors,
      action: rule.action,
      object: obj ? { name: obj, gazetteerId: null, lat: null, lon: null } : null,
      due: dl?.value ?? null,
      ongoing: ongoing && !dl,
      quantities: quantities(seg),
      evidence: { start: offset + segStart, end: offset + segEnd },
    };
    if (from && p.ongoing) p.from = from;
    if (dl?.within) { p.within = dl.within; p.dueRule = dl.rule; }
    return p;
  };
  if (dls.length > 1) {
    // "return X by D1 and Y by D2": one provision per deadline, each with the object named before it
    const out: TrackProvision[] = [];
    let segStart = 0;
    for (const d of dls) {
      const seg = sentence.slice(segStart, d.end);
      out.push(base(seg, segStart, d.end, d));
      segStart = d.end;
    }
    return out;
  }
  return [base(sentence, 0, sentence.length, dls[0] ?? null)];
}
