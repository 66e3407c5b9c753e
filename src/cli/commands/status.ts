// `truce status [--db] [--json] [--as-of D] [--due-within 7d] [--changed-since D] [--history]`:
// each provision's compliance status as of a date, with its evidence.
import type { Command } from 'commander';
import { action, dbUrl, out } from '../run.ts';
import { TruceError, checkDate } from '../../model/errors.ts';

interface Opts { db?: string; json?: boolean; asOf?: string; dueWithin?: string; changedSince?: string; agreement?: string; history?: boolean; merged?: boolean }

export function register(program: Command): void {
  program
    .command('status')
    .description('compliance status of every provision of the loaded agreements, with evidence')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--json', 'print one JSON document')
    .option('--as-of <YYYY-MM-DD>', 'status as of this date (default today)')
    .option('--due-within <n[d|w|m]>', 'also list deadlines within this period after --as-of, e.g. 7d')
    .option('--changed-since <YYYY-MM-DD>', 'also list status changes after this date')
    .option('--agreement <id>', 'only this agreement')
    .option('--history', 'print every status change (timeline) instead of the table')
    .option('--merged', 'print the events merged across reports (corroboration, conflicting reports) instead of the table')
    .action(action(async (o: Opts) => {
      if (o.asOf) checkDate(o.asOf, '--as-of');
      if (o.changedSince) checkDate(o.changedSince, '--changed-since');
      const { parseWithin } = await import('../../track/compliance.ts');
      let dueWithin: number | undefined;
      if (o.dueWithin !== undefined) {
        const n = parseWithin(o.dueWithin);
        if (n === null) throw new TruceError('USAGE', '--due-within', `"${o.dueWithin}" is not a period like 7d, 2w or 1m`);
        dueWithin = n;
      }
      const { openStore } = await import('../../store/open.ts');
      const report = await import('../../track/report.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        if (o.merged) {
          const m = await report.mergedEvents(store, { until: o.asOf });
          if (o.json) await out(JSON.stringify({ asOf: o.asOf ?? report.today(), merged: m }, null, 2) + '\n');
          else {
            for (const e of m) {
              const conflicts = e.conflicts.map((c) => `${c.field}: ${c.values.map((v) => `${v.value} (${v.docId})`).join(' vs ')}`).join('; ');
              await out(`${e.date ?? '?'}  ${e.family.padEnd(10)}  ${(e.place ?? '-').padEnd(16)}  ${e.corroboration} report(s)${conflicts ? `  CONFLICT ${conflicts}` : ''}\n`);
            }
          }
          return;
        }
        if (o.history) {
          const h = await report.statusHistory(store, { until: o.asOf, agreementId: o.agreement });
          if (o.json) await out(JSON.stringify({ asOf: o.asOf ?? report.today(), history: h }, null, 2) + '\n');
          else for (const c of h) await out(`${c.at}  ${c.agreementId}/${c.provisionId}  ${c.from ?? '-'} -> ${c.to}${c.docId ? `  (${c.docId})` : ''}\n`);
          return;
        }
        const r = await report.statusReport(store, { asOf: o.asOf, dueWithin, changedSince: o.changedSince, agreementId: o.agreement });
        if (!r.agreements.length) process.stderr.write('no agreements loaded (truce agreements load FILE)\n');
        await out(o.json ? JSON.stringify(r, null, 2) + '\n' : report.formatReport(r));
      } finally {
        await store.close();
      }
    }));
}
