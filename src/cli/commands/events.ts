// `truce events`: the stored events, filtered, as a table, JSON, a flat CSV, ACLED's CSV or GeoJSON.
import type { Command } from 'commander';
import { action, dbUrl, intOpt, out } from '../run.ts';
import { TruceError, checkDate } from '../../model/errors.ts';
import { parseBbox, parseNear } from '../../model/geo-filter.ts';
import type { EventFilter, StoredEvent } from '../../store/store.ts';

interface Opts {
  db?: string; format: string; type?: string; subType?: string; action?: string; actor?: string; place?: string;
  bbox?: string; near?: string; from?: string; to?: string; modality?: string; q?: string; doc?: string; limit?: string;
}

const FORMATS = ['table', 'json', 'csv', 'acled', 'geojson'];

export function register(program: Command): void {
  program
    .command('events')
    .description('list stored events (filters combine with AND)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--format <f>', `output format: ${FORMATS.join('|')}`, 'table')
    .option('--type <eventType>', 'ACLED event type, e.g. "Battles"')
    .option('--sub-type <subEventType>', 'ACLED sub-event type')
    .option('--action <action>', 'our action: hand_over, enter, withdraw, shell, ...')
    .option('--actor <name>', 'actor name contains')
    .option('--place <name|id>', 'place name contains, or gazetteer id')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'bounding box (minLon > maxLon crosses the antimeridian)')
    .option('--near <lon,lat,km>', 'events placed within km kilometres of a point')
    .option('--from <date>', 'event date on or after YYYY-MM-DD')
    .option('--to <date>', 'event date on or before YYYY-MM-DD')
    .option('--modality <m>', 'asserted|planned|obligated|denied|disputed|hypothetical')
    .option('--q <text>', 'full-text search in the evidence')
    .option('--doc <id>', 'events of one document')
    .option('--limit <n>', 'at most n events')
    .action(action(async (o: Opts) => {
      if (!FORMATS.includes(o.format)) throw new TruceError('USAGE', '--format', `"${o.format}" is not one of ${FORMATS.join(', ')}`);
      const filter = toFilter(o);
      const { openStore } = await import('../../store/open.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const events = await store.listEvents(filter);
        await out(await render(events, o.format));
      } finally {
        await store.close();
      }
    }));
}

function toFilter(o: Opts): EventFilter {
  const f: EventFilter = {
    eventType: o.type, subEventType: o.subType, action: o.action, actor: o.actor, place: o.place, modality: o.modality,
    q: o.q, docId: o.doc,
  };
  if (o.from) f.from = checkDate(o.from, '--from');
  if (o.to) f.to = checkDate(o.to, '--to');
  f.limit = intOpt(o.limit, '--limit', 1);
  if (o.bbox) {
    const b = parseBbox(o.bbox);
    if (typeof b === 'string') throw new TruceError('USAGE', '--bbox', b);
    f.bbox = b;
  }
  if (o.near) {
    const n = parseNear(o.near);
    if (typeof n === 'string') throw new TruceError('USAGE', '--near', n);
    f.near = n;
  }
  return f;
}

async function render(events: StoredEvent[], format: string): Promise<string> {
  if (format === 'json') return JSON.stringify(events, null, 2) + '\n';
  if (format === 'csv' || format === 'acled' || format === 'geojson') {
    const { toCsv, toGeoJson } = await import('../../server/formats.ts');
    if (format === 'geojson') return JSON.stringify(toGeoJson(events)) + '\n';
    return toCsv(events, format === 'acled' ? 'acled' : 'flat');
  }
  return table(events);
}

/** A fixed-width table for reading in a terminal; the evidence is cut to fit. */
function table(events: StoredEvent[]): string {
  const rows = events.map((e) => [
    e.date ?? '', e.action ?? '', e.subEventType ?? e.eventType ?? '', e.actor1?.name ?? '', e.place?.name ?? '',
    e.modality, e.fatalities == null ? '' : String(e.fatalities), e.docId,
    e.evidenceText.replace(/\s+/g, ' ').slice(0, 80),
  ]);
  const head = ['date', 'action', 'type', 'actor1', 'place', 'modality', 'fatal.', 'doc', 'evidence'];
  const widths = head.map((h, i) => Math.min(i === 8 ? 80 : 34, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), `${events.length} event(s)`].join('\n') + '\n';
}
