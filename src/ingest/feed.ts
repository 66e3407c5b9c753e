// RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with fast-xml-parser. Each item becomes a Document:
// its text from content:encoded / content / description / summary (HTML reduced to text), its date
// from pubDate / published / updated / dc:date, its URL from link, its id from guid / id / link.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Document } from '../model/types.ts';
import { TruceError } from '../model/errors.ts';
import { htmlFragmentText } from './html.ts';
import { shortHash } from './hash.ts';

export interface FeedItem {
  /** Stable key of the item in its feed (guid, id, or link). */
  key: string;
  doc: Document | null;
  /** Why the item has no document (no text). */
  problem?: string;
}

export interface Feed {
  title: string | null;
  items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 2048);
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head);
}

function str(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['#text'] === 'string') return o['#text'];
    if (typeof o['#text'] === 'number') return String(o['#text']);
  }
  return null;
}

function linkOf(v: unknown): string | null {
  const arr = Array.isArray(v) ? v : v == null ? [] : [v];
  let first: string | null = null;
  for (const l of arr) {
    if (typeof l === 'string') { first ??= l; continue; }
    const o = l as Record<string, unknown>;
    const href = (o['@_href'] as string) ?? str(o);
    if (!href) continue;
    const rel = o['@_rel'] as string | undefined;
    if (!rel || rel === 'alternate') return href;
    first ??= href;
  }
  return first;
}

export function feedDate(v: string | null): string | null {
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v.trim());
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
}

/** An id for a web document: a slug of its URL's last path segment plus a short hash of the URL. */
export function idForUrl(url: string): string {
  let last = '';
  try {
    const u = new URL(url);
    last = u.pathname.split('/').filter(Boolean).pop() ?? u.hostname;
    last = last.replace(/\.(s?html?|php|aspx?)$/i, '');
  } catch {
    last = url;
  }
  return `${slug(last) || 'page'}-${shortHash(url, 8)}`;
}

/** Parses a feed; throws BAD_FEED naming the input when it is not a well-formed RSS/Atom document. */
export function parseFeed(xml: string, input: string, opts: { source?: string | null; date?: string | null } = {}): Feed {
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new TruceError('BAD_FEED', input, `malformed XML: ${v.err.msg} (line ${v.err.line})`);
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new TruceError('BAD_FEED', input, `malformed XML: ${(e as Error).message}`);
  }
  const rss = tree.rss as Record<string, unknown> | undefined;
  const rdf = tree['rdf:RDF'] as Record<string, unknown> | undefined;
  const atom = tree.feed as Record<string, unknown> | undefined;
  let title: string | null = null;
  let raw: Record<string, unknown>[] = [];
  let kind: 'rss' | 'atom';
  if (rss) {
    const ch = (rss.channel ?? {}) as Record<string, unknown>;
    title = str(ch.title);
    raw = (ch.item as Record<string, unknown>[]) ?? [];
    kind = 'rss';
  } else if (rdf) {
    title = str((rdf.channel as Record<string, unknown> | undefined)?.title);
    raw = (rdf.item as Record<string, unknown>[]) ?? [];
    kind = 'rss';
  } else if (atom) {
    title = str(atom.title);
    raw = (atom.entry as Record<string, unknown>[]) ?? [];
    kind = 'atom';
  } else {
    throw new TruceError('BAD_FEED', input, 'not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root)');
  }
  const source = opts.source ?? title ?? null;
  const items: FeedItem[] = raw.map((it, i) => {
    const link = kind === 'atom' ? linkOf(it.link) : (str(it.link) ?? linkOf(it.link));
    const guid = str(it.guid) ?? str(it.id) ?? (it['@_rdf:about'] as string | undefined) ?? null;
    const key = guid ?? link ?? `${input}#${i}`;
    const html = str(it['content:encoded']) ?? str(it.content) ?? str(it.description) ?? str(it.summary) ?? '';
    const text = htmlFragmentText(html);
    const itTitle = str(it.title);
    const date = opts.date ?? feedDate(str(it.pubDate) ?? str(it.published) ?? str(it['dc:date']) ?? str(it.updated));
    if (!text.trim()) return { key, doc: null, problem: 'the item has no text' };
    const id = link ? idForUrl(link) : `${slug(itTitle ?? '') || 'item'}-${shortHash(key, 8)}`;
    return {
      key,
      doc: { id, text, dct: date, source, url: link, title: itTitle },
    };
  });
  return { title, items };
}
