// `truce extract FILE|- [--date D] [--json]` and `truce extract --jsonl [--date D]`: documents to
// Extractions, no database. See ../shared/DESIGN.md "The CLI contract".
import type { Command } from 'commander';
import type { Document, Extraction } from '../../model/types.ts';
import { TruceError, checkDate } from '../../model/errors.ts';
import { action, out } from '../run.ts';

interface ExtractOpts {
  date?: string;
  json?: boolean;
  jsonl?: boolean;
  maxSize?: string;
  explain?: boolean;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('extract dates, places, actors, events and provisions from one document (no database)')
    .argument('[file]', "a text or HTML file, or '-' for stdin")
    .option('--date <YYYY-MM-DD>', 'the document creation time (publication date); for --jsonl, the DCT of lines without one')
    .option('--json', 'print the Extraction as one JSON document')
    .option('--jsonl', 'read JSON lines {"id","text","date"?} on stdin, write one Extraction per line')
    .option('--max-size <size>', 'refuse inputs larger than this (default 20MB)')
    .option('--explain', 'keep each annotation\'s provenance {stage, rule}')
    .action(action(async (file: string | undefined, o: ExtractOpts) => {
      const { DEFAULT_MAX_BYTES, parseSize } = await import('../../ingest/decode.ts');
      const maxBytes = o.maxSize ? parseSize(o.maxSize) : DEFAULT_MAX_BYTES;
      if (o.date) checkDate(o.date, '--date');
      const { extract } = await import('../../extract/pipeline.ts');
      if (o.jsonl) {
        if (file && file !== '-') throw new TruceError('USAGE', 'extract', '--jsonl reads stdin; give no file (or -)');
        return extractJsonl(o, maxBytes, extract);
      }
      if (!file) throw new TruceError('USAGE', 'extract', "give a file, '-' for stdin, or --jsonl");
      const { readOneDocument } = await import('../../ingest/one.ts');
      const doc = await readOneDocument(file, o.date ?? null, maxBytes);
      const x = extract(doc, { explain: !!o.explain });
      await out(o.json ? `${JSON.stringify(x, null, 2)}\n` : summary(doc, x));
      return 0;
    }));
}

async function extractJsonl(o: ExtractOpts, maxBytes: number, extract: (d: Document, opts?: { explain?: boolean }) => Extraction): Promise<number> {
  const { readJsonLines } = await import('../../ingest/sources.ts');
  let failed = 0;
  let lineNo = 0;
  for await (const item of readJsonLines(process.stdin, 'stdin', { date: o.date ?? null, maxBytes })) {
    lineNo++;
    if (item.kind === 'error') {
      failed++;
      await out(`${JSON.stringify({ id: item.id ?? null, error: item.message })}\n`);
      continue;
    }
    try {
      await out(`${JSON.stringify(extract(item.doc, { explain: !!o.explain }))}\n`);
    } catch (e) {
      failed++;
      await out(`${JSON.stringify({ id: item.doc.id, error: `${item.input}: extraction failed: ${(e as Error).message}` })}\n`);
    }
  }
  if (failed) process.stderr.write(`truce: ${failed} of ${lineNo} lines failed\n`);
  return failed ? 1 : 0;
}

function summary(doc: Document, x: Extraction): string {
  const lines: string[] = [];
  const dct = x.dct.value ? `${x.dct.value} (${x.dct.inferred ? `inferred, ${x.dct.method}, confidence ${x.dct.confidence}` : 'given'})` : 'unknown';
  lines.push(`${x.id}: ${doc.text.length} characters, DCT ${dct}`);
  lines.push(`  ${x.sentences.length} sentences, ${x.timexes.length} time expressions, ${x.places.length} places, ${x.actors.length} actors, ${x.quantities.length} quantities, ${x.events.length} events, ${x.provisions.length} provisions`);
  for (const e of x.events) {
    const type = e.eventType ? ` [${e.eventType}${e.subEventType ? ` / ${e.subEventType}` : ''}]` : '';
    const who = e.actor1 ? ` ${e.actor1.name}` : '';
    const where = e.place ? ` @ ${e.place.name}` : '';
    const snippet = doc.text.slice(e.evidence.start, e.evidence.end).replace(/\s+/g, ' ');
    lines.push(`  event ${e.id} ${e.date ?? '????'} ${e.action}${type}${who}${where} (${e.modality}): "${snippet.length > 100 ? `${snippet.slice(0, 97)}...` : snippet}"`);
  }
  for (const p of x.provisions) {
    lines.push(`  provision ${p.category} ${p.action} ${p.object?.name ?? '?'}${p.due ? ` due ${p.due}` : ''}${p.ongoing ? ' (ongoing)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
