// The timeline: events (one item each, or one per day with a count when there are many) and provision
// deadlines (original and amended) coloured by compliance status. Zooming or dragging it by hand sets the
// shared date filter (brushing), which the map and the table follow.
import * as vis from 'vis-timeline/standalone';

const { DataSet, Timeline } = vis as unknown as { DataSet: new <T>(items?: T[]) => VisDataSet<T>; Timeline: new (...a: unknown[]) => VisTimeline };
interface VisDataSet<T> { add(x: T[]): void; clear(): void }
interface VisTimeline { on(ev: string, f: (p: never) => void): void; fit(o?: unknown): void; setWindow(a: Date, b: Date, o?: unknown): void }
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import type { EventFeature } from './map.ts';
import { STATUS, TYPE_SHORT } from './colors.ts';
import type { StatusReport } from './board.ts';

interface Item { id: string; group: string; start: Date; content: string; title?: string; className?: string; type?: string }

const MAX_SINGLE = 120;
const MAX_BUCKETS = 90;

function day(v: string | null | undefined): Date | null {
  if (!v) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(v);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1, 12));
}

function weekOf(d: string): string {
  const t = Date.parse(`${d}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class EventTimeline {
  private items = new DataSet<Item>();
  private tl: VisTimeline;
  private suppress = false;

  constructor(container: HTMLElement, onRange: (from: string, to: string) => void, onOpen: (id: string) => void) {
    const groups = new DataSet([
      { id: 'deadlines', content: 'Deadlines' },
      { id: 'events', content: 'Events' },
    ]);
    this.tl = new Timeline(container, this.items, groups, {
      minHeight: '200px', maxHeight: '320px', verticalScroll: true, stack: true, zoomMin: 1000 * 60 * 60 * 24 * 2, orientation: 'top', showCurrentTime: false,
      margin: { item: 4 }, tooltip: { followMouse: false, overflowMethod: 'cap' }, selectable: true,
    } as never);
    let timer: number | undefined;
    this.tl.on('rangechanged', (p: { start: Date; end: Date; byUser: boolean }) => {
      if (!p.byUser || this.suppress) return;
      clearTimeout(timer);
      timer = window.setTimeout(() => onRange(p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10)), 250);
    });
    this.tl.on('select', (p: { items: string[] }) => {
      const id = p.items[0];
      if (id && id.startsWith('ev:')) onOpen(id.slice(3));
    });
  }

  set(events: EventFeature[], status: StatusReport | null): void {
    const items: Item[] = [];
    if (events.length <= MAX_SINGLE) {
      for (const f of events) {
        const d = day(f.properties.date);
        if (!d) continue;
        const t = (f.properties.eventType as string | null) ?? 'none';
        items.push({
          id: `ev:${f.id}`, group: 'events', start: d, type: 'point',
          content: esc(`${String(f.properties.action ?? '')} ${f.properties.place ? `· ${String(f.properties.place)}` : ''}`),
          title: esc(`${f.properties.date}: ${String(f.properties.evidenceText ?? '').slice(0, 200)}`),
          className: `ty-${(TYPE_SHORT[t] ?? 'other').replace(/\W+/g, '-')}`,
        });
      }
    } else {
      // many events: one item per day, week or month with the count, whichever gives few enough items
      const days = new Map<string, number>();
      for (const f of events) {
        const d = f.properties.date?.slice(0, 10);
        if (d && d.length === 10) days.set(d, (days.get(d) ?? 0) + 1);
      }
      const key = days.size <= MAX_BUCKETS ? (d: string) => d
        : new Set([...days.keys()].map(weekOf)).size <= MAX_BUCKETS ? weekOf : (d: string) => `${d.slice(0, 7)}-01`;
      const unit = days.size <= MAX_BUCKETS ? 'on' : key === weekOf ? 'in the week of' : 'in the month of';
      const buckets = new Map<string, number>();
      for (const [d, n] of days) buckets.set(key(d), (buckets.get(key(d)) ?? 0) + n);
      for (const [d, n] of buckets) {
        items.push({ id: `n:${d}`, group: 'events', start: day(d)!, type: 'point', content: `${n}`, title: `${n} events ${unit} ${d}`, className: 'ty-count' });
      }
    }
    for (const a of status?.agreements ?? []) {
      for (const p of a.provisions) {
        const st = STATUS[p.status] ?? STATUS.unknown;
        const due = day(p.due);
        if (due) {
          items.push({
            id: `due:${a.id}/${p.id}`, group: 'deadlines', start: due, type: 'point',
            content: esc(`${st.symbol} ${p.id}`), className: `dl ${st.cls}`,
            title: esc(`${a.title}: ${p.id} due ${p.due} (${st.label})`),
          });
        }
        const am = day(p.amendedDue);
        if (am) {
          items.push({
            id: `amended:${a.id}/${p.id}`, group: 'deadlines', start: am, type: 'point',
            content: esc(`${st.symbol} ${p.id} (amended)`), className: `dl ${st.cls}`,
            title: esc(`${p.id}: deadline amended to ${p.amendedDue}`),
          });
        }
      }
    }
    this.suppress = true;
    this.items.clear();
    this.items.add(items);
    if (items.length) this.tl.fit({ animation: false });
    setTimeout(() => (this.suppress = false), 0);
  }

  setWindow(from: string, to: string) {
    const f = day(from), t = day(to);
    if (f && t) {
      this.suppress = true;
      this.tl.setWindow(f, t, { animation: false });
      setTimeout(() => (this.suppress = false), 0);
    }
  }

  fit() {
    this.suppress = true;
    this.tl.fit({ animation: false });
    setTimeout(() => (this.suppress = false), 0);
  }
}
