// Documents through the API: text (JSON or text/plain) or a URL, run through the same extract() the
// CLI uses, stored with store.putDocuments (duplicates by content hash are reported, not stored twice).
import { extract } from '../extract/pipeline.ts';
import { TruceError, checkDate } from '../model/errors.ts';
import type { Document } from '../model/types.ts';
import type { Store } from '../store/store.ts';
import { contentHash, shortHash } from '../ingest/hash.ts';

export interface IngestInput {
  text: string;
  id?: string;
  dct?: string | null;
  title?: string | null;
  source?: string | null;
  url?: string | null;
}

export interface IngestOutcome {
  id: string;
  /** Set when the same text was already stored: the stored document's id (nothing new was stored). */
  duplicateOf: string | null;
  events: number;
  dct: string | null;
  dctInferred: boolean;
}

export async function ingestText(store: Store, input: IngestInput): Promise<IngestOutcome> {
  const text = input.text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new TruceError('EMPTY_INPUT', input.id ?? 'body', 'the text is empty');
  if (text.includes('\u0000')) throw new TruceError('BINARY_INPUT', input.id ?? 'body', 'the text contains NUL characters (binary data?)');
  const dct = input.dct ? checkDate(input.dct, 'dct') : null;
  const hash = contentHash(text);
  const existing = await store.findByHash(hash);
  if (existing) {
    const d = await store.getDocument(existing);
    return { id: existing, duplicateOf: existing, events: d?.extraction.events.length ?? 0, dct: d?.dct ?? null, dctInferred: d?.dctInferred ?? false };
  }
  const id = input.id ?? (input.url ? `url-${shortHash(input.url)}` : `api-${hash.slice(0, 12)}`);
  if (await store.getDocument(id)) throw new TruceError('CONFLICT', id, 'a different document is already stored under this id');
  const doc: Document = { id, text, dct, title: input.title ?? null, source: input.source ?? null, url: input.url ?? null };
  const extraction = extract(doc);
  const r = await store.putDocuments([{ doc, extraction, contentHash: hash }]);
  const dup = r.duplicates[0];
  if (dup) return { id: dup.existingId, duplicateOf: dup.existingId, events: 0, dct, dctInferred: false };
  return { id, duplicateOf: null, events: extraction.events.length, dct: extraction.dct.value, dctInferred: extraction.dct.inferred };
}

const MAX_FETCH_BYTES = 5 * 1024 * 1024;

/** Fetches a page and turns it into text: the ingest module's HTML reader when it is there, else a
 * plain tag-stripper. Only http(s) URLs; 15 s timeout; 5 MB cap. */
export async function fetchDocument(url: string): Promise<{ text: string; title: string | null; dct: string | null }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TruceError('USAGE', url, 'not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TruceError('USAGE', url, 'only http and https URLs can be ingested');
  let res: Response;
  try {
    res = await fetch(u, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
  } catch (e) {
    throw new TruceError('FETCH_FAILED', url, `could not fetch: ${(e as Error).message}`);
  }
  if (!res.ok) throw new TruceError('FETCH_FAILED', url, `the server answered ${res.status}`);
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_FETCH_BYTES) throw new TruceError('TOO_LARGE', url, `${len} bytes is over the limit of ${MAX_FETCH_BYTES}`);
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf.length > MAX_FETCH_BYTES) throw new TruceError('TOO_LARGE', url, `${buf.length} bytes is over the limit of ${MAX_FETCH_BYTES}`);
  const body = new TextDecoder('utf-8').decode(buf);
  const type = res.headers.get('content-type') ?? '';
  if (!/html|xml/i.test(type) && !/^\s*</.test(body)) return { text: body, title: null, dct: null };
  const reader = await htmlReader();
  if (reader) return reader(body, url);
  return stripHtml(body);
}

type HtmlReader = (html: string, url: string) => { text: string; title: string | null; dct: string | null };

async function htmlReader(): Promise<HtmlReader | null> {
  const spec = '../ingest/html.ts';
  try {
    const mod = (await import(spec)) as Record<string, unknown>;
    const f = (mod.htmlToDocument ?? mod.readHtml ?? mod.extractArticle) as ((h: string, u: string) => { text: string; title?: string | null; dct?: string | null; date?: string | null }) | undefined;
    if (typeof f !== 'function') return null;
    return (h, u) => {
      const r = f(h, u);
      return { text: r.text, title: r.title ?? null, dct: r.dct ?? r.date ?? null };
    };
  } catch {
    return null;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A small HTML-to-text fallback: drops script/style, keeps paragraph breaks, decodes common entities. */
export function stripHtml(html: string): { text: string; title: string | null; dct: string | null } {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? null;
  const date = /<meta[^>]+(?:article:published_time|datePublished|pubdate)[^>]+content="(\d{4}-\d{2}-\d{2})/i.exec(html)?.[1] ?? null;
  const body = html
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|h[1-6]|li|br|tr|section|article)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  const text = body.split('\n').map((l) => l.replace(/[ \t\f\v]+/g, ' ').trim()).filter(Boolean).join('\n');
  return { text, title: title ? stripHtml(title).text || title : null, dct: date };
}
