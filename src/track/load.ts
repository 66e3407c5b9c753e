// Reading an agreement file (YAML or plain text) and storing it: one transaction, nothing half-stored;
// an identical agreement again changes nothing; a different one under the same id is an error.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TruceError } from '../model/errors.ts';
import { StoreConflictError, type Store } from '../store/store.ts';
import { parseAgreementText } from './agreement-text.ts';
import { parseAgreementYaml } from './agreement-yaml.ts';
import type { TrackAgreement } from './types.ts';

export interface LoadOptions {
  signed?: string;
  title?: string;
  id?: string;
  parties?: string[];
}

const MAX = 5 * 1024 * 1024;

export async function loadAgreementFile(file: string, o: LoadOptions = {}): Promise<TrackAgreement> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new TruceError('NOT_FOUND', file, 'no such file');
  }
  if (size > MAX) throw new TruceError('TOO_LARGE', file, `agreement file over ${MAX / 1024 / 1024} MB`);
  const buf = await readFile(file);
  if (buf.includes(0)) throw new TruceError('BINARY_INPUT', file, 'binary file, not an agreement');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new TruceError('BAD_ENCODING', file, 'not valid UTF-8');
  }
  if (!text.trim()) throw new TruceError('EMPTY_INPUT', file, 'empty file');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    if (o.signed || o.title) throw new TruceError('USAGE', file, '--signed/--title are for plain-text agreements; the YAML file gives them');
    return parseAgreementYaml(text, file);
  }
  if (!o.signed || !o.title) throw new TruceError('USAGE', file, 'a plain-text agreement needs --signed YYYY-MM-DD and --title TITLE');
  return parseAgreementText(text, { signed: o.signed, title: o.title, id: o.id, parties: o.parties, file });
}

export async function storeAgreement(store: Store, a: TrackAgreement, input: string): Promise<'inserted' | 'unchanged'> {
  try {
    return await store.putAgreement(a);
  } catch (e) {
    if (e instanceof StoreConflictError) {
      throw new TruceError('CONFLICT', input, `a different agreement is already loaded under the id "${a.id}" (edit it with a new id, or replace it as an admin)`);
    }
    throw e;
  }
}
