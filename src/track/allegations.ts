// The allegations ledger: who accused whom of what, where and when, and who denied it, from the
// events stage's accuse/deny events and attributions; each entry says which side its source is on
// (a party, a third party, or independent media). Counted per party and per ISO week.
import type { StoredEvent } from '../store/store.ts';
import { dayOf } from './dates.ts';
import { actorSide, sideOf, type TrackDoc } from './link.ts';

export interface Allegation {
  eventId: string;
  docId: string;
  kind: 'accuse' | 'deny';
  /** The day the claim was made or the incident dated (event date, else the report's date). */
  date: string | null;
  week: string | null;
  accuser: string | null;
  accuserSide: string | null;
  accused: string | null;
  accusedSide: string | null;
  /** Who relayed it (a news agency), when given. */
  via: string | null;
  place: string | null;
  evidence: { docId: string; start: number; end: number; text: string };
}

export interface AllegationSummary {
  total: number;
  byParty: { party: string; accuses: number; accused: number; denies: number }[];
  byWeek: { week: string; accuse: number; deny: number }[];
}

/** ISO week of a date: 2020-W50. */
export function isoWeek(d: string): string {
  const dt = new Date(`${d}T00:00:00Z`);
  const day = (dt.getUTCDay() + 6) % 7;
  dt.setUTCDate(dt.getUTCDate() - day + 3);
  const y = dt.getUTCFullYear();
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const week = 1 + Math.round(((dt.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${y}-W${String(week).padStart(2, '0')}`;
}

export function allegations(events: StoredEvent[], docs: Map<string, TrackDoc>, parties: string[] = [], opts: { from?: string; to?: string } = {}): Allegation[] {
  const out: Allegation[] = [];
  for (const e of events) {
    if (e.action !== 'accuse' && e.action !== 'deny') continue;
    const doc = docs.get(e.docId);
    const date = (e.dateSource === 'dct' ? null : dayOf(e.date)) ?? doc?.dct ?? null;
    if (opts.from && (!date || date < opts.from)) continue;
    if (opts.to && (!date || date > opts.to)) continue;
    // the events stage puts who accuses (or denies) in actor1; the attribution is the fallback
    const accuser = e.actor1?.name ?? e.attribution?.source ?? null;
    const accuserSide = actorSide(e.actor1, parties) ?? (e.attribution?.source ? sideOf(e.attribution.source, parties) : null);
    const text = doc && e.evidence.end <= doc.text.length ? doc.text.slice(e.evidence.start, e.evidence.end) : e.evidenceText;
    out.push({
      eventId: e.id,
      docId: e.docId,
      kind: e.action,
      date,
      week: date ? isoWeek(date) : null,
      accuser,
      accuserSide,
      accused: e.actor2?.name ?? null,
      accusedSide: actorSide(e.actor2, parties),
      via: e.attribution?.via ?? null,
      place: e.place?.name ?? null,
      evidence: { docId: e.docId, start: e.evidence.start, end: e.evidence.end, text },
    });
  }
  return out.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.eventId.localeCompare(b.eventId));
}

export function summarise(list: Allegation[]): AllegationSummary {
  const party = new Map<string, { accuses: number; accused: number; denies: number }>();
  const get = (p: string) => party.get(p) ?? (party.set(p, { accuses: 0, accused: 0, denies: 0 }), party.get(p)!);
  const week = new Map<string, { accuse: number; deny: number }>();
  for (const a of list) {
    if (a.kind === 'accuse') {
      if (a.accuserSide) get(a.accuserSide).accuses++;
      if (a.accusedSide) get(a.accusedSide).accused++;
    } else if (a.accuserSide) get(a.accuserSide).denies++;
    if (a.week) {
      const w = week.get(a.week) ?? { accuse: 0, deny: 0 };
      w[a.kind]++;
      week.set(a.week, w);
    }
  }
  return {
    total: list.length,
    byParty: [...party].map(([p, v]) => ({ party: p, ...v })).sort((x, y) => x.party.localeCompare(y.party)),
    byWeek: [...week].map(([w, v]) => ({ week: w, ...v })).sort((x, y) => x.week.localeCompare(y.week)),
  };
}
