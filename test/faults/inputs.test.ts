// Inputs that used to crash or hang a whole run (issue 9, section 2): each
// costs only itself now, in both modes.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, startCli, tempFolder, mountTmpfs } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { parseSolvers } from '../../src/program/parse.js';

const TASK = readFileSync(path.join(REPO_ROOT, 'tasks', '007bbfb7.json'), 'utf8');
const SOLVERS = readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8');
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)|internal error/);

const mounts: string[] = [];
const tmpfs = (options: string) => mountTmpfs(options, mounts);
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});

/** A battery folder holding the shipped library and two symlink loops (and a second link to one folder). */
function cyclicBattery(): string {
  const dir = tempFolder({ 'lib/solvers.py': SOLVERS });
  symlinkSync('..', path.join(dir, 'lib', 'up'));
  symlinkSync(dir, path.join(dir, 'self'));
  symlinkSync(path.join(dir, 'lib'), path.join(dir, 'alias'));
  return dir;
}

const json = (stdout: string) => JSON.parse(stdout);

describe.each(['sequential', 'parallel'] as const)('fault suite: inputs (%s)', (mode) => {
  it('a battery folder with symlink loops: each file read once, the loops skipped with a warning', () => {
    const battery = cyclicBattery();
    const r = runCli(['-i', '007bbfb7', '-b', battery, '--out', tempFolder(), '--mode', mode, '--json', '-'], REPO_ROOT, 30_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/symbolic link loop/);
    // 22 programs in one file, reached by three paths: read once.
    expect(json(r.stdout).tasks[0].candidates).toBe(22);
  });

  it('Ctrl-C during a run on a battery with symlink loops: the first one stops it (exit 130)', async () => {
    const battery = cyclicBattery();
    writeFileSync(path.join(battery, 'lib', 'more.py'), SOLVERS.replace(/def solve_(\w+)/g, 'def solve_$1_b'));
    const child = startCli(['-b', battery, '--out', tempFolder(), '--mode', mode]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    await Promise.race([
      new Promise<void>((resolve) => {
        const check = () => (/candidates/.test(stdout) ? resolve() : setTimeout(check, 10));
        check();
      }),
      new Promise((resolve) => setTimeout(resolve, 20_000)),
    ]);
    const sent = Date.now();
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    expect([130, 0]).toContain(code);
    expect(Date.now() - sent).toBeLessThan(3000);
  }, 60_000);

  it('task ids that are not Python identifiers work in run, card, check on the store, and search', () => {
    const names = ['my-task', 'a b', 'ünïcode', 'x'.repeat(250)];
    const data = tempFolder(Object.fromEntries(names.map((n) => [`${n}.json`, TASK])));
    const out = tempFolder();
    const r = runCli(['--data', data, '--out', out, '--mode', mode, '--json', '-', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const report = json(r.stdout);
    expect(report.tasks.map((t: { id: string }) => t.id).sort()).toEqual([...names].sort());
    for (const t of report.tasks) expect([t.id, t.solved, t.stored > 0]).toEqual([t.id, true, true]);
    expect(readdirSync(path.join(out, 'solver_dir'))).toHaveLength(names.length);
    const check = runCli(['check', path.join(out, 'solver_dir'), '--data', data, '--json', '-', '-q']);
    expect(check.code).toBe(0);
    expect(json(check.stdout).solved).toBe(names.length);
    const battery = tempFolder();
    const card = runCli(['card', '-i', 'my-task', '--data', data, '-b', battery, '-n', '60']);
    expect(card.code, card.stderr).toBe(0);
    const parsed = parseSolvers(readFileSync(path.join(battery, 'batt.py'), 'utf8'), 'batt.py');
    expect(parsed.errors).toEqual([]);
    expect(parsed.programs).toHaveLength(60);
    const search = runCli(['search', '--data', data, '-i', 'a b', 'my-task', '--generations', '1', '-n', '30', '--out', tempFolder(), '--mode', mode, '--json', '-']);
    expect(search.code, search.stderr).toBe(0);
    expect(json(search.stdout).tasks.map((t: { id: string }) => t.id)).toEqual(['a b', 'my-task']);
  }, 120_000);

  it('Kaggle keys with slashes, dots, an empty key and 300 characters: run, stored inside the store', () => {
    const t = JSON.parse(TASK);
    const ids = ['', 'a/../../escape', 'with space', 'z'.repeat(300)];
    const dir = tempFolder({
      'k_challenges.json': JSON.stringify(Object.fromEntries(ids.map((id) => [id, { train: t.train, test: t.test.map((e: { input: unknown }) => ({ input: e.input })) }]))),
      'k_solutions.json': JSON.stringify(Object.fromEntries(ids.map((id) => [id, t.test.map((e: { output: unknown }) => e.output)]))),
    });
    const out = path.join(dir, 'store');
    const r = runCli(['--data', path.join(dir, 'k_challenges.json'), '--out', out, '--mode', mode, '--json', '-', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const report = json(r.stdout);
    expect(report.tasks).toHaveLength(ids.length);
    for (const task of report.tasks) expect(task.solved).toBe(true);
    expect(existsSync(path.join(dir, 'escape'))).toBe(false);
    expect(readdirSync(path.join(out, 'solver_dir'))).toHaveLength(ids.length);
  });

  it('a file where the store wants a folder: exit 2 naming it, no stack trace, the other tasks stored and reported', () => {
    const out = tempFolder({ 'solver_dir/solve_007bbfb7': 'not a folder' });
    const report = path.join(tempFolder(), 'r.json');
    const r = runCli(['-i', '007bbfb7', '1cf80156', '--out', out, '--mode', mode, '--json', report]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/solver_dir\/solve_007bbfb7.*a file is where the store needs a folder/);
    noStack(r.stderr);
    const tasks = JSON.parse(readFileSync(report, 'utf8')).tasks;
    expect(tasks.map((t: { id: string; stored: number }) => [t.id, t.stored > 0])).toEqual([['007bbfb7', false], ['1cf80156', true]]);
  });

  it('-t 40000: a long limit works (no timer overflow, nothing timed out)', () => {
    const r = runCli(['-i', '007bbfb7', '-t', '40000', '--out', tempFolder(), '--mode', mode, '--json', '-']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/TimeoutOverflowWarning/);
    const task = json(r.stdout).tasks[0];
    expect(task.statuses.timeout).toBe(0);
    expect(task.best.score).toBe(5000);
  });

  it('--json - keeps stdout pure JSON (task lines, timing table and summary go to stderr)', () => {
    const r = runCli(['-i', '007bbfb7', '1cf80156', '--timing', '--out', tempFolder(), '--mode', mode, '--json', '-']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).tasks).toHaveLength(2);
    expect(r.stderr).toMatch(/solved\s+007bbfb7/);
    expect(r.stderr).toMatch(/phase/);
  });

  for (const flag of ['--json', '--submission']) {
    it(`an unwritable ${flag} path: exit 2 before any work, nothing written`, () => {
      const out = path.join(tempFolder(), 'store');
      const t0 = Date.now();
      const r = runCli(['-i', '007bbfb7', '--out', out, '--mode', mode, flag, '/nonexistent-dir/report.json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`nonexistent-dir/report.json: ${flag}: cannot write: ENOENT`));
      noStack(r.stderr);
      expect(existsSync(out)).toBe(false);
      expect(Date.now() - t0).toBeLessThan(10_000);
    });
  }

  it('a cache that cannot be written: one warning, the cache off, the run and its report complete', () => {
    const out = tempFolder({ cache: 'a file where the cache folder should be' });
    const r = runCli(['-i', '007bbfb7', '1cf80156', '--out', out, '--mode', mode, '--json', '-']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/warning: validation cache: cannot write/g)).toHaveLength(1);
    expect(json(r.stdout).tasks).toHaveLength(2);
  });

  const full = tmpfs('size=8k');
  it.skipIf(!full)('a full disk under the cache and store: the report is still written, no torn cache line', () => {
    const report = path.join(tempFolder(), 'r.json');
    const battery = tempFolder();
    runCli(['card', '-i', '007bbfb7', '-b', battery, '-n', '300']);
    const out = path.join(full!, mode);
    const r = runCli(['-i', '007bbfb7', '1cf80156', '-b', battery, '--out', out, '--mode', mode, '--json', report]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/ENOSPC/);
    noStack(r.stderr);
    expect(JSON.parse(readFileSync(report, 'utf8')).tasks).toHaveLength(2);
    const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : []);
    for (const f of walk(path.join(out, 'cache'))) {
      for (const line of readFileSync(f, 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('--library /nonexistent and --memory 1: exit 2 with one clean line, no stack trace', () => {
    for (const args of [
      ['-i', '007bbfb7', '-b', tempFolder(), '--library', '/nonexistent', '--mode', mode],
      ['search', '-i', '007bbfb7', '--library', '/nonexistent', '--out', tempFolder(), '--mode', mode],
      ['card', '-i', '007bbfb7', '-b', tempFolder(), '--library', '/nonexistent'],
      ['-i', '007bbfb7', '--memory', '1', '--out', tempFolder(), '--mode', mode],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^run-batt: .*(\/nonexistent: no such file or folder|--memory 1)/m);
      noStack(r.stderr);
    }
  });

  const ro = tmpfs('ro,size=64k');
  it.skipIf(!ro)('a read-only empty -b folder (EROFS): exit 2 with one clean line', () => {
    const r = runCli(['-i', '007bbfb7', '-b', ro!, '--out', tempFolder(), '--mode', mode]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run-batt: .*EROFS/);
    noStack(r.stderr);
  });

  it("a stored program is checked, and used as a parent, under its link's task, not the first task that stored it", () => {
    const data = tempFolder({ 'aaa.json': TASK, 'bbb.json': TASK });
    const out = tempFolder();
    expect(runCli(['--data', data, '--out', out, '--mode', mode, '-q']).code).toBe(0);
    const md5s = readdirSync(path.join(out, 'solver_md5'));
    // The md5 files are shared, named after the first task that stored them (tasks overlap in the
    // pool, so either may be first): the other task is the one whose link must win.
    const first = /def solve_(aaa|bbb)\(I\)/.exec(readFileSync(path.join(out, 'solver_md5', md5s[0]), 'utf8'))![1];
    const other = first === 'aaa' ? 'bbb' : 'aaa';
    const r = runCli(['check', path.join(out, 'solver_dir', `solve_${other}`), '--data', data, '--json', '-', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).tasks.map((t: { id: string; solved: boolean }) => [t.id, t.solved])).toEqual([[other, true]]);
    const battery = tempFolder();
    cpSync(path.join(out, 'solver_dir'), path.join(battery, 'solver_dir'), { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(out, 'solver_md5'), path.join(battery, 'solver_md5'), { recursive: true });
    expect(runCli(['card', '-i', other, '--data', data, '-b', battery, '-n', '40']).code).toBe(0);
    const text = readFileSync(path.join(battery, 'batt.py'), 'utf8');
    expect(text).toMatch(new RegExp(`# parent: solve_${other} from .*solver_dir/solve_${other}/`));
    expect(text).not.toMatch(new RegExp(`parent: solve_${first}`));
  });
});

describe('fault suite: the command line', () => {
  it('run-batt --help | true, and a closed pipe mid-listing: a quiet exit 0, no EPIPE', () => {
    for (const cmd of [`"${process.execPath}" "${BIN}" --help | true`, `"${process.execPath}" "${BIN}" primitives | head -1 >/dev/null`]) {
      const r = spawnSync('bash', ['-c', `${cmd}; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/status 0/);
      expect(r.stderr).not.toMatch(/EPIPE|Error/);
    }
  });

  it('an unknown command says so; commander messages carry the run-batt: prefix', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^run-batt: unknown command 'frobnicate'/);
    const o = runCli(['--frobnicate']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/^run-batt: unknown option '--frobnicate'/);
  });

  it('options that do nothing in a combination warn: -s/-c with -i, -w with --mode sequential', () => {
    const r = runCli(['-i', '007bbfb7', '-s', '3', '-w', '2', '--mode', 'sequential', '--out', tempFolder(), '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: -s\/--start and -c\/--count are ignored with -i/);
    expect(r.stderr).toMatch(/warning: -w\/--workers has no effect with --mode sequential/);
  });

  it('-b FILE without --out stores beside the file', () => {
    const dir = tempFolder({ 'mine.py': SOLVERS });
    const r = runCli(['-i', '007bbfb7', '-b', path.join(dir, 'mine.py'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'solver_dir', 'solve_007bbfb7'))).toBe(true);
  });

  it('a store inside a solver library is warned about', () => {
    const lib = tempFolder({ 'solvers.py': SOLVERS });
    const r = runCli(['-i', '007bbfb7', '-b', lib, '--library', lib, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the store .* is inside the solver library/);
  });

  it('card says when it falls short of the size asked for', () => {
    const r = runCli(['card', '-i', '007bbfb7', '-b', tempFolder(), '-n', '20000']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: card: \d+ of the 20000 candidates asked for/);
  });

  it('a Kaggle solutions entry with the wrong number of grids: the task still runs, on its demos', () => {
    const t = JSON.parse(TASK);
    const dir = tempFolder({
      'k_challenges.json': JSON.stringify({ t1: { train: t.train, test: t.test.map((e: { input: unknown }) => ({ input: e.input })) } }),
      'k_solutions.json': JSON.stringify({ t1: [] }),
    });
    const r = runCli(['--data', path.join(dir, 'k_challenges.json'), '--out', tempFolder(), '--json', '-', '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(task t1\): expected 1 test output grid\(s\), got 0; test outputs unknown/);
    expect(json(r.stdout).tasks.map((x: { id: string; solved: boolean }) => [x.id, x.solved])).toEqual([['t1', true]]);
  });

  it('run --help lists every exit status, 130 included', () => {
    const r = runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit status: 0 .* 1 .*\n?.* 2 on usage or input errors, 130 when interrupted/s);
  });
});
