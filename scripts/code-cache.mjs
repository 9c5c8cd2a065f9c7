// Run by scripts/bundle.mjs: the V8 code cache of the CLI's bundle (dist/bundle/cli.cjs.cache).
//
// A code cache holds the bytecode of the functions compiled when it is made. Made right after
// loading, it holds little (the functions run later are compiled when first called, as without
// it); made after a warm-up run, it holds the bytecode of what a run calls (parsing, the program
// graph, the DSL's primitives, the phases), which a cold command then does not compile: 20-30 ms
// of a short run on this project's machine. The warm-up is the shipped data: `check` of the
// shipped solvers, and a run of a generated battery on a shipped task, in the main thread.
//
// V8 takes a cache only under the flags it was made with: this runs with V8's defaults, as
// bin/run-batt.js loads the bundle (its start-up flag is set back first; bundle.mjs starts this
// without NODE_OPTIONS), and RUN_BATT_V8_DEFAULTS keeps the programs' budgets from being set
// during the warm-up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.RUN_BATT_V8_DEFAULTS = '1';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'bundle', 'cli.cjs');
const { loadBundle, cacheFile } = await import(pathToFileURL(path.join(root, 'dist', 'entry.js')).href);
const { recordBuild } = await import(pathToFileURL(path.join(root, 'dist', 'made-from.cjs')).href);
const { exports, script } = loadBundle(bundle);
const tmp = mkdtempSync(path.join(tmpdir(), 'run-batt-cache-'));
try {
  const main = exports.main;
  const runs = [
    ['check', path.join(root, 'solvers'), '--data', path.join(root, 'tasks'), '-q'],
    ['-i', '007bbfb7', '--data', path.join(root, 'tasks'), '-b', path.join(tmp, 'battery'), '--mode', 'sequential', '--no-cache', '--out', path.join(tmp, 'store'), '-q'],
  ];
  for (const args of runs) {
    const code = await main(['node', 'run-batt', ...args]);
    if (code !== 0) throw new Error(`warm-up run-batt ${args.join(' ')} exited ${code}`);
  }
  writeFileSync(cacheFile(bundle), script.createCachedData());
  recordBuild(cacheFile(bundle), [bundle]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
