// `npm run build`, after tsc: the CLI and the pool's worker, each as one CommonJS file
// (dist/bundle/cli.cjs, dist/bundle/worker.cjs), which bin/run-batt.js and the worker entry
// load when they stand for dist/'s modules (src/entry.ts, itself bundled as dist/bundle/entry.cjs),
// then the CLI's code cache, and the record of what each was made from (dist/bundle/made-from.json).
//
// Node's ES module loader resolves, reads, compiles and links each module of dist/ and of the
// dependencies on its own: about a hundred for a run, 60-70 ms of every command's start on this
// project's machine, more than the work of a small run. One module is loaded at once.
//
// Each module keeps its own import.meta.url (the paths it finds its files by: the worker entry,
// the shipped solvers and tasks, the CPython harness): it is rewritten to the module's place in
// dist/, relative to the bundle, so the package can still be moved. Left out of the bundles and
// loaded from node_modules as before: piscina (it starts its workers from its own files), and the
// queue's, metrics' and browser's libraries, which only the runs that use them load.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'bundle');
const { recordBuild } = await import(pathToFileURL(path.join(dist, 'made-from.cjs')).href);
// A code cache of an earlier bundle must not outlive it, nor the record of what it was made from.
rmSync(path.join(outdir, 'cli.cjs.cache'), { force: true });
rmSync(path.join(outdir, 'made-from.json'), { force: true });

/** import.meta.url of each of dist's modules, as its own file's URL found from the bundle's. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __runBattUrl).href`), loader: 'js' };
    });
  },
};

const built = await build({
  // And dist/entry.js, which imports only Node's built-ins, as the CommonJS file the bin and the
  // worker entry require: with no ES module anywhere, a process never starts Node's ES module
  // loader (with it, even a three-import entry started 7 ms slower: 34.8 against 27.6 ms).
  entryPoints: { cli: path.join(dist, 'cli.js'), worker: path.join(dist, 'exec', 'worker.js'), entry: path.join(dist, 'entry.js') },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  // CommonJS: a module the commands import only when they need it (the queue, the metrics...)
  // is then set up when first imported, and so are the libraries it requires.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Strict, as the modules are (the banner comes before esbuild's own 'use strict'), and the
  // bundle's own URL, from which each module's is found (below).
  banner: { js: "'use strict'; const __runBattUrl = require('node:url').pathToFileURL(__filename).href;" },
  external: ['piscina', 'bullmq', 'ioredis', 'prom-client', 'playwright-core'],
  // import() of those as require(): the CLI's bundle is compiled by vm.Script (with its code
  // cache), where import() needs an experimental flag. All of them are CommonJS packages.
  supported: { 'dynamic-import': false },
  plugins: [ownUrl],
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
  absWorkingDir: root,
});

// What each bundle was made from (dist's modules; the dependencies come with npm install, which
// builds again): a copy of the build that reorders the files' times is still known to be current
// (src/made-from.cts).
for (const [out, { inputs }] of Object.entries(built.metafile.outputs)) {
  const sources = Object.keys(inputs).map((i) => path.resolve(root, i)).filter((i) => i.startsWith(dist + path.sep));
  recordBuild(path.resolve(out), sources);
}

// The CLI's code cache (scripts/code-cache.mjs), made in a process of its own with V8's defaults.
// Without one the CLI starts 20-30 ms slower, nothing more: a failure here fails nothing.
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_OPTIONS;
const made = spawnSync(process.execPath, [path.join(root, 'scripts', 'code-cache.mjs')], { env, encoding: 'utf8' });
if (made.status !== 0) console.error(`note: no code cache for the CLI's bundle (it starts 20-30 ms slower): ${(made.stderr || made.stdout || `exit ${made.status}`).trim().split('\n').slice(-3).join(' / ')}`);
