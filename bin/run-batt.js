#!/usr/bin/env -S node --max-semi-space-size=21
// Entry point: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
// The semi-space flag gives the main thread the same 64 MB young generation as the pool's workers
// (sequential mode runs programs here; see src/exec/executor.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`run-batt: not built: dist/ is missing; run 'npm install && npm run build' in ${root}\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
