#!/usr/bin/env -S RUN_BATT_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} NODE_EXTRA_CA_CERTS= node --max-semi-space-size=21 --initial-old-space-size=64
// Entry point: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
// The semi-space flag gives the main thread the same 64 MB young generation as the pool's workers
// (sequential mode runs programs here; see src/exec/executor.ts). The old-space flag lets the old
// generation reach 64 MB before its first full collection: left to itself, V8 lowers that first
// limit from what the early scavenges keep, to about 26 MB here, and a check or a short run then
// marks and compacts a heap it is about to drop at exit (a 4 ms pause and 5 ms of marking steps in
// the main thread: 007bbfb7 x 630 271 -> 258 ms, medians of 20 interleaved runs; check 395 -> 375 ms).
//
// CommonJS (bin/package.json), as is all it loads from a build: with no ES module, Node's ES module
// loader is never started (it made every command start 9 ms slower: --version 108.6 -> 99.3 ms here).
//
// NODE_EXTRA_CA_CERTS: Node 20 reads and parses that file, with every root certificate, before any
// of our code runs (37 ms of every start on a machine that sets it, against 23 ms for all the rest
// of Node's start). run-batt's only TLS is a rediss:// queue, so the shebang starts Node with it
// empty and hands the file on as RUN_BATT_EXTRA_CA_CERTS: the queue's TLS options add it
// (src/queue/connection.ts), and it is set back here for the processes run-batt starts.
'use strict';
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');

// The heap took its young generation and its first old-generation limit from the flags when the
// process started, and they do nothing more from here on, except that while any V8 flag differs
// from its default, V8 rejects the code cache Node's built-in modules come with (it checks a hash of
// the flags), and every built-in module loaded from here on, in this thread and in each worker
// thread as it starts, is compiled from source: 10 ms more to import the CLI, 10-12 ms more per
// worker. So they are set back (the workers' heaps then take V8's defaults).
// (The smaller inlining budget for the programs is set when they start: src/program/jit.ts.)
setFlagsFromString('--max-semi-space-size=0 --initial-old-space-size=0');

// Started by the shebang: the user's NODE_EXTRA_CA_CERTS back for child processes (unset if it was).
const extraCa = process.env.RUN_BATT_EXTRA_CA_CERTS;
if (extraCa !== undefined && process.env.NODE_EXTRA_CA_CERTS === '') {
  if (extraCa === '') delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = extraCa;
}

const dist = path.join(__dirname, '..', 'dist');
const cli = path.join(dist, 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`run-batt: not built: dist/ is missing; run 'npm install && npm run build' in ${path.dirname(__dirname)}\n`);
  process.exit(2);
}

(async () => {
  // src/entry.ts as the build bundled it (CommonJS) when that is not older than dist/entry.js, else
  // the module. Then the build's one-file bundle of the CLI, with its code cache, when it is fresh,
  // else dist/'s modules. (V8's flags are at their defaults here, as when the cache was made.)
  const entry = path.join(dist, 'entry.js');
  const entryBundle = path.join(dist, 'bundle', 'entry.cjs');
  // (A copy that reordered the files' times is asked the build's record: dist/made-from.cjs.)
  const made = statSync(entryBundle, { throwIfNoEntry: false });
  const fresh = made && (made.mtimeMs >= statSync(entry).mtimeMs || require(path.join(dist, 'made-from.cjs')).sameAsBuilt(entryBundle, entry));
  const { startFrom, loadBundle, readCache } = fresh ? require(entryBundle) : await import(pathToFileURL(entry).href);
  const bundle = path.join(dist, 'bundle', 'cli.cjs');
  const cliModule = pathToFileURL(cli);
  const { main } = startFrom(cliModule, pathToFileURL(bundle)) === cliModule ? await import(cliModule.href) : loadBundle(bundle, readCache(bundle)).exports;
  const code = await main(process.argv);
  // After a Ctrl-C (130) the report is written: exit now. Left to end by itself, Node first closes its
  // signal watchers and then tears the heap down, and a second Ctrl-C in that window killed the
  // process by the signal instead of exiting 130 (stdout and stderr writes are synchronous here).
  if (code === 130) process.exit(code);
  process.exitCode = code;
})();
