// Faults in solver programs: each bad program is reported with file:line and
// the fault, and skipped; every other program of the battery still runs.
import { readFileSync } from "node:fs";
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const good = 'def solve_ok(I):\n    O = vmirror(I)\n    return O\n';

const cases: [string, string, RegExp][] = [
  ['a syntax error', 'def solve_bad(I):\n    x1 = vmirror(I\n    return x1\n', /bad\.py:2: solve_bad: expected 'name = callee\(args\)'/],
  ['an unknown primitive', 'def solve_bad(I):\n    O = flipflop(I)\n    return O\n', /bad\.py:2: solve_bad: unknown name 'flipflop'/],
  ['a wrong arity', 'def solve_bad(I):\n    O = fill(I, ONE)\n    return O\n', /bad\.py:2: solve_bad: fill takes 3 argument\(s\), 2 given/],
  ['an undefined variable', 'def solve_bad(I):\n    O = vmirror(x7)\n    return O\n', /bad\.py:2: solve_bad: unknown name 'x7'/],
  ['a reassigned variable', 'def solve_bad(I):\n    x1 = vmirror(I)\n    x1 = hmirror(I)\n    return x1\n', /bad\.py:3: solve_bad: variable 'x1' is reassigned/],
  ['a variable called that holds no function', 'def solve_bad(I):\n    x1 = palette(I)\n    O = x1(I)\n    return O\n', /bad\.py:3: solve_bad: variable 'x1' holds IntegerSet, not a function/],
  ['the host name process', 'def solve_bad(I):\n    O = process(I)\n    return O\n', /bad\.py:2: solve_bad: 'process' is not allowed in a program/],
  ['the host name require', 'def solve_bad(I):\n    x1 = identity(require)\n    O = vmirror(I)\n    return O\n', /bad\.py:2: solve_bad: 'require' is not allowed/],
  ['the host name constructor', 'def solve_bad(I):\n    O = constructor(I)\n    return O\n', /bad\.py:2: solve_bad: 'constructor' is not allowed/],
  ['the host name __proto__', 'def solve_bad(I):\n    __proto__ = vmirror(I)\n    return __proto__\n', /bad\.py:2: solve_bad: '__proto__' cannot be assigned/],
  ['the host name eval', 'def solve_bad(I):\n    O = eval(I)\n    return O\n', /bad\.py:2: solve_bad: 'eval' is not allowed/],
  ['a missing return', 'def solve_bad(I):\n    O = vmirror(I)\n', /bad\.py:1: solve_bad: function 'solve_bad' has no 'return'/],
];

function battery(files: Record<string, string>) {
  const dir = tempFolder(files);
  return { dir, out: path.join(dir, '..', `${path.basename(dir)}-store`) };
}

describe.each(['sequential', 'parallel'])('fault suite: programs (%s)', (mode) => {
  for (const [what, text, message] of cases) {
    it(`${what}: reported with file:line, the other programs run`, () => {
      const { dir, out } = battery({ 'bad.py': `${text}\n${good}\n${good.replace('solve_ok', 'solve_ok2')}` });
      const r = runCli(['-i', '67a3c6ac', '-b', dir, '--out', out, '--mode', mode, '--json', '-']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(message);
      const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
      expect(report.tasks[0].candidates).toBe(2);
      expect(report.tasks[0].best.score).toBe(5000);
    });
  }

  it('an empty file: no programs from it, the rest of the battery runs', () => {
    const { dir, out } = battery({ 'empty.py': '', 'good.py': good });
    const r = runCli(['-i', '67a3c6ac', '-b', dir, '--out', out, '--mode', mode]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/67a3c6ac\s+1 candidates/);
  });

  it('a battery with no valid program at all: exit 2, saying so', () => {
    const { dir, out } = battery({ 'bad.py': 'def solve_bad(I):\n    O = nope(I)\n    return O\n' });
    const r = runCli(['-i', '67a3c6ac', '-b', dir, '--out', out, '--mode', mode]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the battery has no valid programs/);
  });

  it('a 10 MB file of programs: loads, merges identical programs, runs', () => {
    const library = readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8');
    let text = '';
    for (let k = 0; text.length < 10 * 1024 * 1024; k++) text += library.replaceAll('def solve_', `def solve_k${k}_`);
    const { dir, out } = battery({ 'big.py': text });
    const r = runCli(['-i', '007bbfb7', '-b', dir, '--out', out, '--json', '-', '--mode', mode]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(report.tasks[0].candidates).toBeGreaterThan(90_000);
    expect(report.tasks[0].unique).toBe(22);
    expect(report.tasks[0].best.score).toBe(5000);
  }, 120_000);
});

