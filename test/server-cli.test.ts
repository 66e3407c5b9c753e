// `truce users add` prints a token once (only its hash is stored); `truce serve` serves the API on the
// port it prints and stops cleanly on SIGTERM.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';
import { hashToken } from '../src/server/auth.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/truce.js');
const dir = mkdtempSync(path.join(tmpdir(), 'truce-cli-server-'));
const db = path.join(dir, 'cli.db');
after(() => rmSync(dir, { recursive: true, force: true }));

const truce = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TRUCE_DB: '' } });

describe('truce users', () => {
  it('adds a user and prints the token once; only its sha256 is stored', async () => {
    const r = truce('users', 'add', 'alice', '--role', 'analyst', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    const token = r.stdout.trim();
    assert.match(token, /^truce_[A-Za-z0-9_-]{32}$/);
    assert.match(r.stderr, /shown only this once/);
    const store = await openStore(db);
    try {
      assert.deepEqual(await store.userByTokenHash(hashToken(token)).then((u) => u && [u.name, u.role]), ['alice', 'analyst']);
      const audit = await store.listAudit({ target: 'user:alice' });
      assert.equal(audit[0].action, 'user.add');
    } finally {
      await store.close();
    }
    assert.ok(!readFileSync(db).includes(Buffer.from(token)), 'the token itself is not in the database file');
    const list = truce('users', 'list', '--json', '--db', db);
    assert.deepEqual(JSON.parse(list.stdout).map((u: { name: string; role: string }) => [u.name, u.role]), [['alice', 'analyst']]);
  });

  it('prints JSON with --json', () => {
    const r = truce('users', 'add', 'bob', '--role', 'viewer', '--json', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.name, 'bob');
    assert.equal(j.role, 'viewer');
    assert.match(j.token, /^truce_/);
  });

  it('refuses an unknown role (exit 2) and a name already taken (exit 1)', () => {
    const a = truce('users', 'add', 'carol', '--role', 'boss', '--db', db);
    assert.equal(a.status, 2);
    assert.match(a.stderr, /--role: "boss" is not one of viewer, analyst, admin/);
    const b = truce('users', 'add', 'alice', '--role', 'viewer', '--db', db);
    assert.equal(b.status, 1);
    assert.match(b.stderr, /alice: a user with this name already exists/);
    assert.equal(b.stdout, '');
  });
});

describe('truce serve', () => {
  it('serves the API on the printed address and stops on SIGTERM', async () => {
    const p = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no address printed: ${out} ${err}`)), 60_000);
      p.stdout.on('data', (d) => {
        out += d;
        // a loopback bind is printed as localhost (what a user types); fetch it on 127.0.0.1
        const m = /serving http:\/\/localhost:(\d+)\//.exec(out);
        if (m) { clearTimeout(t); resolve(`http://127.0.0.1:${m[1]}/`); }
      });
      p.on('exit', (c) => reject(new Error(`exited ${c}: ${err}`)));
    });
    try {
      const health = await (await fetch(`${url}api/health`)).json();
      assert.equal(health.ok, true);
      assert.equal(health.store, 'sqlite');
      const denied = await fetch(`${url}api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
      assert.equal(denied.status, 401);
      assert.match(String(denied.headers.get('content-type')), /^application\/problem\+json/);
    } catch (e) {
      p.kill('SIGKILL');
      throw e;
    }
    const code = await new Promise<number | null>((resolve) => { p.on('exit', resolve); p.kill('SIGTERM'); });
    assert.equal(code, 0);
  });

  it('refuses a bad port with a usage error (exit 2)', () => {
    const r = truce('serve', '--db', db, '--port', 'eighty');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port: "eighty" is not a port number/);
  });
});
