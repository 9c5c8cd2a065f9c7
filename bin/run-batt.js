#!/usr/bin/env -S node --max-semi-space-size=21
// Entry point: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
// The semi-space flag gives the main thread the same 64 MB young generation as the pool's workers
// (sequential mode runs programs here; see src/exec/executor.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// The heap took its young generation from --max-semi-space-size when the process started, and
// the flag does nothing more from here on, except that while any V8 flag differs from its default,
// V8 rejects the code cache Node's built-in modules come with (it checks a hash of the flags), and
// every built-in module loaded from here on, in this thread and in each worker thread as it starts,
// is compiled from source: 10 ms more to import the CLI, 10-12 ms more per worker. So it is set back.
// (The smaller inlining budget for the programs is set when they start: src/program/jit.ts.)
setFlagsFromString('--max-semi-space-size=0');

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`run-batt: not built: dist/ is missing; run 'npm install && npm run build' in ${root}\n`);
  process.exit(2);
}
// The build's one-file bundle of the CLI, with its code cache, when it is fresh (src/entry.ts), else
// dist/'s modules. (V8's flags are at their defaults here, as when the cache was made.)
const { startFrom, loadBundle, readCache } = await import(new URL('../dist/entry.js', import.meta.url).href);
const entry = startFrom(cli, new URL('../dist/bundle/cli.cjs', import.meta.url));
const bundle = fileURLToPath(entry);
const { main } = entry === cli ? await import(cli.href) : loadBundle(bundle, readCache(bundle)).exports;
const code = await main(process.argv);
// After a Ctrl-C (130) the report is written: exit now. Left to end by itself, Node first closes its
// signal watchers and then tears the heap down, and a second Ctrl-C in that window killed the
// process by the signal instead of exiting 130 (stdout and stderr writes are synchronous here).
if (code === 130) process.exit(code);
process.exitCode = code;
