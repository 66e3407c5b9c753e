// `truce watch FEED... --every 15m`: polls feeds, ingests new items, remembers what it saw in the
// store's state table (survives restarts), sends If-None-Match / If-Modified-Since, and backs off
// exponentially on a feed's errors (every x 2^failures, at most 24 h).
import { TruceError } from '../model/errors.ts';
import type { Store } from '../store/store.ts';
import { decodeBytes } from './decode.ts';
import { parseFeed } from './feed.ts';
import { fetchUrl } from './fetch.ts';
import { ingest, type IngestSummary } from './ingest.ts';
import type { ExtractPool } from './pool.ts';
import type { ReadItem } from './sources.ts';

export interface FeedState {
  /** Keys (guid/id/link) of items already handled, newest last; bounded. */
  seen: string[];
  etag?: string | null;
  lastModified?: string | null;
  failures: number;
  lastError?: string | null;
  /** ISO time of the next poll. */
  nextAt?: string | null;
  lastPolled?: string | null;
}

const MAX_SEEN = 20000;
const MAX_BACKOFF_MS = 24 * 3600 * 1000;

/** Parses 15m, 30s, 1h, 1d, 90 (seconds). */
export function parseEvery(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(s);
  if (!m) throw new TruceError('USAGE', '--every', `"${s}" is not a duration (e.g. 15m, 30s, 1h)`);
  const mult = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[(m[2] ?? 's').toLowerCase() as 'ms'];
  const v = Number(m[1]) * mult;
  if (v < 1000) throw new TruceError('USAGE', '--every', 'must be at least 1 s');
  return v;
}

export function stateKey(feed: string): string {
  return `watch:${feed}`;
}

export async function loadFeedState(store: Store, feed: string): Promise<FeedState> {
  const s = await store.getState(stateKey(feed));
  return s ? (JSON.parse(s) as FeedState) : { seen: [], failures: 0 };
}

export interface PollResult {
  feed: string;
  ok: boolean;
  newItems: number;
  summary: IngestSummary | null;
  error?: string;
  notModified?: boolean;
  nextAt: string;
}

export interface PollOptions {
  everyMs: number;
  maxBytes: number;
  source?: string | null;
  timeoutMs?: number;
  pool?: ExtractPool;
  workers?: number;
  now?: () => number;
}

/** Polls one feed once: fetch, parse, ingest the unseen items, remember them. */
export async function pollFeed(store: Store, feed: string, o: PollOptions): Promise<PollResult> {
  const now = o.now ?? Date.now;
  const st = await loadFeedState(store, feed);
  const save = async () => store.setState(stateKey(feed), JSON.stringify(st));
  try {
    const headers: Record<string, string> = {};
    if (st.etag) headers['if-none-match'] = st.etag;
    if (st.lastModified) headers['if-modified-since'] = st.lastModified;
    const f = await fetchUrl(feed, { maxBytes: o.maxBytes, timeoutMs: o.timeoutMs, headers });
    st.lastPolled = new Date(now()).toISOString();
    if (f.status === 304) {
      st.failures = 0;
      st.lastError = null;
      st.nextAt = new Date(now() + o.everyMs).toISOString();
      await save();
      return { feed, ok: true, newItems: 0, summary: null, notModified: true, nextAt: st.nextAt };
    }
    const xml = decodeBytes(f.bytes, feed, { charset: f.charset, lenient: true });
    const parsed = parseFeed(xml, feed, { source: o.source });
    const seen = new Set(st.seen);
    const fresh = parsed.items.filter((it) => !seen.has(it.key));
    const items: ReadItem[] = fresh.map((it) => it.doc
      ? { kind: 'doc', input: it.doc.url ?? `${feed}#${it.key}`, doc: it.doc }
      : { kind: 'error', input: `${feed}#${it.key}`, code: 'EMPTY_INPUT', message: `${feed}#${it.key}: ${it.problem}` });
    const summary = await ingest((async function* () { yield* items; })(), store, { maxBytes: o.maxBytes, pool: o.pool, workers: o.workers });
    // an item whose store write failed is tried again next time; everything else is done
    const retry = new Set(summary.failed.filter((x) => x.code === 'DATABASE').map((x) => x.input));
    for (let i = 0; i < fresh.length; i++) if (!retry.has(items[i].input)) st.seen.push(fresh[i].key);
    if (st.seen.length > MAX_SEEN) st.seen = st.seen.slice(-MAX_SEEN);
    st.etag = f.etag ?? null;
    st.lastModified = f.lastModified ?? null;
    st.failures = 0;
    st.lastError = null;
    st.nextAt = new Date(now() + o.everyMs).toISOString();
    await save();
    return { feed, ok: true, newItems: fresh.length, summary, nextAt: st.nextAt };
  } catch (e) {
    st.failures = (st.failures ?? 0) + 1;
    st.lastError = (e as Error).message;
    const delay = Math.min(o.everyMs * 2 ** st.failures, Math.max(MAX_BACKOFF_MS, o.everyMs));
    st.nextAt = new Date(now() + delay).toISOString();
    await save();
    return { feed, ok: false, newItems: 0, summary: null, error: (e as Error).message, nextAt: st.nextAt };
  }
}

export interface WatchOptions extends PollOptions {
  /** Poll every feed once and return. */
  once?: boolean;
  signal?: AbortSignal;
  log?: (msg: string) => void;
}

/** Polls the feeds until the signal aborts (or once). Returns the last result of each feed. */
export async function watchFeeds(store: Store, feeds: string[], o: WatchOptions): Promise<PollResult[]> {
  const now = o.now ?? Date.now;
  const last = new Map<string, PollResult>();
  const log = o.log ?? (() => {});
  for (;;) {
    let nextWake = Infinity;
    for (const feed of feeds) {
      if (o.signal?.aborted) break;
      const st = await loadFeedState(store, feed);
      const due = st.nextAt ? Date.parse(st.nextAt) : 0;
      if (!o.once && due > now()) { nextWake = Math.min(nextWake, due); continue; }
      const r = await pollFeed(store, feed, o);
      last.set(feed, r);
      if (r.ok) {
        const s = r.summary;
        log(`${feed}: ${r.notModified ? 'not modified' : `${r.newItems} new items: ingested ${s?.ingested.length ?? 0}, duplicate ${s?.duplicates.length ?? 0}, failed ${s?.failed.length ?? 0}`}`);
        for (const f of s?.failed ?? []) log(`  failed: ${f.message}`);
      } else {
        log(`${feed}: error (${r.error}); next try at ${r.nextAt}`);
      }
      nextWake = Math.min(nextWake, Date.parse(r.nextAt));
    }
    if (o.once || o.signal?.aborted) break;
    const wait = Math.max(1000, nextWake - now());
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, wait);
      o.signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
    if (o.signal?.aborted) break;
  }
  return feeds.map((f) => last.get(f)).filter((x): x is PollResult => !!x);
}
