// Worker-thread entry: registers tsx (the project runs TypeScript without a build) and loads the
// extraction worker. Plain .mjs because a worker thread does not inherit the parent's loader hooks.
import { register } from 'tsx/esm/api';

register();
await import('./extract-worker.ts');
