// `truce users`: add a user with a role (the token is printed once; only its sha256 is stored), list users.
import type { Command } from 'commander';
import { TruceError } from '../../model/errors.ts';
import { action, dbUrl, out } from '../run.ts';

const ROLES = ['viewer', 'analyst', 'admin'];

export function register(program: Command): void {
  const users = program.command('users').description('users and API tokens (roles: viewer, analyst, admin)');
  users
    .command('add <name>')
    .description('create a user and print its API token (shown once)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--role <role>', ROLES.join('|'), 'viewer')
    .option('--json', 'print {"name","role","token"} as JSON')
    .action(action(async (name: string, o: { db?: string; role: string; json?: boolean }) => {
      if (!ROLES.includes(o.role)) throw new TruceError('USAGE', '--role', `"${o.role}" is not one of ${ROLES.join(', ')}`);
      if (!/^[A-Za-z0-9._@-]{1,100}$/.test(name)) throw new TruceError('USAGE', name, 'a user name is 1-100 letters, digits or . _ @ -');
      const { openStore } = await import('../../store/open.ts');
      const { createUser } = await import('../../server/auth.ts');
      const { StoreConflictError } = await import('../../store/store.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        let token: string;
        try {
          token = await createUser(store, name, o.role as 'viewer' | 'analyst' | 'admin');
        } catch (e) {
          if (e instanceof StoreConflictError) throw new TruceError('CONFLICT', name, 'a user with this name already exists');
          throw e;
        }
        await store.audit({ user: process.env.USER ? `cli:${process.env.USER}` : 'cli', action: 'user.add', target: `user:${name}`, before: null, after: { role: o.role } });
        if (o.json) await out(JSON.stringify({ name, role: o.role, token }) + '\n');
        else {
          process.stderr.write(`truce: user "${name}" (${o.role}) created; the token is shown only this once:\n`);
          await out(`${token}\n`);
        }
      } finally {
        await store.close();
      }
    }));
  users
    .command('list')
    .description('list users and roles')
    .option('--db <url>', 'SQLite file or postgres:// URL (default ./truce.db or TRUCE_DB)')
    .option('--json', 'JSON array')
    .action(action(async (o: { db?: string; json?: boolean }) => {
      const { openStore } = await import('../../store/open.ts');
      const store = await openStore(dbUrl(o.db));
      try {
        const list = await store.listUsers();
        await out(o.json ? JSON.stringify(list, null, 2) + '\n' : list.map((u) => `${u.name}\t${u.role}\t${u.createdAt}`).join('\n') + (list.length ? '\n' : ''));
      } finally {
        await store.close();
      }
    }));
}
