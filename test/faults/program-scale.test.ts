// Programs that are large, deep or oddly written: each costs only itself
// (its own status or its own file:line warning), the run completes with
// exit 0 and its JSON, and every other candidate is still computed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { parseSolvers } from '../../src/program/parse.js';
import { canonical } from '../../src/program/canonical.js';

const TASK = '67a3c6ac'; // solved by vmirror(I)
const good = 'def solve_ok(I):\n    O = vmirror(I)\n    return O\n';
const BOM = '\uFEFF';

/** `n` lines, each computing `line(previous)`; the first reads I. */
function chain(name: string, n: number, line: (prev: string) => string, first = line('I')): string {
  const lines = [`def ${name}(I):`, `    ${n === 1 ? 'O' : 'x1'} = ${first}`];
  for (let k = 2; k <= n; k++) lines.push(`    ${k === n ? 'O' : `x${k}`} = ${line(`x${k - 1}`)}`);
  return [...lines, '    return O', ''].join('\n');
}

const folders: string[] = [];
afterAll(() => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

function battery(files: Record<string, string>) {
  const dir = tempFolder(files);
  folders.push(dir);
  return { dir, out: path.join(dir, 'store') };
}

function run(files: Record<string, string>, mode: string, extra: string[] = []) {
  const { dir, out } = battery(files);
  const json = path.join(dir, 'report.json');
  const r = runCli(['-i', TASK, '-b', dir, '--out', out, '--mode', mode, '--json', json, '-q', ...extra]);
  expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|out of memory|at .*\.js:\d+/);
  expect(r.code).toBe(0);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  return { r, out, task: report.tasks[0] };
}

type ProgramJson = { candidates: string[]; status: string; error?: string; md5?: string; score: number };
const programOf = (task: { programs: ProgramJson[] }, name: string) => task.programs.find((p) => p.candidates.some((c) => c.startsWith(`${name} `)));

/** The stored program (solver_md5/<md5>.py) re-parses to the same identity; returns its line count. */
function storedLines(out: string, md5: string): number {
  const text = readFileSync(path.join(out, 'solver_md5', `${md5}.py`), 'utf8');
  const parsed = parseSolvers(text, 'stored.py');
  expect(parsed.errors).toEqual([]);
  expect(canonical(parsed.programs[0]).md5).toBe(md5);
  return parsed.programs[0].body.length;
}

describe.each(['sequential', 'parallel'])('fault suite: program scale (%s)', (mode) => {
  it('a 22-line chain each using the previous line twice (inlined form 2^22 deep copies): scored, validated, stored in 23 lines', () => {
    const doubling = chain('solve_doubling', 23, (p) => `cellwise(${p}, ${p}, ZERO)`, 'vmirror(I)');
    const { out, task } = run({ 'b.py': `${doubling}\n${good}` }, mode);
    expect(task.candidates).toBe(2);
    const p = programOf(task, 'solve_doubling')!;
    expect(p).toMatchObject({ status: 'ok', score: 5000 });
    expect(storedLines(out, p.md5!)).toBe(23);
    expect(programOf(task, 'solve_ok')).toMatchObject({ status: 'ok', score: 5000 });
  }, 60_000);

  for (const n of [5001, 10001]) {
    it(`a ${n}-line straight-line program: identity and canonical form computed, validated and stored whole`, () => {
      const long = chain('solve_long', n, (p) => `vmirror(${p})`);
      const { out, task } = run({ 'b.py': `${long}\n${good}` }, mode);
      expect(task.candidates).toBe(2);
      const p = programOf(task, 'solve_long')!;
      expect(p).toMatchObject({ status: 'ok', score: 5000 });
      expect(storedLines(out, p.md5!)).toBe(n);
    }, 120_000);
  }

  it('a program over the 20,000-line limit: its own file:line warning, every other candidate runs', () => {
    const huge = chain('solve_huge', 20_001, (p) => `vmirror(${p})`);
    const { r, task } = run({ 'b.py': `${good}\n${huge}\n${good.replace('solve_ok', 'solve_ok2')}` }, mode);
    expect(r.stderr).toMatch(/b\.py:5: solve_huge: function 'solve_huge' has 20002 lines, more than the limit of 20000/);
    expect(task.candidates).toBe(2);
    expect(task.best.score).toBe(5000);
  }, 120_000);

  it('a compose chain 10,000 deep: RecursionError, the same in every run; the other candidates are intact', () => {
    const deep = chain('solve_deep', 10_000, (p) => `compose(${p}, vmirror)`, 'compose(vmirror, vmirror)').replace('    return O', '    x10001 = O(I)\n    return x10001');
    const shallow = chain('solve_shallow', 999, (p) => `compose(${p}, vmirror)`, 'compose(vmirror, vmirror)').replace('    return O', '    x1000 = O(I)\n    return x1000');
    const files = { 'b.py': `${deep}\n${shallow}\n${good}` };
    for (let k = 0; k < 2; k++) {
      const { task } = run(files, mode);
      expect(task.candidates).toBe(3);
      expect(programOf(task, 'solve_deep')).toMatchObject({ status: 'error', error: 'RecursionError' });
      // 999 levels are within the limit: 1000 mirrors of I is I itself, not the task's answer.
      expect(programOf(task, 'solve_shallow')).toMatchObject({ status: 'wrong' });
      expect(programOf(task, 'solve_ok')).toMatchObject({ status: 'ok', score: 5000 });
    }
  }, 120_000);

  it('a UTF-8 byte-order mark at the start of a solver file: ignored, the first program loads', () => {
    const { r, task } = run({ 'b.py': `${BOM}${good}\n${good.replace('solve_ok', 'solve_ok2').replace('vmirror', 'hmirror')}` }, mode);
    expect(r.stderr).not.toMatch(/warning/);
    expect(task.candidates).toBe(2);
    expect(programOf(task, 'solve_ok')).toMatchObject({ status: 'ok', score: 5000 });
  }, 60_000);

  it('a UTF-8 byte-order mark at the start of a task file: ignored, the task runs', () => {
    const data = tempFolder();
    folders.push(data);
    writeFileSync(path.join(data, `${TASK}.json`), BOM + readFileSync(path.join(REPO_ROOT, 'tasks', `${TASK}.json`), 'utf8'));
    const { r, task } = run({ 'b.py': good }, mode, ['--data', data]);
    expect(r.stderr).not.toMatch(/warning/);
    expect(task.id).toBe(TASK);
    expect(task.best.score).toBe(5000);
  }, 60_000);

  it('clear file:line messages for two statements on one line, return I, a returned expression; type hints accepted', () => {
    const files = {
      'b.py': [
        'def solve_semi(I):\n    x1 = vmirror(I); O = hmirror(x1)\n    return O\n',
        'def solve_retI(I):\n    x1 = vmirror(I)\n    return I\n',
        'def solve_retcall(I):\n    return vmirror(I)\n',
        'def solve_hinted(I: Grid) -> Grid:\n    x1: Grid = hmirror(I)\n    O: Grid = vmirror(I)\n    return O\n',
      ].join('\n'),
    };
    const { r, task } = run(files, mode);
    expect(r.stderr).toMatch(/b\.py:2: solve_semi: one statement per line: split 'x1 = vmirror\(I\); O = hmirror\(x1\)' at ';'/);
    expect(r.stderr).toMatch(/b\.py:7: solve_retI: 'return I' returns the input unchanged/);
    expect(r.stderr).toMatch(/b\.py:10: solve_retcall: 'return' takes a variable, not 'vmirror\(I\)'/);
    expect(r.stderr).not.toMatch(/solve_hinted/);
    expect(task.candidates).toBe(1);
    expect(programOf(task, 'solve_hinted')).toMatchObject({ status: 'ok', score: 5000 });
  }, 60_000);

  it('an arc-dsl-like checkout as the battery (a DSL module and tests beside the solvers): no warnings about the non-solver files', () => {
    const { r, task } = run(arcDslLike(), mode);
    expect(r.stderr).not.toMatch(/dsl\.py|tests\.py/);
    expect(task.candidates).toBe(2);
    expect(task.best.score).toBe(5000);
  }, 60_000);

  it('a dead line that throws: the program is OK in run, as in check', () => {
    const dead = 'def solve_67a3c6ac(I):\n    x1 = divide(ONE, ZERO)\n    O = vmirror(I)\n    return O\n';
    const { task } = run({ 'b.py': dead }, mode);
    expect(programOf(task, 'solve_67a3c6ac')).toMatchObject({ status: 'ok', score: 5000 });
  }, 60_000);
});

/** A folder shaped like an arc-dsl checkout: a typed DSL module, tests, and solvers. */
function arcDslLike(): Record<string, string> {
  const dsl: string[] = ['from typing import Any', ''];
  for (let k = 0; k < 200; k++) dsl.push(`def helper_${k}(\n    x: Any,\n    y: Any\n) -> Any:\n    """ doc """\n    return x if y else x\n`);
  const tests = ['from dsl import *', '', 'def test_vmirror():', '    assert vmirror(((1, 2),)) == ((2, 1),)', ''].join('\n');
  return { 'dsl.py': dsl.join('\n'), 'tests.py': tests, 'solvers.py': `${good.replace('solve_ok', `solve_${TASK}`)}\n${good.replace('solve_ok', 'solve_ok2').replace('vmirror', 'hmirror')}` };
}

describe('fault suite: check agrees with run', () => {
  it('check on an arc-dsl-like checkout: one note for the non-solver files, no warnings', () => {
    const { dir } = battery(arcDslLike());
    const r = runCli(['check', dir, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.stderr.trim().split('\n').filter((l) => /dsl\.py|tests\.py/.test(l))).toHaveLength(1);
    expect(r.stderr).toMatch(/note: 2 file\(s\) without solve_ functions skipped/);
  });

  it('check drops dead lines as run does: a dead line that throws does not fail the program', () => {
    const { dir } = battery({ 'b.py': 'def solve_67a3c6ac(I):\n    x1 = divide(ONE, ZERO)\n    O = vmirror(I)\n    return O\n' });
    const r = runCli(['check', dir, '--json', '-', '-q']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(report.tasks[0]).toMatchObject({ id: TASK, solved: true });
  });
});
