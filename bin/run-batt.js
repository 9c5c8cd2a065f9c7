#!/usr/bin/env -S node --max-semi-space-size=21
// Entry point: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
// The semi-space flag gives the main thread the same 64 MB young generation as the pool's workers
// (sequential mode runs programs here; see src/exec/executor.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Less inlining per optimised function (V8's default budget is 920 bytes of bytecode): most of a
// run is a cold process compiling the DSL while it runs, and smaller optimised functions compile
// sooner on the second core. Measured on arc-dsl mutants: the score phase of a cold run 15-20 %
// faster and 25 % less CPU, steady-state speed unchanged (README, "Measured"). Set before any of
// the DSL is compiled; V8's flags are the process's, so the pool's workers have it too.
if (!process.env.RUN_BATT_V8_DEFAULTS) setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`run-batt: not built: dist/ is missing; run 'npm install && npm run build' in ${root}\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
const code = await main(process.argv);
// After a Ctrl-C (130) the report is written: exit now. Left to end by itself, Node first closes its
// signal watchers and then tears the heap down, and a second Ctrl-C in that window killed the
// process by the signal instead of exiting 130 (stdout and stderr writes are synchronous here).
if (code === 130) process.exit(code);
process.exitCode = code;
