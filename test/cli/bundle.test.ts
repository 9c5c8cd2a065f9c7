// The CLI and the pool's worker start from the build's one-file bundles
// (scripts/bundle.mjs) when those are fresh, and from dist/'s modules
// otherwise: the same results either way.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFile, loadBundle, readCache, startFrom } from '../../src/entry.js';
import { madeFrom, recordBuild, RECORD } from '../../src/made-from.cjs';
import { BIN, runCli, tempFolder } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { binShebang } from '../../src/bench/processes.js';

const BUNDLE = path.join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs');

/** fn with RUN_BATT_NO_BUNDLE set to `value` (undefined: unset), as it was after. */
const withNoBundle = (value: string | undefined, fn: () => void) => {
  const saved = process.env.RUN_BATT_NO_BUNDLE;
  try {
    if (value === undefined) delete process.env.RUN_BATT_NO_BUNDLE;
    else process.env.RUN_BATT_NO_BUNDLE = value;
    fn();
  } finally {
    if (saved === undefined) delete process.env.RUN_BATT_NO_BUNDLE;
    else process.env.RUN_BATT_NO_BUNDLE = saved;
  }
};

describe('startFrom', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, at: number) => {
    const p = path.join(dir, name);
    writeFileSync(p, '');
    utimesSync(p, at, at);
    return pathToFileURL(p);
  };

  it('takes the bundle when it is as new as the module or newer, else the module', () => {
    withNoBundle(undefined, () => {
      const module = file('module.js', 1_000_000);
      expect(startFrom(module, file('newer.cjs', 1_000_100)).href).toBe(pathToFileURL(path.join(dir, 'newer.cjs')).href);
      expect(startFrom(module, file('same.cjs', 1_000_000)).href).toBe(pathToFileURL(path.join(dir, 'same.cjs')).href);
      expect(startFrom(module, file('older.cjs', 999_000))).toBe(module);
      expect(startFrom(module, pathToFileURL(path.join(dir, 'missing.cjs')))).toBe(module);
    });
  });

  it('takes the module when RUN_BATT_NO_BUNDLE is set (not 0)', () => {
    const module = file('m2.js', 1_000_000);
    const bundle = file('b2.cjs', 1_000_100);
    withNoBundle('1', () => expect(startFrom(module, bundle)).toBe(module));
    withNoBundle('0', () => expect(startFrom(module, bundle)).toBe(bundle));
  });
});

describe('loadBundle and readCache', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** In a fresh process (V8 keeps what it compiled in a process, and would not even look at a cache for it again): loadBundle(file, its cache file) as {cached, answer}. */
  const loadFresh = (file: string) => {
    const script = `import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'entry.js')).href)}).then((e) => {
      const r = e.loadBundle(${JSON.stringify(file)}, require('node:fs').readFileSync(${JSON.stringify(cacheFile(file))}));
      process.stdout.write(JSON.stringify({ cached: r.cached, answer: r.exports.answer() }));
    });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  it('run a CommonJS file as require() would, with or without a code cache, and say whether V8 took the cache', () => {
    writeFileSync(path.join(dir, 'dep.cjs'), 'module.exports = 40;');
    const file = path.join(dir, 'b.cjs');
    writeFileSync(file, "'use strict'; exports.answer = () => require('./dep.cjs') + 2; exports.dir = __dirname; exports.file = __filename;");
    const plain = loadBundle(file);
    expect([(plain.exports.answer as () => number)(), plain.exports.dir, plain.exports.file, plain.cached]).toEqual([42, dir, file, false]);
    writeFileSync(cacheFile(file), plain.script.createCachedData());
    expect(loadFresh(file)).toEqual({ cached: true, answer: 42 });
    writeFileSync(cacheFile(file), 'not a cache');
    expect(loadFresh(file)).toEqual({ cached: false, answer: 42 });
  });

  it('read a cache only when it is not older than its bundle', () => {
    const file = path.join(dir, 'c.cjs');
    writeFileSync(file, 'exports.x = 1;');
    expect(readCache(file)).toBeUndefined();
    writeFileSync(cacheFile(file), 'bytes');
    utimesSync(file, 2_000_000, 2_000_000);
    utimesSync(cacheFile(file), 2_000_100, 2_000_100);
    expect(readCache(file)?.toString()).toBe('bytes');
    utimesSync(cacheFile(file), 1_999_000, 1_999_000);
    expect(readCache(file)).toBeUndefined();
  });
});

describe("the build's record of what it made from what", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-made-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (p: string, t: number) => (utimesSync(p, t, t), p);

  it('makes a file that the times call stale current when its sources are the bytes it was made from, and only then', () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const a = path.join(dir, 'a.js');
    const b = path.join(dir, 'b.js');
    writeFileSync(a, 'a');
    writeFileSync(b, 'b');
    const made = path.join(out, 'm.cjs');
    writeFileSync(made, 'm');
    // Made after its sources: current by the times alone, with no record.
    at(a, 1_000_000);
    at(made, 1_000_100);
    expect(madeFrom(made, a)).toBe(true);
    // A copy that put it before them: stale, until the build has recorded it...
    at(made, 999_000);
    expect(madeFrom(made, a)).toBe(false);
    recordBuild(made, [a, b]);
    expect(JSON.parse(readFileSync(path.join(out, RECORD), 'utf8'))).toEqual({ 'm.cjs': { '../a.js': expect.any(String), '../b.js': expect.any(String) } });
    expect(madeFrom(made, a)).toBe(true);
    // ...for a source it lists (and not when that source or `made` is missing).
    expect(madeFrom(made, path.join(dir, 'other.js'))).toBe(false);
    expect(madeFrom(path.join(out, 'missing.cjs'), a)).toBe(false);
    // Any source's bytes changed (not only the one asked about): stale.
    writeFileSync(b, 'B');
    at(b, 900_000);
    expect(madeFrom(made, a)).toBe(false);
    writeFileSync(b, 'b');
    expect(madeFrom(made, a)).toBe(true);
    rmSync(b);
    expect(madeFrom(made, a)).toBe(false);
    writeFileSync(b, 'b');
    // Forgotten (as the build does first): stale again.
    recordBuild(made, null);
    expect(madeFrom(made, a)).toBe(false);
    // A broken record is no record.
    writeFileSync(path.join(out, RECORD), '{ not json');
    expect(madeFrom(made, a)).toBe(false);
  });

  it('lets readCache take a cache the times put before its bundle when the build made it from these bytes', () => {
    const file = path.join(dir, 'c.cjs');
    writeFileSync(file, 'exports.x = 1;');
    writeFileSync(cacheFile(file), 'bytes');
    at(file, 2_000_000);
    at(cacheFile(file), 1_999_000);
    expect(readCache(file)).toBeUndefined();
    recordBuild(cacheFile(file), [file]);
    expect(readCache(file)?.toString()).toBe('bytes');
    writeFileSync(file, 'exports.x = 2;');
    at(file, 2_000_000);
    expect(readCache(file)).toBeUndefined();
  });

  it('keeps a copy of the build whose times put every bundle and the cache before dist/ starting from the bundles, with the cache, without an ES module', () => {
    const copy = tempFolder({});
    cpSync(path.join(REPO_ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true, preserveTimestamps: true });
    cpSync(path.join(REPO_ROOT, 'bin'), path.join(copy, 'bin'), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    // The order a copy can leave: the cache, then the bundles, then dist's modules.
    const bundleDir = path.join(copy, 'dist', 'bundle');
    for (const f of readdirSync(bundleDir)) at(path.join(bundleDir, f), f.endsWith('.cache') ? 1_000_000 : 1_000_100);
    for (const f of readdirSync(path.join(copy, 'dist'), { recursive: true }) as string[]) if (/\.c?js$/.test(f) && !f.startsWith('bundle')) at(path.join(copy, 'dist', f), 2_000_000);
    const probe = path.join(copy, 'probe.cjs');
    writeFileSync(probe, `const { pathToFileURL } = require('node:url');
      const e = require(${JSON.stringify(path.join(bundleDir, 'entry.cjs'))});
      const d = ${JSON.stringify(path.join(copy, 'dist'))} + '/';
      const from = (m, b) => e.startFrom(pathToFileURL(d + m), pathToFileURL(d + b)).href.endsWith(b) ? 'bundle' : 'module';
      process.stdout.write(JSON.stringify([from('cli.js', 'bundle/cli.cjs'), from('exec/worker.js', 'bundle/worker.cjs'), e.readCache(d + 'bundle/cli.cjs') !== undefined]));`);
    const ask = () => {
      const r = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: { ...process.env, RUN_BATT_NO_BUNDLE: '0' } });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };
    expect(ask()).toEqual(['bundle', 'bundle', true]);
    // The bin in the copy: no ES module loaded (the entry's bundle taken too), and it runs.
    const esm = path.join(copy, 'esm.cjs');
    writeFileSync(esm, "process.on('exit', () => require('fs').writeSync(2, 'ESM ' + process.moduleLoadList.filter((m) => m.endsWith('esm/module_job')).length + '\\n'));\n");
    const r = spawnSync(process.execPath, ['-r', esm, path.join(copy, 'bin', 'run-batt.js'), 'check', path.join(REPO_ROOT, 'solvers'), '--data', path.join(REPO_ROOT, 'tasks'), '-q'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', RUN_BATT_NO_BUNDLE: '0' } });
    expect(r.status, r.stderr).toBe(0);
    expect(/ESM (\d+)/.exec(r.stderr)?.[1]).toBe('0');
    // A module changed after the build (tsc alone): its bundle is stale; the worker's, not made from it, is still current.
    appendFileSync(path.join(copy, 'dist', 'commands', 'check.js'), '\n// changed\n');
    expect(ask()).toEqual(['module', 'bundle', true]);
    // The bundle changed: its cache is stale.
    appendFileSync(path.join(bundleDir, 'cli.cjs'), '\n// changed\n');
    at(path.join(bundleDir, 'cli.cjs'), 1_000_100);
    expect(ask()[2]).toBe(false);
  });
});

describe('the bundles', () => {
  it('are built by the build (npm install and the tests run it), and fresh: the CLI and the workers start from them', () => {
    const dist = pathToFileURL(path.join(REPO_ROOT, 'dist') + path.sep);
    for (const [module, bundle] of [['cli.js', 'bundle/cli.cjs'], ['exec/worker.js', 'bundle/worker.cjs']]) {
      expect(existsSync(new URL(bundle, dist))).toBe(true);
      withNoBundle(undefined, () => expect(startFrom(new URL(module, dist), new URL(bundle, dist)).href).toBe(new URL(bundle, dist).href));
    }
  });

  it("give the CLI's bundle a code cache that V8 takes as bin/run-batt.js loads it (its start-up flags set back)", () => {
    // Started with the shebang's V8 flags, each set back to its default (0) as the bin does.
    const { flags } = binShebang({});
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(flags.map((f) => f.replace(/=.*/, '=0')).join(' '))});
      import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'entry.js')).href)}).then((e) => {
        const b = ${JSON.stringify(BUNDLE)};
        process.stdout.write(String(e.loadBundle(b, e.readCache(b)).cached));
      });`;
    const r = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true');
  });

  it('start a command, in the main thread, without loading any ES module (bin/run-batt.js and dist/bundle/entry.cjs are CommonJS)', () => {
    // Node sets up internal/modules/esm/module_job only to load an ES module: at exit, the modules Node has loaded.
    const dir = tempFolder({ 'esm.cjs': "process.on('exit', () => require('fs').writeSync(2, 'ESM ' + process.moduleLoadList.filter((m) => m.endsWith('esm/module_job')).length + '\\n'));\n" });
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'bundle', 'entry.cjs'))).toBe(true);
    for (const args of [['--version'], ['check', path.join(REPO_ROOT, 'solvers'), '-q'], ['-i', '007bbfb7', '--mode', 'parallel', '-w', '2', '-q', '--no-cache', '--out', path.join(dir, 'store')]]) {
      const r = spawnSync(process.execPath, ['-r', path.join(dir, 'esm.cjs'), BIN, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', RUN_BATT_NO_BUNDLE: '0' } });
      expect(r.status, r.stderr).toBe(0);
      expect(/ESM (\d+)/.exec(r.stderr)?.[1], args.join(' ')).toBe('0');
    }
  });

  it('load none of the queue, metrics or pool libraries until a command needs them', () => {
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BUNDLE)}); console.log(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](bullmq|ioredis|prom-client|piscina|playwright-core)[\\\\/]/.test(k)).length)`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });

  it('give the same run, in both modes, as dist/ modules (and find the shipped files from where they are)', () => {
    const outs: unknown[] = [];
    for (const env of [{ RUN_BATT_NO_BUNDLE: '0' }, { RUN_BATT_NO_BUNDLE: '1' }]) {
      for (const mode of ['sequential', 'parallel']) {
        const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-bundle-'));
        try {
          // No -b: the shipped solvers (found from options.ts's own place) are the battery.
          const r = runCli(['-i', '007bbfb7', '--mode', mode, '--no-cache', '--out', path.join(dir, 'store'), '--json', path.join(dir, 'r.json'), '-q'], REPO_ROOT, env);
          expect(r.stderr).toContain('is the battery');
          expect(r.code).toBe(0);
          const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
          // The best program and every status (the best's t_log is a time: not compared).
          outs.push(json.tasks.map((t: { id: string; best: { md5: string; score: number }; statuses: unknown }) => ({ id: t.id, md5: t.best.md5, score: t.best.score, statuses: t.statuses })));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
    expect(outs[3]).toEqual(outs[0]);
  });
});

describe("bin/run-batt.js's shebang", () => {
  it('starts Node without reading NODE_EXTRA_CA_CERTS (Node 20 parses it at every start), and sets it back for the processes run-batt starts', () => {
    // At exit, what the CLI's process has in its environment.
    const dir = tempFolder({ 'env.cjs': "process.on('exit', () => require('fs').writeSync(2, 'ENV ' + JSON.stringify([process.env.NODE_EXTRA_CA_CERTS, process.env.RUN_BATT_EXTRA_CA_CERTS]) + '\\n'));\n" });
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/no/such/ca.pem', NODE_OPTIONS: `--require ${path.join(dir, 'env.cjs')}` };
    // Node itself reads the file at start-up, and warns that it cannot:
    expect(spawnSync(process.execPath, ['-e', '0'], { encoding: 'utf8', env }).stderr).toMatch(/Ignoring extra certs from `\/no\/such\/ca.pem`/);
    const r = spawnSync(BIN, ['--version'], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Ignoring extra certs/);
    expect(/ENV (.*)/.exec(r.stderr)?.[1]).toBe(JSON.stringify(['/no/such/ca.pem', '/no/such/ca.pem']));
    // Unset, it stays unset.
    const { NODE_EXTRA_CA_CERTS: _, ...unset } = env;
    expect(/ENV (.*)/.exec(spawnSync(BIN, ['--version'], { encoding: 'utf8', env: unset }).stderr)?.[1]).toBe(JSON.stringify([undefined, '']));
  });
});
