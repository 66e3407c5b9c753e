// The dashboard's state lives in the URL (shareable links): filters, as-of date, selected event.
export interface State {
  q: string; type: string; actor: string; place: string; from: string; to: string; modality: string;
  agreement: string; provision: string; asOf: string; event: string;
}

export const KEYS: (keyof State)[] = ['q', 'type', 'actor', 'place', 'from', 'to', 'modality', 'agreement', 'provision', 'asOf', 'event'];
/** Filters sent to the server (dates are applied in the browser so that brushing the timeline is instant). */
export const SERVER_KEYS: (keyof State)[] = ['q', 'type', 'actor', 'place', 'modality', 'agreement', 'provision'];

export function readState(): State {
  const p = new URLSearchParams(location.search);
  const s = {} as State;
  for (const k of KEYS) s[k] = p.get(k) ?? '';
  return s;
}

export function writeState(s: State, push = false): void {
  const p = new URLSearchParams();
  for (const k of KEYS) if (s[k]) p.set(k, s[k]);
  const qs = p.toString();
  const url = `${location.pathname}${qs ? `?${qs}` : ''}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

export function serverQuery(s: State): string {
  const p = new URLSearchParams();
  for (const k of SERVER_KEYS) if (s[k]) p.set(k === 'type' ? 'type' : k, s[k]);
  if ((s.agreement || s.provision) && s.asOf) p.set('asOf', s.asOf);
  return p.toString();
}
