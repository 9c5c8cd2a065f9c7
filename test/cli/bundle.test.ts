// The CLI and the pool's worker start from the build's one-file bundles
// (scripts/bundle.mjs) when those are fresh, and from dist/'s modules
// otherwise: the same results either way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFrom } from '../../src/entry.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

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

describe('the bundles', () => {
  it('are built by the build (npm install and the tests run it), and fresh: the CLI and the workers start from them', () => {
    const dist = pathToFileURL(path.join(REPO_ROOT, 'dist') + path.sep);
    for (const [module, bundle] of [['cli.js', 'bundle/cli.cjs'], ['exec/worker.js', 'bundle/worker.cjs']]) {
      expect(existsSync(new URL(bundle, dist))).toBe(true);
      withNoBundle(undefined, () => expect(startFrom(new URL(module, dist), new URL(bundle, dist)).href).toBe(new URL(bundle, dist).href));
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
