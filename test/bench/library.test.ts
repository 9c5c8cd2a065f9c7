// bench --workload library: the user's solvers on their tasks, and side by side under python3
// with a DSL folder (a tiny fake DSL written here, so no arc-dsl code is needed).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BIN, runCli, tempFolder } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const grid = (rows: number[][]) => rows;
const task = (pairs: [number[][], number[][]][]) =>
  JSON.stringify({ train: pairs.slice(0, -1).map(([input, output]) => ({ input, output })), test: pairs.slice(-1).map(([input, output]) => ({ input, output })) });

// t1: mirror left-right (solved); t2: the solver returns the input unchanged (wrong).
const dir = tempFolder({
  'tasks/t1.json': task([
    [grid([[1, 0], [2, 0]]), grid([[0, 1], [0, 2]])],
    [grid([[3, 4, 5]]), grid([[5, 4, 3]])],
  ]),
  'tasks/t2.json': task([
    [grid([[1, 2]]), grid([[2, 2]])],
    [grid([[3]]), grid([[4]])],
  ]),
  // A stand-in for arc-dsl's folder: dsl.py, constants.py and the solvers, importable by python3.
  'pydsl/dsl.py': 'def vmirror(grid):\n    return tuple(row[::-1] for row in grid)\n\ndef identity(x):\n    return x\n',
  'pydsl/constants.py': 'ZERO = 0\n',
  'pydsl/solvers.py':
    'from dsl import *\nfrom constants import *\n\n\ndef solve_t1(I):\n    O = vmirror(I)\n    return O\n\n\ndef solve_t2(I):\n    O = identity(I)\n    return O\n',
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lib = path.join(dir, 'pydsl');
const data = path.join(dir, 'tasks');
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('bench --workload library', () => {
  it('times each solver on its task and reports the slowest tasks, without python', () => {
    const json = path.join(dir, 'plain.json');
    const r = runCli(['bench', '--library', lib, '--data', data, '--runs', '2', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bench library: 2 tasks, 4 pair runs, solved 1 \/ 2/);
    expect(r.stdout).toMatch(/the slowest tasks/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const byId = Object.fromEntries(report.library.tasks.map((t: { id: string }) => [t.id, t]));
    expect(byId.t1.solved).toBe(true);
    expect(byId.t2.solved).toBe(false);
    expect(byId.t1.samples).toHaveLength(2);
    expect(report.library.python).toBeUndefined();
  });

  it.skipIf(!hasPython)('runs the same solvers under python3 in the same run and prints the ratios', () => {
    const json = path.join(dir, 'py.json');
    const r = runCli(['bench', '--workload', 'library', '--library', lib, '--data', data, '--python', lib, '--runs', '1', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CPython 3\.\d+\.\d+ \(in-loop, same pairs\).*solved 1 \/ 2/);
    expect(r.stdout).toMatch(/ratio \(CPython \/ run-batt\): total [\d.]+x first run; per task median [\d.]+x; slower than CPython: \d+ task\(s\)/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const p = report.library.python;
    expect(p.solved).toBe(1);
    expect(p.ratio.cold).toBeGreaterThan(0);
    expect(p.medianTaskRatio).toBeGreaterThan(0);
    for (const t of report.library.tasks) {
      expect(t.python.samples).toHaveLength(1);
      expect(t.ratio).toBeCloseTo(t.python.ms / t.ms, 6);
    }
    expect(report.library.tasks.find((t: { id: string }) => t.id === 't1').python.solved).toBe(true);
    expect(report.library.tasks.find((t: { id: string }) => t.id === 't2').python.solved).toBe(false);
  });

  it('skips the CPython side, saying so, when python3 is missing', () => {
    const r = spawnSync(process.execPath, [BIN, 'bench', '--library', lib, '--data', data, '--python', lib, '--runs', '1'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', RUN_BATT_PYTHON: path.join(dir, 'no-such-python3') },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CPython side skipped: .*no-such-python3 not found/);
    expect(r.stdout).toMatch(/solved 1 \/ 2/);
  });

  it('is a usage error without --library, and --python needs the library workload', () => {
    const a = runCli(['bench', '--workload', 'library']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/needs --library/);
    const b = runCli(['bench', '--workload', 'dsl', '--python', lib]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--python is for the library workload/);
  });
});
