// The evidence view: the report text with every extracted value highlighted at its offsets (dates, places,
// actors, quantities, event triggers), the chosen event's sentence marked, the event's fields with an
// analyst's correction form, and the audit trail of the event.
import { EVENT_TYPES } from './colors.ts';

interface Span { start: number; end: number }
interface Ann extends Span { cls: string; title: string }
export interface DocView {
  id: string; text: string; title: string | null; dct: string | null; source: string | null; url: string | null;
  extraction: {
    sentences: Span[];
    timexes: (Span & { text: string; type: string; value: string })[];
    places: (Span & { text: string; name: string; featureType: string; lat: number | null; lon: number | null })[];
    actors: (Span & { text: string; name: string; kind: string })[];
    quantities: (Span & { value: number; unit: string | null; counts: string | null })[];
  };
  events: EventView[];
}
export interface EventView {
  id: string; docId: string; action: string; eventType: string | null; subEventType: string | null; date: string | null;
  actor1: { name: string; kind: string; countryCode: string | null } | null; actor2: { name: string; kind: string; countryCode: string | null } | null;
  place: { name: string; lat: number | null; lon: number | null } | null; modality: string; fatalities: number | null;
  evidence: Span; trigger?: Span; corrected?: boolean; evidenceText: string;
  attribution: { source: string; via?: string | null } | null;
}
export interface AuditRow { id: number; at: string; user: string; action: string; target: string; before: unknown; after: unknown }

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Splits the text at every annotation boundary; each piece carries the classes of what covers it. */
export function highlight(text: string, anns: Ann[]): DocumentFragment {
  const cuts = new Set<number>([0, text.length]);
  const ok = anns.filter((a) => a.start >= 0 && a.end <= text.length && a.end > a.start);
  for (const a of ok) { cuts.add(a.start); cuts.add(a.end); }
  const bounds = [...cuts].sort((x, y) => x - y);
  const byStart = [...ok].sort((x, y) => x.start - y.start);
  const frag = document.createDocumentFragment();
  let open: Ann[] = [];
  let k = 0;
  for (let i = 0; i < bounds.length - 1; i++) {
    const s = bounds[i], e = bounds[i + 1];
    while (k < byStart.length && byStart[k].start <= s) open.push(byStart[k++]);
    open = open.filter((a) => a.end > s);
    const piece = text.slice(s, e);
    if (!open.length) { frag.append(piece); continue; }
    const span = el('span', { class: [...new Set(open.map((a) => a.cls))].join(' ') }, piece);
    const titles = [...new Set(open.map((a) => a.title).filter(Boolean))];
    if (titles.length) span.title = titles.join('\n');
    span.dataset.start = String(s);
    span.dataset.end = String(e);
    frag.append(span);
  }
  return frag;
}

/** The sentence(s) covering a span (the evidence span may be a clause). */
export function sentenceOf(sentences: Span[], sp: Span): Span {
  let s = sp.start, e = sp.end;
  for (const sn of sentences) {
    if (sn.start <= sp.start && sn.end > sp.start) s = Math.min(s, sn.start);
    if (sn.start < sp.end && sn.end >= sp.end) e = Math.max(e, sn.end);
  }
  return { start: s, end: e };
}

export interface EvidenceHandlers {
  correct(eventId: string, fields: Record<string, unknown>): Promise<void>;
  openEvent(id: string): void;
}

export function renderEvidence(
  root: HTMLElement, doc: DocView, focus: { event?: EventView; span?: Span }, audit: AuditRow[], h: EvidenceHandlers, role: string | null,
): void {
  root.replaceChildren();
  const x = doc.extraction;
  const head = el('div', { class: 'dochead' });
  head.append(el('h3', {}, doc.title ?? doc.id));
  head.append(el('div', { class: 'small muted' }, [doc.dct ? `published ${doc.dct}` : 'date unknown', doc.source ?? '', doc.url ?? '', `id ${doc.id}`].filter(Boolean).join(' · ')));
  root.append(head);

  const legend = el('ul', { class: 'hl-legend', 'aria-label': 'Highlight key' });
  for (const [c, t] of [['hl-time', 'date/time'], ['hl-place', 'place'], ['hl-actor', 'actor'], ['hl-qty', 'quantity'], ['hl-trigger', 'event'], ['sel', 'chosen sentence']]) {
    const li = el('li');
    li.append(el('span', { class: c }, t));
    legend.append(li);
  }
  root.append(legend);

  const anns: Ann[] = [];
  for (const t of x.timexes ?? []) anns.push({ start: t.start, end: t.end, cls: 'hl-time', title: `${t.type} ${t.value}` });
  for (const p of x.places ?? []) anns.push({ start: p.start, end: p.end, cls: 'hl-place', title: `place: ${p.name} (${p.featureType}${p.lat !== null ? `, ${p.lat}, ${p.lon}` : ''})` });
  for (const a of x.actors ?? []) anns.push({ start: a.start, end: a.end, cls: 'hl-actor', title: `actor: ${a.name} (${a.kind})` });
  for (const q of x.quantities ?? []) anns.push({ start: q.start, end: q.end, cls: 'hl-qty', title: `quantity: ${q.value}${q.unit ? ` ${q.unit}` : ''}${q.counts ? ` ${q.counts}` : ''}` });
  for (const e of doc.events) {
    const tr = e.trigger ?? e.evidence;
    anns.push({ start: tr.start, end: tr.end, cls: e.trigger ? 'hl-trigger' : 'hl-event', title: `event: ${e.action}${e.eventType ? ` (${e.subEventType ?? e.eventType})` : ''}${e.date ? ` ${e.date}` : ''}` });
  }
  let sel: Span | null = null;
  if (focus.event) sel = sentenceOf(x.sentences ?? [], focus.event.evidence);
  else if (focus.span) sel = sentenceOf(x.sentences ?? [], focus.span);
  if (sel) anns.push({ start: sel.start, end: sel.end, cls: 'sel', title: '' });
  if (focus.event) anns.push({ start: focus.event.evidence.start, end: focus.event.evidence.end, cls: 'ev-main', title: '' });
  const textBox = el('div', { class: 'doctext', tabindex: '0', 'aria-label': 'Report text with extracted values highlighted' });
  textBox.append(highlight(doc.text, anns));
  root.append(textBox);

  if (focus.event) root.append(eventPanel(focus.event, audit, h, role));
  const others = doc.events.filter((e) => e.id !== focus.event?.id);
  if (others.length) {
    const d = el('details', { class: 'others' });
    d.append(el('summary', {}, `${others.length} other event(s) in this report`));
    const ul = el('ul');
    for (const e of others) {
      const b = el('button', { type: 'button', class: 'linkish' }, `${e.date ?? '—'} ${e.action}${e.place ? ` @ ${e.place.name}` : ''}`);
      b.addEventListener('click', () => h.openEvent(e.id));
      const li = el('li');
      li.append(b);
      ul.append(li);
    }
    d.append(ul);
    root.append(d);
  }
  requestAnimationFrame(() => textBox.querySelector('.sel')?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior }));
}

function eventPanel(e: EventView, audit: AuditRow[], h: EvidenceHandlers, role: string | null): HTMLElement {
  const box = el('div', { class: 'eventbox' });
  box.append(el('h3', {}, `Event ${e.id}${e.corrected ? ' (corrected)' : ''}`));
  const form = el('form', { class: 'correct', id: 'correctForm', 'aria-label': 'Correct this event' });
  const field = (label: string, name: string, input: HTMLElement) => {
    const l = el('label', {}, label);
    input.setAttribute('name', name);
    l.append(input);
    form.append(l);
    return input;
  };
  const text = (v: string | number | null | undefined, type = 'text') => {
    const i = el('input', { type }) as HTMLInputElement;
    i.value = v === null || v === undefined ? '' : String(v);
    return i;
  };
  const select = (opts: string[], v: string) => {
    const s = el('select');
    for (const o of opts) s.append(el('option', { value: o }, o || '(none)'));
    s.value = v;
    return s;
  };
  const init = {
    eventType: e.eventType ?? '', subEventType: e.subEventType ?? '', date: e.date ?? '', action: e.action,
    place: e.place?.name ?? '', lat: e.place?.lat ?? '', lon: e.place?.lon ?? '', actor1: e.actor1?.name ?? '', actor2: e.actor2?.name ?? '',
    modality: e.modality, fatalities: e.fatalities ?? '',
  };
  field('Type', 'eventType', select(['', ...EVENT_TYPES], init.eventType));
  field('Sub-type', 'subEventType', text(init.subEventType));
  field('Date', 'date', text(init.date));
  field('Action', 'action', text(init.action));
  field('Actor 1', 'actor1', text(init.actor1));
  field('Actor 2', 'actor2', text(init.actor2));
  field('Place', 'place', text(init.place));
  field('Lat', 'lat', text(init.lat, 'number')).setAttribute('step', 'any');
  field('Lon', 'lon', text(init.lon, 'number')).setAttribute('step', 'any');
  field('Modality', 'modality', select(['asserted', 'planned', 'obligated', 'denied', 'disputed', 'hypothetical'], init.modality));
  field('Fatalities', 'fatalities', text(init.fatalities, 'number')).setAttribute('min', '0');
  const attr = e.attribution ? `Source: ${e.attribution.source}${e.attribution.via ? `, via ${e.attribution.via}` : ''}` : '';
  if (attr) box.append(el('p', { class: 'small' }, attr));
  const submit = el('button', { type: 'submit' }, 'Save correction');
  const msg = el('p', { class: 'formmsg', role: 'alert' });
  if (!role || role === 'viewer') form.append(el('p', { class: 'small muted' }, role ? 'Your token has the viewer role: corrections need an analyst.' : 'Corrections need an analyst token (Token… above).'));
  form.append(submit, msg);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const v = (k: string) => String(fd.get(k) ?? '').trim();
    const fields: Record<string, unknown> = {};
    const str = (k: keyof typeof init) => { if (v(k) !== String(init[k])) fields[k] = v(k) === '' ? null : v(k); };
    str('eventType'); str('subEventType'); str('date');
    if (v('action') !== init.action && v('action')) fields.action = v('action');
    if (v('modality') !== init.modality) fields.modality = v('modality');
    if (v('fatalities') !== String(init.fatalities)) fields.fatalities = v('fatalities') === '' ? null : Number(v('fatalities'));
    for (const k of ['actor1', 'actor2'] as const) {
      if (v(k) !== init[k]) fields[k] = v(k) ? { name: v(k), kind: e[k]?.kind ?? 'unknown', countryCode: e[k]?.countryCode ?? null } : null;
    }
    if (v('place') !== init.place || v('lat') !== String(init.lat) || v('lon') !== String(init.lon)) {
      fields.place = v('place') ? { name: v('place'), lat: v('lat') === '' ? null : Number(v('lat')), lon: v('lon') === '' ? null : Number(v('lon')) } : null;
    }
    if (!Object.keys(fields).length) { msg.textContent = 'Nothing changed.'; return; }
    submit.disabled = true;
    msg.textContent = 'Saving…';
    h.correct(e.id, fields).then(
      () => { msg.textContent = 'Saved.'; msg.className = 'formmsg ok'; },
      (err: Error) => { msg.textContent = `Refused: ${err.message}`; msg.className = 'formmsg err'; submit.disabled = false; },
    );
  });
  box.append(form);

  const at = el('section', { class: 'audit', 'aria-label': 'Audit trail' });
  at.append(el('h4', {}, 'Audit trail'));
  if (!audit.length) at.append(el('p', { class: 'muted small' }, 'No changes yet.'));
  else {
    const ul = el('ul', { class: 'auditlist' });
    for (const r of audit) {
      ul.append(el('li', {}, `${r.at.replace('T', ' ').slice(0, 19)} · ${r.user} · ${r.action}: ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}`));
    }
    at.append(ul);
  }
  box.append(at);
  return box;
}
