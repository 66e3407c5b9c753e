// The status report `truce status --json` prints (issue 7), built from a Store: every agreement with each
// provision's status as of a date, plus alerts (deadlines coming up, status changes since a date).
import { TruceError, checkDate } from '../model/errors.ts';
import type { Store } from '../store/store.ts';
import { addDays } from './dates.ts';
import { computeCompliance, history, prepare, type Prepared, type StatusChange } from './compliance.ts';
import type { TrackData, TrackDoc } from './link.ts';
import { mergeEvents, type MergedEvent } from './merge.ts';
import type { AmendmentInfo, TrackAgreement, TrackCompliance, ViolationInfo } from './types.ts';

export interface StatusOptions {
  /** YYYY-MM-DD; default today (UTC). */
  asOf?: string;
  /** Days ahead: list provisions whose (amended) deadline falls within them. */
  dueWithin?: number;
  /** YYYY-MM-DD: list the status changes after this date (up to asOf). */
  changedSince?: string;
  /** Only this agreement. */
  agreementId?: string;
}

export interface ProvisionRow {
  id: string;
  category: string;
  text: string;
  obligors: string[];
  action: string;
  object: { name: string; gazetteerId: string | null; lat: number | null; lon: number | null } | null;
  due: string | null;
  amendedDue: string | null;
  done: string | null;
  status: TrackCompliance['status'];
  daysLate: number | null;
  daysLateAmended: number | null;
  sources: number;
  events: string[];
  evidence: TrackCompliance['evidence'];
  amendment?: AmendmentInfo;
  violation?: ViolationInfo;
  conflicts?: TrackCompliance['conflicts'];
  dueRule?: string;
  from?: string;
}

export interface StatusReport {
  asOf: string;
  agreements: { id: string; title: string; signed: string; provisions: ProvisionRow[] }[];
  due?: (ProvisionRow & { agreementId: string })[];
  changed?: (Omit<StatusChange, 'agreementId'> & { agreementId: string })[];
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Everything the track module reads from the store: events, documents (text, sentences, timexes), verdicts. */
export async function loadTrackData(store: Store): Promise<TrackData> {
  const [events, reportProvisions, verdicts] = await Promise.all([
    store.listEvents({ limit: 1_000_000 }),
    store.listReportProvisions(),
    store.listLinkVerdicts(),
  ]);
  const docs = new Map<string, TrackDoc>();
  const page = 1000;
  for (let offset = 0; ; offset += page) {
    const batch = await store.listDocuments({ limit: page, offset });
    for (const s of batch) {
      const d = await store.getDocument(s.id);
      if (!d) continue;
      docs.set(d.id, {
        id: d.id,
        dct: d.dct ?? d.extraction?.dct?.value ?? null,
        text: d.text,
        sentences: d.extraction?.sentences,
        timexes: d.extraction?.timexes,
        places: d.extraction?.places,
      });
    }
    if (batch.length < page) break;
  }
  return { events, docs, reportProvisions, verdicts };
}

export function provisionRow(a: TrackAgreement, r: TrackCompliance): ProvisionRow {
  const p = a.provisions.find((x) => x.id === r.provisionId)!;
  const row: ProvisionRow = {
    id: p.id,
    category: p.category,
    text: p.text,
    obligors: p.obligors,
    action: p.action,
    object: p.object ? { name: p.object.name, gazetteerId: p.object.gazetteerId ?? null, lat: p.object.lat ?? null, lon: p.object.lon ?? null } : null,
    due: r.due,
    amendedDue: r.amendedDue,
    done: r.done,
    status: r.status,
    daysLate: r.daysLate,
    daysLateAmended: r.daysLateAmended,
    sources: r.sources,
    events: r.events,
    evidence: r.evidence,
  };
  if (r.amendment) row.amendment = r.amendment;
  if (r.violation) row.violation = r.violation;
  if (r.conflicts?.length) row.conflicts = r.conflicts;
  if (p.dueRule) row.dueRule = p.dueRule;
  if (p.from) row.from = p.from;
  return row;
}

/** Builds the report from prepared agreements (pure; statusReport wraps it with the store). */
export function buildReport(preps: Prepared[], opts: StatusOptions = {}): StatusReport {
  const asOf = opts.asOf ?? today();
  const report: StatusReport = { asOf, agreements: [] };
  if (opts.dueWithin !== undefined) report.due = [];
  if (opts.changedSince !== undefined) report.changed = [];
  for (const prep of preps) {
    const a = prep.agreement;
    const rows = computeCompliance(prep, asOf).map((r) => provisionRow(a, r));
    report.agreements.push({ id: a.id, title: a.title, signed: a.signed, provisions: rows });
    if (report.due) {
      const until = addDays(asOf, opts.dueWithin!);
      for (const r of rows) {
        const eff = r.amendedDue ?? r.due;
        if (eff && eff >= asOf && eff <= until && (r.status === 'pending' || r.status === 'in_progress')) report.due.push({ agreementId: a.id, ...r });
      }
    }
    if (report.changed) {
      for (const c of history(prep, asOf)) if (c.at > opts.changedSince!) report.changed.push(c);
    }
  }
  report.due?.sort((x, y) => (x.amendedDue ?? x.due ?? '').localeCompare(y.amendedDue ?? y.due ?? ''));
  report.changed?.sort((x, y) => x.at.localeCompare(y.at) || x.provisionId.localeCompare(y.provisionId));
  return report;
}

export async function prepareAll(store: Store, agreementId?: string): Promise<Prepared[]> {
  let agreements = (await store.listAgreements()) as TrackAgreement[];
  if (agreementId) {
    agreements = agreements.filter((a) => a.id === agreementId);
    if (!agreements.length) throw new TruceError('NOT_FOUND', agreementId, 'no agreement with this id is loaded');
  }
  const data = await loadTrackData(store);
  return agreements.map((a) => prepare(a, data));
}

/** `truce status --json`: every loaded agreement, each provision's status as of a date. */
export async function statusReport(store: Store, opts: StatusOptions = {}): Promise<StatusReport> {
  if (opts.asOf) checkDate(opts.asOf, '--as-of');
  if (opts.changedSince) checkDate(opts.changedSince, '--changed-since');
  return buildReport(await prepareAll(store, opts.agreementId), opts);
}

/** Events merged across reports (corroboration counts, disagreements flagged), up to a date. */
export async function mergedEvents(store: Store, opts: { until?: string } = {}): Promise<MergedEvent[]> {
  const data = await loadTrackData(store);
  const parties = [...new Set((await store.listAgreements()).flatMap((a) => a.parties))];
  const until = opts.until;
  const events = until ? data.events.filter((e) => (data.docs.get(e.docId)?.dct ?? '') <= until) : data.events;
  return mergeEvents(events, data.docs, parties);
}

/** Every status change of every provision (a timeline), each with the report that caused it. */
export async function statusHistory(store: Store, opts: { until?: string; agreementId?: string } = {}): Promise<StatusChange[]> {
  const until = opts.until ?? today();
  return (await prepareAll(store, opts.agreementId)).flatMap((p) => history(p, until));
}

// ---- the readable table -------------------------------------------------------------------------

function cut(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

export function formatReport(r: StatusReport): string {
  const out: string[] = [`Compliance as of ${r.asOf}`];
  for (const a of r.agreements) {
    out.push('', `${a.title} [${a.id}], signed ${a.signed}`);
    const rows = a.provisions.map((p) => [
      p.id,
      p.category,
      p.due ?? (p.from ? `from ${p.from}` : '-'),
      p.amendedDue ?? '-',
      p.done ?? (p.status.startsWith('fulfilled') ? '(undated)' : '-'),
      p.status + (p.violation ? ` (${p.violation.basis === 'one-side' ? `claim by ${p.violation.sides.join(', ')}` : 'corroborated'}${p.violation.denied ? ', denied' : ''})` : ''),
      p.daysLate === null ? '-' : String(p.daysLate) + (p.daysLateAmended !== null ? ` (${p.daysLateAmended} amended)` : ''),
      String(p.sources),
      p.evidence[0] ? `${p.evidence[0].docId}: "${cut(p.evidence[0].text, 70)}"` : '',
    ]);
    out.push(table(['provision', 'category', 'due', 'amended', 'done', 'status', 'days late', 'sources', 'evidence'], rows));
  }
  if (r.due) {
    out.push('', r.due.length ? 'Due soon:' : 'Due soon: none');
    for (const d of r.due) out.push(`  ${d.amendedDue ?? d.due}  ${d.agreementId}/${d.id}  ${d.status}`);
  }
  if (r.changed) {
    out.push('', r.changed.length ? 'Changed:' : 'Changed: none');
    for (const c of r.changed) out.push(`  ${c.at}  ${c.agreementId}/${c.provisionId}  ${c.from ?? '-'} -> ${c.to}${c.docId ? `  (${c.docId})` : ''}`);
  }
  return out.join('\n') + '\n';
}
