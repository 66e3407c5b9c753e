// The `truce` CLI: thin. Parses arguments, calls the library, prints. Each command lives in
// src/cli/commands/<name>.ts and exports `register(program)`; heavy modules are imported lazily
// inside the command's action so that `truce extract` does not load the web server.
import { Command, CommanderError } from 'commander';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitWith } from './run.ts';

const program = new Command();
program
  .name('truce')
  .description('Truce Monitor: conflict reports to dated, geolocated events, held against ceasefire provisions.')
  .showHelpAfterError()
  .exitOverride();

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { register?: (p: Command) => void };
  mod.register?.(program);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; every other parse problem is a usage error (exit 2)
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  exitWith(e);
}
