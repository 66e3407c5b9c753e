// `truce agreements load FILE.yaml|FILE.txt [--signed D --title T --id ID] [--print-yaml]` and
// `truce agreements list|show`: agreements and their provisions in the store.
import type { Command } from 'commander';
import { action, dbUrl, out } from '../run.ts';
import { TruceError } from '../../model/errors.ts';

interface LoadOpts { db?: string; signed?: string; title?: string; id?: string; printYaml?: boolean; parties?: string; json?: boolean }

export function register(program: Command): void {
  const cmd = program.command('agreements').description('load and list ceasefire / peace agreements');

  cmd
    .command('load')
    .description('load an agreement from YAML (schema in DESIGN.md) or plain text with numbered points')
    .argument('<file>', 'FILE.yaml / FILE.yml, or FILE.txt with --signed and --title')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--signed <YYYY-MM-DD>', 'signature date (plain text only)')
    .option('--title <title>', 'title (plain text only)')
    .option('--id <id>', 'agreement id (plain text; default: a slug of the title)')
    .option('--parties <list>', 'comma-separated parties (plain text; default: those named in the text)')
    .option('--print-yaml', 'print the agreement as YAML for review instead of storing it')
    .action(action(async (file: string, o: LoadOpts) => {
      const { loadAgreementFile } = await import('../../track/load.ts');
      const a = await loadAgreementFile(file, { signed: o.signed, title: o.title, id: o.id, parties: o.parties?.split(',').map((s) => s.trim()).filter(Boolean) });
      if (o.printYaml) {
        const { agreementToYaml } = await import('../../track/agreement-yaml.ts');
        await out(agreementToYaml(a));
        return;
      }
      const { openStore } = await import('../../store/open.ts');
      const { storeAgreement } = await import('../../track/load.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const r = await storeAgreement(store, a, file);
        process.stderr.write(`${a.id}: ${r === 'inserted' ? `loaded ${a.provisions.length} provisions` : 'already loaded, unchanged'}\n`);
      } finally {
        await store.close();
      }
    }));

  cmd
    .command('list')
    .description('list loaded agreements')
    .option('--db <url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print JSON')
    .action(action(async (o: { db?: string; json?: boolean }) => {
      const { openStore } = await import('../../store/open.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const list = await store.listAgreements();
        if (o.json) {
          await out(JSON.stringify(list, null, 2) + '\n');
          return;
        }
        if (!list.length) process.stderr.write('no agreements loaded (truce agreements load FILE)\n');
        for (const a of list) await out(`${a.id}\t${a.signed}\t${a.provisions.length} provisions\t${a.title}\n`);
      } finally {
        await store.close();
      }
    }));

  cmd
    .command('show')
    .description('print one loaded agreement as YAML (or JSON)')
    .argument('<id>')
    .option('--db <url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print JSON')
    .action(action(async (id: string, o: { db?: string; json?: boolean }) => {
      const { openStore } = await import('../../store/open.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const a = await store.getAgreement(id);
        if (!a) throw new TruceError('NOT_FOUND', id, 'no agreement with this id is loaded');
        if (o.json) await out(JSON.stringify(a, null, 2) + '\n');
        else {
          const { agreementToYaml } = await import('../../track/agreement-yaml.ts');
          await out(agreementToYaml(a));
        }
      } finally {
        await store.close();
      }
    }));
}
