// Fetch helpers for the dashboard: JSON in, problem details out as ApiError.
export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string) {
    super(`${status} ${title}: ${detail}`);
  }
}

const TOKEN_KEY = 'truce.token';
export const token = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (t: string | null) => (t ? localStorage.setItem(TOKEN_KEY, t) : localStorage.removeItem(TOKEN_KEY)),
};

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const t = token.get();
  if (t) headers.set('Authorization', `Bearer ${t}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(path, { ...init, headers, body });
  if (!res.ok) {
    let title = res.statusText;
    let detail = '';
    try {
      const p = (await res.json()) as { title?: string; detail?: string };
      title = p.title ?? title;
      detail = p.detail ?? '';
    } catch { /* not JSON */ }
    throw new ApiError(res.status, title, detail);
  }
  return (await res.json()) as T;
}

export const enc = encodeURIComponent;
