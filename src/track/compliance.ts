// Compliance: each provision's status as of a date (../shared/DESIGN.md "Compliance"), from the links
// between events and provisions, the amendments reports give, and the provisions reports restate.
// Nothing reported after the as-of date counts: neither events dated later nor reports dated later.
import type { EvidenceRef } from '../model/types.ts';
import type { StoredEvent } from '../store/store.ts';
import { findAmendments, type FoundAmendment } from './amend.ts';
import { addDays, daysBetween } from './dates.ts';
import { actorSide, linkEvents, matchReportProvisions, sideOf, type Link, type TrackData } from './link.ts';
import type { TrackAgreement, TrackCompliance, TrackProvision, ViolationInfo } from './types.ts';

export interface Prepared {
  agreement: TrackAgreement;
  data: TrackData;
  links: Link[];
  amendments: FoundAmendment[];
  stated: ReturnType<typeof matchReportProvisions>;
  eventsById: Map<string, StoredEvent>;
  /** Links by provision id. */
  byProvision: Map<string, Link[]>;
  /** Denials by report. */
  denials: Map<string, StoredEvent[]>;
}

/** Links, amendments and restated provisions for one agreement (independent of the as-of date). */
export function prepare(agreement: TrackAgreement, data: TrackData): Prepared {
  const links = linkEvents(agreement, data);
  const byProvision = new Map<string, Link[]>();
  for (const l of links) (byProvision.get(l.provisionId) ?? byProvision.set(l.provisionId, []).get(l.provisionId)!).push(l);
  const denials = new Map<string, StoredEvent[]>();
  for (const e of data.events) if (e.action === 'deny') (denials.get(e.docId) ?? denials.set(e.docId, []).get(e.docId)!).push(e);
  return {
    agreement,
    data,
    links,
    byProvision,
    denials,
    amendments: findAmendments(agreement, data.docs.values()),
    stated: matchReportProvisions(agreement, data),
    eventsById: new Map(data.events.map((e) => [e.id, e])),
  };
}

const known = (knownFrom: string | null, asOf: string) => !knownFrom || knownFrom <= asOf;

/** Status of every provision of the agreement as of `asOf` (YYYY-MM-DD). */
export function computeCompliance(prep: Prepared, asOf: string): TrackCompliance[] {
  return prep.agreement.provisions.map((p) => provisionStatus(prep, p, asOf));
}

export function provisionStatus(prep: Prepared, p: TrackProvision, asOf: string): TrackCompliance {
  const { agreement } = prep;
  const links = (prep.byProvision.get(p.id) ?? [])
    .filter((l) => known(l.knownFrom, asOf) && (!l.date || l.date <= asOf))
    .sort((a, b) => roleRank(a.role) - roleRank(b.role) || b.score - a.score || (a.date ?? '9').localeCompare(b.date ?? '9'));
  const amendments = prep.amendments
    .filter((m) => m.provisionId === p.id && known(m.knownFrom, asOf))
    .sort((a, b) => (a.knownFrom ?? '').localeCompare(b.knownFrom ?? ''));
  const amendment = amendments[amendments.length - 1] ?? null;
  const stated = prep.stated.filter((s) => s.provisionId === p.id && known(prep.data.docs.get(s.rp.docId)?.dct ?? null, asOf));

  const row: TrackCompliance = {
    provisionId: p.id,
    status: 'unknown',
    due: p.due,
    amendedDue: amendment?.amendedDue ?? null,
    done: null,
    daysLate: null,
    daysLateAmended: null,
    sources: 0,
    events: [],
    evidence: [],
    amendment: amendment
      ? { amendedDue: amendment.amendedDue, docId: amendment.docId, date: amendment.knownFrom, text: amendment.text, start: amendment.start, end: amendment.end }
      : null,
    violation: null,
  };
  const effDue = row.amendedDue ?? p.due;
  let used: Link[] = [];

  if (p.ongoing) {
    const start = p.from ?? agreement.signed;
    const violations = links.filter((l) => l.role === 'violation');
    const support = links.filter((l) => l.role === 'support' || l.role === 'done');
    if (asOf < start) row.status = 'pending';
    else if (violations.length) {
      row.status = 'violated';
      row.violation = violationInfo(prep, violations, agreement.parties);
      used = violations;
    } else {
      row.status = 'ongoing';
      used = support;
    }
  } else {
    const done = links.filter((l) => l.role === 'done');
    const begun = links.filter((l) => l.role === 'begun');
    if (done.length) {
      const dated = done.filter((l) => l.date).sort((a, b) => a.date!.localeCompare(b.date!));
      const doneDate = dated[0]?.date ?? null;
      row.done = doneDate;
      if (doneDate && p.due && doneDate > p.due) {
        row.status = 'fulfilled_late';
        row.daysLate = daysBetween(p.due, doneDate);
      } else {
        row.status = 'fulfilled';
        row.daysLate = doneDate && p.due ? 0 : null;
      }
      if (doneDate && row.amendedDue) row.daysLateAmended = Math.max(0, daysBetween(row.amendedDue, doneDate));
      const days = [...new Set(dated.map((l) => l.date!))];
      if (days.length > 1) {
        row.conflicts = [{ field: 'done', values: dated.map((l) => ({ value: l.date!, docId: l.docId })) }];
      }
      // the link that gives the done date first, then the other dated ones, then undated
      const rank = (l: Link) => (l.date === doneDate ? 0 : l.date ? 1 : 2);
      used = [...done.sort((a, b) => rank(a) - rank(b) || b.score - a.score), ...begun];
    } else if (begun.length) {
      row.status = effDue && asOf > effDue ? 'partial' : 'in_progress';
      used = begun;
    } else if (effDue) {
      row.status = asOf > effDue ? 'overdue' : 'pending';
    } else {
      row.status = 'unknown';
    }
  }

  const ev: EvidenceRef[] = [];
  const seen = new Set<string>();
  const add = (e: EvidenceRef | null) => {
    if (!e) return;
    const k = `${e.docId}:${e.start}:${e.end}`;
    if (seen.has(k)) return;
    seen.add(k);
    ev.push(e);
  };
  for (const l of used) add(l.evidence);
  if (amendment?.docId) add({ docId: amendment.docId, start: amendment.start, end: amendment.end, text: amendment.text });
  for (const s of stated) add(s.evidence);
  row.events = [...new Set(used.map((l) => l.eventId))];
  row.evidence = ev;
  row.sources = new Set(ev.map((e) => e.docId)).size;
  return row;
}

function roleRank(r: Link['role']): number {
  return r === 'done' ? 0 : r === 'violation' ? 1 : r === 'begun' ? 2 : 3;
}

/** Who says the standing obligation was broken: one side's claim, or more than one side's. */
function violationInfo(prep: Prepared, links: Link[], parties: string[]): ViolationInfo {
  const claimSides = new Set<string>();
  const accused = new Set<string>();
  let denied = false;
  const docs = new Set(links.map((l) => l.docId));
  for (const l of links) {
    const e = prep.eventsById.get(l.eventId);
    if (!e) continue;
    const src = e.attribution?.source ? sideOf(e.attribution.source, parties) : null;
    if (e.action === 'accuse') {
      claimSides.add(actorSide(e.actor1, parties) ?? src ?? 'media');
      const t = actorSide(e.actor2, parties);
      if (t) accused.add(t);
    } else {
      claimSides.add(src ?? 'media');
      const a = actorSide(e.actor1, parties);
      if (a) accused.add(a);
    }
    if (e.modality === 'denied') denied = true;
  }
  // denials in the same reports by an accused side
  for (const e of [...docs].flatMap((d) => prep.denials.get(d) ?? [])) {
    const who = (e.attribution?.source ? sideOf(e.attribution.source, parties) : null) ?? actorSide(e.actor1, parties);
    if (!who || accused.has(who) || accused.size === 0) denied = true;
  }
  const sides = [...claimSides].sort();
  const first = links.map((l) => l.date).filter((d): d is string => !!d).sort()[0] ?? null;
  const partySides = sides.filter((s) => s !== 'media');
  return {
    basis: partySides.length > 1 || (partySides.length >= 1 && sides.includes('media') && docs.size > 1) ? 'multi-side' : 'one-side',
    sides,
    accused: [...accused].sort(),
    denied,
    first,
    count: links.length,
  };
}

// ---- history and alerts -------------------------------------------------------------------------

export interface StatusChange {
  agreementId: string;
  provisionId: string;
  from: string | null;
  to: string;
  at: string;
  /** The report that caused the change; null when a deadline passing did. */
  docId: string | null;
}

/** Every status change of every provision, recomputed as of each report's date and each deadline's passing. */
export function history(prep: Prepared, until: string): StatusChange[] {
  const { agreement } = prep;
  const points = new Set<string>();
  for (const d of prep.data.docs.values()) if (d.dct && d.dct >= agreement.signed && d.dct <= until) points.add(d.dct);
  for (const p of agreement.provisions) {
    if (p.due) points.add(addDays(p.due, 1));
    if (p.from) points.add(p.from);
  }
  for (const m of prep.amendments) points.add(addDays(m.amendedDue, 1));
  for (const l of prep.links) if (l.date) points.add(l.date);
  const sorted = [...points].filter((d) => d >= agreement.signed && d <= until).sort();
  const prev = new Map<string, string>();
  for (const r of computeCompliance(prep, agreement.signed)) prev.set(r.provisionId, r.status);
  const out: StatusChange[] = [];
  for (const at of sorted) {
    for (const r of computeCompliance(prep, at)) {
      const before = prev.get(r.provisionId) ?? null;
      if (before === r.status) continue;
      const evDocs = r.evidence.map((e) => e.docId).filter((d) => prep.data.docs.get(d)?.dct === at);
      out.push({ agreementId: agreement.id, provisionId: r.provisionId, from: before, to: r.status, at, docId: evDocs[0] ?? null });
      prev.set(r.provisionId, r.status);
    }
  }
  return out;
}

/** Parses "7d", "2w", "1m", "10" (days) into a number of days; null if malformed. */
export function parseWithin(s: string): number | null {
  const m = /^(\d{1,4})\s*([dwm]?)$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const u = m[2].toLowerCase();
  return u === 'w' ? n * 7 : u === 'm' ? n * 30 : n;
}
