// The compliance side of the API: `statusReport(store, {asOf})` from src/track/report.ts (the "track"
// module). It is loaded lazily and may be missing in a partial checkout: then /api/status answers 503.
import type { Store } from '../store/store.ts';
import type { ComplianceStatus, EvidenceRef, ProvisionObject } from '../model/types.ts';
import { HttpProblem } from './problem.ts';

export interface StatusProvisionRow {
  id: string;
  category: string;
  text: string;
  obligors: string[];
  action: string;
  object: ProvisionObject | null;
  due: string | null;
  amendedDue: string | null;
  done: string | null;
  status: ComplianceStatus;
  daysLate: number | null;
  daysLateAmended?: number | null;
  sources: number;
  events: string[];
  evidence: EvidenceRef[];
  [k: string]: unknown;
}

export interface StatusReport {
  asOf: string;
  agreements: { id: string; title: string; signed: string; provisions: StatusProvisionRow[]; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface AlertsReport {
  asOf: string;
  due: (StatusProvisionRow & { agreementId: string; dueIn: number })[];
  changed: { provisionId: string; agreementId?: string; from: string | null; to: string; at: string | null; docId: string | null }[];
}

export interface Tracker {
  /** With dueWithin / changedSince, the report also carries `due` and `changed` (the track module's alerts). */
  statusReport(store: Store, opts: { asOf: string; dueWithin?: number; changedSince?: string; agreementId?: string }): Promise<StatusReport>;
  /** Optional: the track module's own alerts (due soon, changed since), if it has one. */
  alerts?(store: Store, opts: { asOf: string; dueWithinDays?: number; changedSince?: string }): Promise<AlertsReport>;
}

let cached: Promise<Tracker | null> | null = null;

/** Loads src/track/report.ts once; null when it is not there (or fails to load). */
export function loadTracker(): Promise<Tracker | null> {
  cached ??= (async () => {
    const spec = '../track/report.ts';
    try {
      const mod = (await import(spec)) as Record<string, unknown>;
      if (typeof mod.statusReport !== 'function') return null;
      const t: Tracker = { statusReport: mod.statusReport as Tracker['statusReport'] };
      const al = mod.alerts ?? mod.alertsReport;
      if (typeof al === 'function') t.alerts = al as Tracker['alerts'];
      return t;
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND') return null;
      process.stderr.write(`truce: compliance tracking failed to load: ${(e as Error).message}\n`);
      return null;
    }
  })();
  return cached;
}

export function trackerUnavailable(): HttpProblem {
  return new HttpProblem(503, 'Service Unavailable', 'compliance tracking (src/track/report.ts) is not available in this build');
}

const DAY = 86_400_000;
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

const OPEN: ReadonlySet<string> = new Set(['pending', 'in_progress', 'partial', 'unknown']);

/** Alerts computed from two status reports when the track module has no alerts function of its own:
 * `due` the open provisions whose (amended) deadline falls within [asOf, asOf + dueWithinDays];
 * `changed` the provisions whose status differs between changedSince and asOf. */
export async function computeAlerts(
  tracker: Tracker, store: Store, opts: { asOf: string; dueWithinDays: number; changedSince?: string },
): Promise<AlertsReport> {
  if (tracker.alerts) return tracker.alerts(store, opts);
  const now = await tracker.statusReport(store, { asOf: opts.asOf, dueWithin: opts.dueWithinDays, changedSince: opts.changedSince });
  if (Array.isArray(now.due) && (Array.isArray(now.changed) || !opts.changedSince)) {
    // the track module computed them itself
    const due = (now.due as (StatusProvisionRow & { agreementId: string })[]).map((p) => {
      const d = p.amendedDue ?? p.due;
      return { ...p, dueIn: d ? daysBetween(opts.asOf, d) : 0 };
    });
    return { asOf: now.asOf, due, changed: (now.changed as AlertsReport['changed'] | undefined) ?? [] };
  }
  const due: AlertsReport['due'] = [];
  const until = addDays(opts.asOf, opts.dueWithinDays);
  for (const a of now.agreements) {
    for (const p of a.provisions) {
      const d = p.amendedDue ?? p.due;
      if (d && d >= opts.asOf && d <= until && OPEN.has(p.status)) {
        due.push({ ...p, agreementId: a.id, dueIn: daysBetween(opts.asOf, d) });
      }
    }
  }
  due.sort((x, y) => x.dueIn - y.dueIn);
  const changed: AlertsReport['changed'] = [];
  if (opts.changedSince) {
    const then = await tracker.statusReport(store, { asOf: opts.changedSince });
    const before = new Map<string, string>();
    for (const a of then.agreements) for (const p of a.provisions) before.set(`${a.id}/${p.id}`, p.status);
    for (const a of now.agreements) {
      for (const p of a.provisions) {
        const from = before.get(`${a.id}/${p.id}`) ?? null;
        if (from !== p.status) {
          changed.push({ provisionId: p.id, agreementId: a.id, from, to: p.status, at: p.done ?? null, docId: p.evidence[0]?.docId ?? null });
        }
      }
    }
  }
  return { asOf: opts.asOf, due, changed };
}
