// Opens the store a URL names: postgres://... (or postgresql://) selects PostgreSQL, anything else is
// a SQLite file path (the embedded default). Both run migrations on open.
import type { Store } from './store.ts';

export async function openStore(url: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import('./postgres/index.ts');
    const s = await openPostgresStore(url);
    await s.migrate();
    return s;
  }
  const { openSqliteStore } = await import('./sqlite/index.ts');
  const s = openSqliteStore(url);
  await s.migrate();
  return s;
}
