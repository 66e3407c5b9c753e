// The compliance board: one row per provision with its status (symbol + words + colour), due date, amended
// deadline, done date, days late (against both), corroboration (distinct reports) and evidence sentences.
import { STATUS } from './colors.ts';

export interface ProvisionRow {
  id: string; category: string; text: string; obligors: string[]; action: string;
  object: { name: string } | null; due: string | null; amendedDue: string | null; done: string | null; status: string;
  daysLate: number | null; daysLateAmended?: number | null; sources: number; events: string[];
  evidence: { docId: string; start: number; end: number; text: string }[];
}
export interface StatusReport { asOf: string; agreements: { id: string; title: string; signed: string; provisions: ProvisionRow[] }[] }

export interface BoardHandlers {
  openEvent(id: string): void;
  openSpan(docId: string, start: number, end: number): void;
  verdict?(agreementId: string, provisionId: string, eventId: string, verdict: 'confirmed' | 'rejected'): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function late(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n === 0) return 'on time';
  return n > 0 ? `${n} day${n === 1 ? '' : 's'} late` : `${-n} day${n === -1 ? '' : 's'} early`;
}

export function renderBoard(root: HTMLElement, report: StatusReport | null, message: string | null, h: BoardHandlers, canEdit: boolean): void {
  root.replaceChildren();
  if (!report) {
    root.append(el('p', { class: 'muted' }, message ?? 'No compliance data.'));
    return;
  }
  if (!report.agreements.length) {
    root.append(el('p', { class: 'muted' }, 'No agreements loaded. Load one with `truce agreements load FILE.yaml`.'));
    return;
  }
  for (const a of report.agreements) {
    const wrap = el('div', { class: 'table-wrap' });
    const table = el('table', { class: 'grid board', 'data-agreement': a.id });
    table.append(el('caption', {}, `${a.title} (signed ${a.signed})`));
    const head = el('tr');
    for (const c of ['Provision', 'Status', 'Due', 'Amended', 'Done', 'Lateness', 'Reports', 'Evidence']) head.append(el('th', { scope: 'col' }, c));
    const thead = el('thead');
    thead.append(head);
    table.append(thead);
    const body = el('tbody');
    for (const p of a.provisions) {
      const st = STATUS[p.status] ?? STATUS.unknown;
      const tr = el('tr', { 'data-provision': p.id, 'data-status': p.status });
      const prov = el('th', { scope: 'row' });
      prov.append(el('span', { class: 'pid' }, p.id), el('span', { class: 'cat' }, ` ${p.category.replace(/_/g, ' ')}`), el('div', { class: 'small ptext', title: p.text }, p.text));
      const stc = el('td', { class: 'status' });
      stc.append(el('span', { class: `badge ${st.cls}` }, `${st.symbol} ${st.label}`));
      const lateTd = el('td', { class: 'late' });
      lateTd.append(el('span', { class: 'days-late' }, late(p.daysLate)));
      if (p.amendedDue && p.daysLateAmended !== undefined) lateTd.append(el('div', { class: 'small' }, `vs amended: ${late(p.daysLateAmended)}`));
      const ev = el('td', { class: 'evidence-cell' });
      const list = el('ul', { class: 'evlist' });
      for (const e of p.evidence.slice(0, 3)) {
        const li = el('li');
        const b = el('button', { type: 'button', class: 'linkish', title: `open ${e.docId} at ${e.start}-${e.end}` }, e.text.length > 200 ? `${e.text.slice(0, 200)}…` : e.text);
        b.addEventListener('click', () => h.openSpan(e.docId, e.start, e.end));
        li.append(b);
        list.append(li);
      }
      if (p.evidence.length > 3) list.append(el('li', { class: 'muted small' }, `+${p.evidence.length - 3} more`));
      ev.append(list);
      if (p.events.length) {
        const evs = el('div', { class: 'small' });
        evs.append(`${p.events.length} linked event${p.events.length === 1 ? '' : 's'}: `);
        p.events.slice(0, 6).forEach((id, i) => {
          const b = el('button', { type: 'button', class: 'linkish' }, `#${i + 1}`);
          b.title = id;
          b.addEventListener('click', () => h.openEvent(id));
          evs.append(b, ' ');
          if (canEdit && h.verdict) {
            const ok = el('button', { type: 'button', class: 'tiny', 'aria-label': `confirm link of ${id} to ${p.id}` }, '✓');
            ok.addEventListener('click', () => h.verdict!(a.id, p.id, id, 'confirmed'));
            const no = el('button', { type: 'button', class: 'tiny', 'aria-label': `reject link of ${id} to ${p.id}` }, '✗');
            no.addEventListener('click', () => h.verdict!(a.id, p.id, id, 'rejected'));
            evs.append(ok, no, ' ');
          }
        });
        ev.append(evs);
      }
      tr.append(
        prov, stc, el('td', { class: 'due' }, p.due ?? (p.status === 'ongoing' || p.status === 'violated' ? 'standing' : '—')),
        el('td', { class: 'amended' }, p.amendedDue ?? '—'), el('td', { class: 'done' }, p.done ?? '—'), lateTd,
        el('td', { class: 'sources' }, String(p.sources)), ev,
      );
      body.append(tr);
    }
    table.append(body);
    wrap.append(table);
    root.append(wrap);
  }
}
