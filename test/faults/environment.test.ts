// Faults of the environment: unwritable or full output folders, a store left
// behind by an interrupted run, two runs on one store, Ctrl-C and SIGTERM.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempFolder, mountTmpfs } from '../helpers/cli.js';
import { parseSolvers } from '../../src/program/parse.js';

/** Every file under `dir`, recursively (links not followed). */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return lstatSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The store is consistent: no temporaries, every link resolves, every program file parses. */
function expectConsistentStore(dir: string): void {
  const files = walk(dir);
  expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  for (const f of files.filter((f) => f.includes(`${path.sep}solver_dir${path.sep}`))) {
    expect(existsSync(path.resolve(path.dirname(f), readlinkSync(f))), f).toBe(true);
  }
  for (const f of files.filter((f) => f.includes(`${path.sep}solver_md5${path.sep}`))) {
    expect(parseSolvers(readFileSync(f, 'utf8'), f).errors).toEqual([]);
  }
}

const mounts: string[] = [];
const tmpfs = (options: string) => mountTmpfs(options, mounts);
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});

describe('fault suite: environment', () => {
  it('an output folder that cannot be created (a file is in the way): exit 2, named, nothing written', () => {
    const dir = tempFolder({ 'blocker': 'x' });
    const r = runCli(['-i', '007bbfb7', '--out', path.join(dir, 'blocker', 'store')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write to the store folder .*blocker\/store: ENOTDIR/);
  });

  const ro = tmpfs('ro,size=1m');
  it.skipIf(!ro)('a read-only output folder: exit 2 with a clear error, no partial files', () => {
    const r = runCli(['-i', '007bbfb7', '--out', ro!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write to the store folder .*: EROFS/);
    expect(walk(ro!)).toEqual([]);
  });

  const full = tmpfs('size=4k');
  it.skipIf(!full)('a full disk: exit 1 naming the fault, no half-written file', () => {
    const battery = tempFolder();
    const r = runCli(['-i', '007bbfb7', '-b', battery, '-n', '200', '--out', full!, '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ENOSPC/);
    expect(walk(full!).filter((f) => f.includes('.tmp-'))).toEqual([]);
    for (const f of walk(path.join(full!, 'solver_md5'))) expect(parseSolvers(readFileSync(f, 'utf8'), f).errors).toEqual([]);
  });

  it('a store left behind by an interrupted run: dangling links and temporaries are cleaned up', () => {
    const out = tempFolder();
    const dir = path.join(out, 'solver_dir', 'solve_007bbfb7', '5000', '18');
    mkdirSync(dir, { recursive: true });
    symlinkSync('../../../../solver_md5/0123456789abcdef0123456789abcdef.py', path.join(dir, '0123456789abcdef0123456789abcdef.py'));
    writeFileSync(path.join(dir, 'feedfacefeedfacefeedfacefeedface.py.tmp-999999-abc'), 'def solve_');
    mkdirSync(path.join(out, 'solver_md5'));
    writeFileSync(path.join(out, 'solver_md5', 'half.py.tmp-999999-zzz'), 'def sol');
    const r = runCli(['-i', '007bbfb7', '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, '0123456789abcdef0123456789abcdef.py'))).toBe(false);
    expectConsistentStore(path.join(out, 'solver_dir'));
    expect(walk(path.join(out, 'solver_dir')).length).toBeGreaterThan(0);
  });

  it('two runs writing the same store at once: both succeed, no corrupted file', async () => {
    const out = tempFolder();
    const battery = tempFolder();
    runCli(['card', '-i', '007bbfb7', '-b', battery, '-n', '300']);
    const runs = [0, 1].map(() => startCli(['-i', '007bbfb7', '-b', battery, '--out', out]));
    const stderr = ['', ''];
    runs.forEach((p, k) => {
      p.stdout.resume();
      p.stderr.on('data', (d) => (stderr[k] += d));
    });
    const ends = await Promise.all(runs.map((p) => new Promise<string>((resolve) => p.on('exit', (code, signal) => resolve(`${code ?? signal}`)))));
    expect(ends, stderr.join('\n')).toEqual(['0', '0']);
    expectConsistentStore(out);
  }, 60_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a run: stops within a second, exit 130, partial JSON marked incomplete, store consistent`, async () => {
      const out = tempFolder();
      const json = path.join(out, 'report.json');
      const child = startCli(['-b', path.join(out, 'batt'), '-n', '2000', '--out', out, '--json', json]);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      // Wait until the first task has finished, so there is something to report.
      await new Promise<void>((resolve) => {
        const check = () => (/candidates/.test(stdout) ? resolve() : setTimeout(check, 20));
        check();
      });
      const sent = Date.now();
      child.kill(signal);
      const code = await exited;
      expect(Date.now() - sent).toBeLessThan(1500);
      expect(code).toBe(130);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report.incomplete).toBe(true);
      expect(report.tasks.length).toBeGreaterThan(0);
      expect(report.tasks.length).toBeLessThan(22);
      expectConsistentStore(out);
    }, 60_000);
  }

  it('a second Ctrl-C exits at once', async () => {
    const out = tempFolder();
    const child = startCli(['-b', path.join(out, 'batt'), '-n', '2000', '--out', out, '--mode', 'sequential']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => {
      const check = () => (/card:/.test(stderr) ? resolve() : setTimeout(check, 20));
      check();
    });
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 30));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  }, 60_000);
});
