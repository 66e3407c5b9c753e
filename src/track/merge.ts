// Cross-report merging: the same real-world event told by several reports becomes one merged event
// with all its sources (corroboration = number of distinct reports). Where the reports disagree
// (dates, places, fatalities, counts) the values are kept side by side and flagged, never averaged.
import type { StoredEvent } from '../store/store.ts';
import { dayOf, daysBetween } from './dates.ts';
import { actorSide, placeKey, type TrackDoc } from './link.ts';

/** Actions that tell of the same kind of happening ("entered" and "handed over" a district). */
const FAMILY: Record<string, string> = {
  enter: 'transfer', hand_over: 'transfer', take_control: 'transfer', transfer: 'transfer', withdraw: 'transfer', return: 'transfer',
  shell: 'violence', attack: 'violence', clash: 'violence', fire: 'violence', strike: 'violence', bomb: 'violence', airstrike: 'violence', fight: 'violence',
  exchange: 'exchange', release: 'exchange', swap: 'exchange',
  deploy: 'deploy', arrive: 'deploy',
};

export interface Conflict {
  field: 'date' | 'place' | 'fatalities' | string;
  values: { value: string | number; docId: string; eventId: string }[];
}

export interface MergedEvent {
  id: string;
  family: string;
  place: string | null;
  /** The earliest day any report gives (the others are in conflicts). */
  date: string | null;
  events: string[];
  docs: string[];
  corroboration: number;
  conflicts: Conflict[];
}

/** Days apart two reports may date the same event and still be merged (the difference is flagged). */
const WINDOW = 2;

function dayFor(e: StoredEvent, docs: Map<string, TrackDoc>): string | null {
  if (e.dateSource === 'dct') return docs.get(e.docId)?.dct ?? null;
  return dayOf(e.date) ?? null;
}

export function mergeEvents(events: StoredEvent[], docs: Map<string, TrackDoc>, parties: string[] = []): MergedEvent[] {
  const groups = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.modality !== 'asserted' && e.modality !== 'disputed') continue;
    const fam = FAMILY[e.action] ?? e.action;
    const place = e.place ? placeKey(e.place.name) : '';
    const k = `${fam}\u0000${place}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(e);
  }
  const out: MergedEvent[] = [];
  for (const [k, list] of groups) {
    const [family, place] = k.split('\u0000');
    list.sort((a, b) => (dayFor(a, docs) ?? '9').localeCompare(dayFor(b, docs) ?? '9'));
    const clusters: StoredEvent[][] = [];
    for (const e of list) {
      const d = dayFor(e, docs);
      const c = clusters.find((cl) => {
        const d0 = dayFor(cl[0], docs);
        if (!d || !d0) return !place ? false : !d && !d0;
        return Math.abs(daysBetween(d0, d)) <= WINDOW && (!place ? sameSides(cl[0], e, parties) : true);
      });
      if (c) c.push(e);
      else clusters.push([e]);
    }
    for (const cl of clusters) out.push(merged(family, place || null, cl, docs));
  }
  return out.sort((a, b) => (a.date ?? '9').localeCompare(b.date ?? '9') || a.id.localeCompare(b.id));
}

function sameSides(a: StoredEvent, b: StoredEvent, parties: string[]): boolean {
  const sa = actorSide(a.actor1, parties), sb = actorSide(b.actor1, parties);
  return !!sa && sa === sb;
}

function merged(family: string, place: string | null, cl: StoredEvent[], docs: Map<string, TrackDoc>): MergedEvent {
  const conflicts: Conflict[] = [];
  const byDoc = (f: (e: StoredEvent) => string | number | null, field: string) => {
    const vals = cl.map((e) => ({ value: f(e), docId: e.docId, eventId: e.id })).filter((v): v is Conflict['values'][number] => v.value !== null);
    const distinct = new Set(vals.map((v) => v.value));
    const docsWith = new Set(vals.map((v) => v.docId));
    if (distinct.size > 1 && docsWith.size > 1) conflicts.push({ field, values: vals });
  };
  byDoc((e) => (e.dateSource === 'dct' ? null : dayOf(e.date)), 'date');
  byDoc((e) => e.fatalities, 'fatalities');
  byDoc((e) => e.place?.gazetteerId ?? null, 'place');
  const counted = new Map<string, { value: number; docId: string; eventId: string }[]>();
  for (const e of cl) for (const q of e.quantities ?? []) {
    if (!q.counts) continue;
    (counted.get(q.counts) ?? counted.set(q.counts, []).get(q.counts)!).push({ value: q.value, docId: e.docId, eventId: e.id });
  }
  for (const [counts, vals] of counted) {
    if (new Set(vals.map((v) => v.value)).size > 1 && new Set(vals.map((v) => v.docId)).size > 1) conflicts.push({ field: `quantity:${counts}`, values: vals });
  }
  const days = cl.map((e) => dayFor(e, docs)).filter((d): d is string => !!d).sort();
  const docIds = [...new Set(cl.map((e) => e.docId))];
  return {
    id: cl[0].id,
    family,
    place: cl.find((e) => e.place)?.place?.name ?? place,
    date: days[0] ?? null,
    events: cl.map((e) => e.id),
    docs: docIds,
    corroboration: docIds.length,
    conflicts,
  };
}
