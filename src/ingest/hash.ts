// The exact-duplicate key: sha256 of the text with white space collapsed, trimmed and lower-cased.
import { createHash } from 'node:crypto';

export function normaliseForHash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text)).digest('hex');
}

/** A short stable hash (for ids made from URLs). */
export function shortHash(s: string, len = 10): string {
  return createHash('sha256').update(s).digest('hex').slice(0, len);
}
