// Deadline amendments stated in reports: "the deadline ... was extended until November 25",
// "the handover of Kalbajar was delayed for 10 days". A sentence with an amendment word that names a
// provision's object and gives a later date (or a duration added to the deadline) records an amended
// deadline, with the report as its source. Timexes from the time stage are used first; the small
// date reader in dates.ts covers sentences the time stage left bare.
import linkRules from '../resources/track/link.json' with { type: 'json' };
import { addDuration, dayOf, findDates, findDurations } from './dates.ts';
import { fold, placeKey, type TrackDoc } from './link.ts';
import type { TrackAgreement } from './types.ts';

const WORDS = linkRules.amendmentWords.map((w) => ` ${w} `);

export interface FoundAmendment {
  provisionId: string;
  amendedDue: string;
  /** Null for an amendment written in the agreement file. */
  docId: string | null;
  /** The report's date: the amendment is known from then on (null: from signature). */
  knownFrom: string | null;
  start: number;
  end: number;
  text: string;
}

/** Sentences of a document: its stored sentence spans, or a plain split at sentence punctuation. */
export function sentencesOf(doc: TrackDoc): { start: number; end: number }[] {
  if (doc.sentences?.length) return doc.sentences;
  const out: { start: number; end: number }[] = [];
  let start = 0;
  const t = doc.text;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '\n' || ((c === '.' || c === '!' || c === '?') && (i + 1 >= t.length || /\s/.test(t[i + 1])))) {
      const end = c === '\n' ? i : i + 1;
      if (t.slice(start, end).trim()) {
        let s = start;
        while (s < end && /\s/.test(t[s])) s++;
        out.push({ start: s, end });
      }
      start = i + 1;
    }
  }
  if (t.slice(start).trim()) {
    let s = start;
    while (/\s/.test(t[s])) s++;
    out.push({ start: s, end: t.length });
  }
  return out;
}

export function findAmendments(agreement: TrackAgreement, docs: Iterable<TrackDoc>): FoundAmendment[] {
  const out: FoundAmendment[] = [];
  for (const m of agreement.amendments ?? []) {
    out.push({ provisionId: m.provision, amendedDue: m.due, docId: null, knownFrom: null, start: 0, end: 0, text: m.text ?? m.source ?? 'amendment in the agreement file' });
  }
  const targets = agreement.provisions
    .filter((p) => p.due && !p.ongoing && p.object)
    .map((p) => ({ p, key: placeKey(p.object!.name) }));
  if (!targets.length) return out;
  for (const doc of docs) {
    if (doc.dct && doc.dct < agreement.signed) continue;
    for (const s of sentencesOf(doc)) {
      const text = doc.text.slice(s.start, s.end);
      const f = ` ${fold(text)} `;
      if (!WORDS.some((w) => f.includes(w))) continue;
      const named = targets.filter((t) => f.includes(` ${t.key} `));
      if (named.length !== 1) continue; // an amendment naming several objects is too ambiguous to apply
      const { p } = named[0];
      const due = p.due!;
      let amended: string | null = null;
      const tx = (doc.timexes ?? []).filter((x) => x.start >= s.start && x.end <= s.end);
      for (const x of tx) {
        const d = x.type === 'DATE' ? dayOf(x.value) : null;
        if (d && d > due) { amended = d; break; }
      }
      if (!amended) {
        for (const x of tx) {
          if (x.type === 'DURATION') {
            const d = addDuration(due, x.value);
            if (d && d > due) { amended = d; break; }
          }
        }
      }
      if (!amended) {
        const d = findDates(text, doc.dct ?? due).find((x) => x.value > due);
        if (d) amended = d.value;
      }
      if (!amended) {
        const dur = findDurations(text)[0];
        const d = dur ? addDuration(due, dur.value) : null;
        if (d && d > due) amended = d;
      }
      if (!amended) continue;
      out.push({ provisionId: p.id, amendedDue: amended, docId: doc.id, knownFrom: doc.dct, start: s.start, end: s.end, text });
    }
  }
  return out;
}
