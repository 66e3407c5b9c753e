// `truce agreements load`: bad input gives a clear one-line error and stores nothing; an identical
// agreement again changes nothing; a different agreement under a loaded id is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';
import { TruceError } from '../src/model/errors.ts';
import { loadAgreementFile, storeAgreement } from '../src/track/load.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples/agreements/karabakh-2020.yaml');
const truce = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { cwd: root, encoding: 'utf8' });

test('load: errors store nothing, identical reload is a no-op, a different agreement under the same id is refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-agr-'));
  const db = path.join(dir, 'a.db');
  const store = await openStore(db);
  try {
    const bad: [string, string, string, RegExp][] = [
      ['malformed.yaml', 'id: x\ntitle: [oops\nsigned: 2020-11-10\n', 'BAD_YAML', /malformed\.yaml:\d+: malformed YAML/],
      ['unknown-ref.yaml', 'id: x\ntitle: X\nsigned: 2020-11-10\nprovisions:\n  - id: a\n    category: other\n    text: t\n    action: enact\n    after: b\n', 'BAD_AGREEMENT', /unknown-ref\.yaml:9: provision "a": unknown provision reference "b"/],
      ['early.yaml', 'id: x\ntitle: X\nsigned: 2020-11-10\nprovisions:\n  - id: a\n    category: other\n    text: t\n    action: enact\n    due: 2020-11-09\n', 'BAD_AGREEMENT', /early\.yaml:9: provision "a": deadline 2020-11-09 is before the signature date 2020-11-10/],
      ['empty.yaml', '   \n', 'EMPTY_INPUT', /empty\.yaml: empty file/],
    ];
    for (const [name, src, code, re] of bad) {
      const f = path.join(dir, name);
      writeFileSync(f, src);
      await assert.rejects(loadAgreementFile(f), (e: unknown) => e instanceof TruceError && e.code === code && re.test(e.message), name);
    }
    await assert.rejects(loadAgreementFile(path.join(dir, 'missing.yaml')), /missing\.yaml: no such file/);
    await assert.rejects(loadAgreementFile(path.join(root, 'examples/agreements/karabakh-2020.txt')), /needs --signed/);
    assert.deepEqual(await store.listAgreements(), []);

    const a = await loadAgreementFile(example);
    assert.equal(await storeAgreement(store, a, example), 'inserted');
    assert.equal(await storeAgreement(store, await loadAgreementFile(example), example), 'unchanged');
    const changed = readFileSync(example, 'utf8').replace('due: 2020-11-15', 'due: 2020-11-16');
    const f2 = path.join(dir, 'changed.yaml');
    writeFileSync(f2, changed);
    await assert.rejects(storeAgreement(store, await loadAgreementFile(f2), f2), (e: unknown) =>
      e instanceof TruceError && e.code === 'CONFLICT' && /changed\.yaml: a different agreement is already loaded under the id "karabakh-2020"/.test(e.message));
    const stored = await store.getAgreement('karabakh-2020');
    assert.equal(stored!.provisions.find((p) => p.id === 'kalbajar')!.due, '2020-11-15');
    assert.equal((await store.listAgreements()).length, 1);
  } finally {
    await store.close();
  }

  // the CLI: one-line errors and exit codes
  const r1 = truce(['agreements', 'load', path.join(dir, 'early.yaml'), '--db', db]);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /^truce: .*early\.yaml:9: provision "a": deadline 2020-11-09 is before the signature date 2020-11-10\n$/m);
  const r2 = truce(['agreements', 'load', example, '--db', db]);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stderr, /already loaded, unchanged/);
  rmSync(dir, { recursive: true, force: true });
});
