// The dashboard: map, timeline, compliance board, events table and evidence view, sharing one set of
// filters held in the URL. Server-side filters (text, type, actor, place, modality, agreement) refetch;
// date filters (the From/To fields and brushing the timeline) apply in the browser at once.
import './style.css';
import { api, ApiError, enc, token } from './api.ts';
import { renderBoard, type StatusReport } from './board.ts';
import { EVENT_TYPES, TYPE_COLOR } from './colors.ts';
import { renderEvidence, type AuditRow, type DocView, type EventView } from './evidence.ts';
import { EventMap, type EventFeature } from './map.ts';
import { readState, serverQuery, writeState, type State } from './state.ts';
import { EventTimeline } from './timeline.ts';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const MAX_ROWS = 200;

let state: State = readState();
let all: EventFeature[] = [];
let shown: EventFeature[] = [];
let status: StatusReport | null = null;
let statusMsg: string | null = null;
let role: string | null = null;
let renderSeq = 0;
let lastServerQuery = '';

const form = $<HTMLFormElement>('#filters');
const eventMap = new EventMap($('#map'), (id) => openEvent(id));
const timeline = new EventTimeline($('#timeline'), (from, to) => setState({ from, to }), (id) => openEvent(id));

// --- filters and the URL ----------------------------------------------------------------------------

const typeSel = form.elements.namedItem('type') as HTMLSelectElement;
for (const t of EVENT_TYPES) typeSel.append(new Option(t, t));
const legend = $('#legend');
for (const [t, c] of Object.entries(TYPE_COLOR)) {
  const li = document.createElement('li');
  const sw = document.createElement('span');
  sw.className = 'swatch';
  sw.style.background = c;
  li.append(sw, t === 'none' ? 'no ACLED type' : t);
  legend.append(li);
}

function fillForm() {
  for (const k of ['q', 'type', 'actor', 'place', 'from', 'to', 'modality', 'agreement', 'asOf'] as const) {
    const f = form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;
    if (f && f.value !== state[k]) f.value = state[k];
  }
}

function setState(patch: Partial<State>, push = false) {
  state = { ...state, ...patch };
  writeState(state, push);
  fillForm();
  void refresh();
}

let typing: number | undefined;
form.addEventListener('input', (e) => {
  const t = e.target as HTMLInputElement;
  if (!t.name) return;
  clearTimeout(typing);
  const apply = () => setState({ [t.name]: t.value } as Partial<State>);
  if (t.type === 'search' || t.type === 'text') typing = window.setTimeout(apply, 300);
  else apply();
});
form.addEventListener('submit', (e) => e.preventDefault());
$('#reset').addEventListener('click', () => {
  state = readState();
  for (const k of Object.keys(state) as (keyof State)[]) state[k] = '';
  writeState(state, true);
  fillForm();
  timeline.fit();
  void refresh();
});
$('#tlReset').addEventListener('click', () => { setState({ from: '', to: '' }); timeline.fit(); });
window.addEventListener('popstate', () => { state = readState(); fillForm(); void refresh(); });

// --- token ---------------------------------------------------------------------------------------------

const dlg = $<HTMLDialogElement>('#tokenDialog');
$('#signin').addEventListener('click', () => dlg.showModal());
dlg.addEventListener('close', () => {
  const input = dlg.querySelector('input') as HTMLInputElement;
  if (dlg.returnValue === 'save' && input.value.trim()) token.set(input.value.trim());
  if (dlg.returnValue === 'clear') token.set(null);
  input.value = '';
  document.body.dataset.auth = '';
  void whoami().then(async () => {
    renderBoardNow();
    if (state.event) await openEvidence();
    document.body.dataset.auth = role ?? 'anonymous';
  });
});

async function whoami() {
  try {
    const me = await api<{ user: { name: string; role: string } | null }>('/api/me');
    role = me.user?.role ?? null;
    $('#whoami').textContent = me.user ? `${me.user.name} (${me.user.role})` : 'reading anonymously';
  } catch (e) {
    role = null;
    $('#whoami').textContent = e instanceof ApiError && e.status === 401 ? 'token not valid' : 'offline?';
  }
}

function toast(msg: string) {
  const t = $('#toast');
  t.textContent = msg;
  t.classList.add('show');
  setTimeout(() => t.classList.remove('show'), 4000);
}

// --- data ------------------------------------------------------------------------------------------

async function loadAgreements() {
  try {
    const list = await api<{ id: string; title: string }[]>('/api/agreements');
    const sel = form.elements.namedItem('agreement') as HTMLSelectElement;
    for (const a of list) sel.append(new Option(`linked to: ${a.title}`, a.id));
    sel.value = state.agreement;
  } catch { /* no agreements */ }
}

async function loadRegions() {
  try {
    await eventMap.setDisputed(await api('/api/regions'));
  } catch { /* optional */ }
}

async function loadEvents(): Promise<void> {
  const q = serverQuery(state);
  if (q === lastServerQuery && all.length) return;
  lastServerQuery = q;
  try {
    const fc = await api<{ features: EventFeature[]; total: number }>(`/api/events?format=geojson&limit=50000${q ? `&${q}` : ''}`);
    all = fc.features;
  } catch (e) {
    all = [];
    toast(`Events: ${(e as Error).message}`);
  }
}

async function loadStatus(): Promise<void> {
  try {
    status = await api<StatusReport>(`/api/status${state.asOf ? `?asOf=${enc(state.asOf)}` : ''}`);
    statusMsg = null;
  } catch (e) {
    status = null;
    statusMsg = e instanceof ApiError && e.status === 503 ? 'Compliance tracking is not available in this build.' : `Compliance: ${(e as Error).message}`;
  }
}

function inDates(f: EventFeature): boolean {
  const d = f.properties.date?.slice(0, 10);
  if (!state.from && !state.to) return true;
  if (!d) return false;
  return (!state.from || d >= state.from) && (!state.to || d.slice(0, state.to.length) <= state.to);
}

// --- rendering ---------------------------------------------------------------------------------------

function renderTable() {
  const tbody = $('#events').querySelector('tbody')!;
  const rows = document.createDocumentFragment();
  for (const f of shown.slice(0, MAX_ROWS)) {
    const p = f.properties;
    const tr = document.createElement('tr');
    tr.tabIndex = 0;
    tr.dataset.id = f.id;
    if (f.id === state.event) tr.className = 'current';
    const cells = [p.date ?? '—', String(p.subEventType ?? p.eventType ?? '—'), String(p.action ?? ''), String(p.actor1 ?? ''), String(p.place ?? ''), String(p.modality ?? ''), String(p.evidenceText ?? '')];
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = i === 6 && c.length > 140 ? `${c.slice(0, 140)}…` : c;
      if (i === 6) td.className = 'evtext';
      tr.append(td);
    });
    rows.append(tr);
  }
  tbody.replaceChildren(rows);
  $('#evCount').textContent = shown.length > MAX_ROWS ? `(first ${MAX_ROWS} of ${shown.length})` : `(${shown.length})`;
}

$('#events').addEventListener('click', (e) => {
  const tr = (e.target as HTMLElement).closest('tr[data-id]') as HTMLElement | null;
  if (tr) openEvent(tr.dataset.id!);
});
$('#events').addEventListener('keydown', (e) => {
  const tr = (e.target as HTMLElement).closest('tr[data-id]') as HTMLElement | null;
  if (!tr) return;
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openEvent(tr.dataset.id!); }
  if (e.key === 'ArrowDown') { e.preventDefault(); (tr.nextElementSibling as HTMLElement | null)?.focus(); }
  if (e.key === 'ArrowUp') { e.preventDefault(); (tr.previousElementSibling as HTMLElement | null)?.focus(); }
});

function renderBoardNow() {
  renderBoard($('#boardBody'), status, statusMsg, {
    openEvent,
    openSpan: (docId, start, end) => setState({ event: `span:${docId}:${start}:${end}` }, true),
    verdict: (a, p, ev, v) => {
      api(`/api/agreements/${enc(a)}/provisions/${enc(p)}/links/${enc(ev)}`, { method: 'PUT', json: { verdict: v } })
        .then(() => toast(`Link ${v}.`), (e: Error) => toast(`Refused: ${e.message}`));
    },
  }, role === 'analyst' || role === 'admin');
  $('#boardAsOf').textContent = status ? `as of ${status.asOf}` : '';
}

/** Milliseconds spent in each step of the last refresh (the bench reads them). */
export const timings: Record<string, number> = { boot: Math.round(performance.now()) };

async function refresh(): Promise<void> {
  const seq = ++renderSeq;
  document.body.dataset.ready = '0';
  let t = performance.now();
  timings.startedAt = Math.round(t);
  const lap = (k: string) => { const n = performance.now(); timings[k] = Math.round(n - t); t = n; };
  // the compliance report comes on its own, once the events are drawn (the server computes it over all
  // events, which can take a while): the map, table and timeline never wait for it
  const needStatus = !status || status.asOf !== (state.asOf || status.asOf) || statusMsg !== null;
  if (needStatus) document.body.dataset.board = '0';
  await loadEvents();
  if (seq !== renderSeq) return;
  lap('fetch');
  shown = all.filter(inDates);
  renderTable();
  lap('table');
  if (!needStatus) renderBoardNow();
  lap('board');
  timeline.set(all, status);
  if (state.from && state.to) timeline.setWindow(state.from, state.to);
  lap('timeline');
  $('#mapCount').textContent = `(${shown.filter((f) => f.geometry).length} located of ${shown.length})`;
  await eventMap.setEvents(shown);
  lap('mapData');
  await me;
  if (state.event) await openEvidence();
  else $('#evidenceBody').replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'Choose an event on the map, the timeline, the board or the table.' }));
  lap('evidence');
  await eventMap.idle();
  lap('mapIdle');
  if (seq !== renderSeq) return;
  timings.readyAt = Math.round(performance.now());
  document.body.dataset.ready = '1';
  document.body.dataset.renders = String(seq);
  document.body.dataset.events = String(shown.length);
  if (needStatus) {
    const s0 = performance.now();
    await loadStatus();
    timings.status = Math.round(performance.now() - s0);
    renderBoardNow();
    timeline.set(all, status);
    if (state.from && state.to) timeline.setWindow(state.from, state.to);
    document.body.dataset.board = '1';
  }
}

function openEvent(id: string) {
  setState({ event: id }, true);
  requestAnimationFrame(() => $('#evidence').focus({ preventScroll: false }));
}

let docCache: DocView | null = null;

async function openEvidence(): Promise<void> {
  const box = $('#evidenceBody');
  const v = state.event;
  try {
    let ev: EventView | undefined;
    let span: { start: number; end: number } | undefined;
    let docId: string;
    if (v.startsWith('span:')) {
      const m = /^span:(.*):(\d+):(\d+)$/.exec(v);
      if (!m) throw new Error('bad evidence reference');
      docId = m[1];
      span = { start: +m[2], end: +m[3] };
    } else {
      ev = (await api<{ event: EventView }>(`/api/events/${enc(v)}`)).event;
      docId = ev.docId;
    }
    if (!docCache || docCache.id !== docId) docCache = await api<DocView>(`/api/documents/${enc(docId)}`);
    const audit = ev ? await api<AuditRow[]>(`/api/audit?target=${enc(`event:${ev.id}`)}`) : [];
    for (const tr of document.querySelectorAll('#events tr.current')) tr.classList.remove('current');
    document.querySelector(`#events tr[data-id="${CSS.escape(v)}"]`)?.classList.add('current');
    renderEvidence(box, docCache, { event: ev, span }, audit, {
      openEvent,
      correct: async (id, fields) => {
        await api(`/api/events/${enc(id)}`, { method: 'PATCH', json: fields });
        docCache = null;
        lastServerQuery = '';
        await refresh();
      },
    }, role);
  } catch (e) {
    box.replaceChildren(Object.assign(document.createElement('p'), { className: 'formmsg err', textContent: `Could not open ${v}: ${(e as Error).message}` }));
  }
}

// --- start -------------------------------------------------------------------------------------------

fillForm();
void loadRegions();
void loadAgreements().then(fillForm);
// who the token belongs to is asked in parallel with the first data load; the evidence view waits for it
const me = whoami();
(window as unknown as { truce: unknown }).truce = { map: eventMap.map, refresh, state: () => state, timings };
await refresh();
