// `truce allegations [--db] [--json] [--from D] [--to D]`: the ledger of accusations and denials,
// counted per party and per week.
import type { Command } from 'commander';
import { action, dbUrl, out } from '../run.ts';
import { checkDate } from '../../model/errors.ts';

interface Opts { db?: string; json?: boolean; from?: string; to?: string }

export function register(program: Command): void {
  program
    .command('allegations')
    .description('who accused whom of what, where and when; denials; counts per party and per week')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--json', 'print one JSON document {allegations, summary}')
    .option('--from <YYYY-MM-DD>', 'claims on or after this date')
    .option('--to <YYYY-MM-DD>', 'claims on or before this date')
    .action(action(async (o: Opts) => {
      if (o.from) checkDate(o.from, '--from');
      if (o.to) checkDate(o.to, '--to');
      const { openStore } = await import('../../store/open.ts');
      const { loadTrackData } = await import('../../track/report.ts');
      const { allegations, summarise } = await import('../../track/allegations.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const data = await loadTrackData(store);
        const parties = [...new Set((await store.listAgreements()).flatMap((a) => a.parties))];
        const list = allegations(data.events, data.docs, parties, { from: o.from, to: o.to });
        const summary = summarise(list);
        if (o.json) {
          await out(JSON.stringify({ allegations: list, summary }, null, 2) + '\n');
          return;
        }
        const lines = list.map((a) => `${a.date ?? '?'}  ${a.kind.padEnd(6)}  ${(a.accuserSide ?? a.accuser ?? '?').padEnd(12)}  ${a.kind === 'accuse' ? `-> ${a.accusedSide ?? a.accused ?? '?'}` : ''}${a.place ? ` at ${a.place}` : ''}  [${a.docId}] "${a.evidence.text.replace(/\s+/g, ' ').slice(0, 80)}"`);
        lines.push('', `total ${summary.total}`);
        for (const p of summary.byParty) lines.push(`  ${p.party}: accuses ${p.accuses}, accused ${p.accused}, denies ${p.denies}`);
        for (const w of summary.byWeek) lines.push(`  ${w.week}: ${w.accuse} accusations, ${w.deny} denials`);
        await out(lines.join('\n') + '\n');
      } finally {
        await store.close();
      }
    }));
}
