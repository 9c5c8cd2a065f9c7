// Faults in task data: each bad file is reported (file, pair, fault) and the
// other tasks still run. What the user sees is on stderr; the exit code is 0
// because the run itself completed.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.js';

const good = JSON.stringify({ train: [{ input: [[1, 0]], output: [[0, 1]] }], test: [{ input: [[2, 0]], output: [[0, 2]] }] });
const grid = (h: number, w: number) => Array.from({ length: h }, () => new Array(w).fill(1));
const task = (train: unknown, test: unknown = []) => JSON.stringify({ train, test });

const cases: [string, string, RegExp][] = [
  ['malformed JSON', '{"train": [}', /bad\.json \(task bad\): malformed JSON at line 1, column \d+/],
  ['truncated JSON', good.slice(0, 40), /bad\.json \(task bad\): malformed JSON/],
  ['an empty file', '', /bad\.json \(task bad\): malformed JSON: empty file/],
  ['an array instead of an object', '[1, 2]', /bad\.json \(task bad\): expected a task object/],
  ['a missing train list', '{"test": []}', /bad\.json \(task bad\): 'train' is missing/],
  ['a pair without output', task([{ input: [[1]] }]), /bad\.json \(task bad\): train\[0\]: missing 'output'/],
  ['ragged rows', task([{ input: [[1, 2], [3]], output: [[1]] }]), /train\[0\]\.input: ragged rows: row 1 has 1 cells, row 0 has 2/],
  ['a colour outside 0-9', task([{ input: [[1, 12]], output: [[1]] }]), /train\[0\]\.input: cell \[0\]\[1\] is 12 \(colours are integers 0 to 9\)/],
  ['a non-integer', task([{ input: [[1]], output: [[0.5]] }]), /train\[0\]\.output: cell \[0\]\[0\] is 0\.5/],
  ['a 0x0 grid', task([{ input: [], output: [[1]] }]), /train\[0\]\.input: 0 rows \(must be 1 to 30\)/],
  ['a 31x31 grid', task([{ input: grid(31, 31), output: [[1]] }]), /train\[0\]\.input: 31 rows \(must be 1 to 30\)/],
  ['a test input that is not a grid', task([{ input: [[1]], output: [[1]] }], [{ input: 'abc' }]), /test\[0\]\.input: not a grid/],
];

describe.each(['sequential', 'parallel'])('fault suite: task data (%s)', (mode) => {
  for (const [what, text, message] of cases) {
    it(`${what}: named on stderr, the other tasks still run`, () => {
      const data = tempFolder({ 'bad.json': text, 'good.json': good });
      const r = runCli(['-b', 'solvers', '--out', path.join(data, 'store'), '--data', data, '--mode', mode]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toMatch(/good\s+\d+ candidates/);
      expect(r.stdout).not.toMatch(/\bbad\s+\d+ candidates/);
    });
  }

  it('an unreadable file (here: a dangling link and a folder named like a task): named, the rest loads', () => {
    const data = tempFolder({ 'good.json': good });
    mkdirSync(path.join(data, 'dir.json'));
    symlinkSync(path.join(data, 'nowhere'), path.join(data, 'gone.json'));
    const r = runCli(['-b', 'solvers', '--out', path.join(data, 'store'), '--data', data, '--mode', mode]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dir\.json \(task dir\): cannot read: EISDIR/);
    expect(r.stderr).toMatch(/gone\.json \(task gone\): cannot read: ENOENT/);
    expect(r.stdout).toMatch(/good\s+\d+ candidates/);
  });

  it('duplicate task ids across training/ and evaluation/: the second is reported and ignored', () => {
    const data = tempFolder({ 'training/a.json': good, 'evaluation/a.json': good, 'evaluation/b.json': good });
    const r = runCli(['-b', 'solvers', '--out', path.join(data, 'store'), '--data', data, '--mode', mode]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/evaluation\/a\.json \(task a\): duplicate task id \(already loaded from .*training\/a\.json\); ignored/);
    expect(r.stdout).toMatch(/\ba\s+\d+ candidates/);
    expect(r.stdout).toMatch(/\bb\s+\d+ candidates/);
  });

  it('a Kaggle challenges file without its solutions: runs on the demos, no error', () => {
    const data = tempFolder({ 'x_challenges.json': JSON.stringify({ t1: { train: [{ input: [[1, 0]], output: [[0, 1]] }], test: [{ input: [[2, 0]] }] } }) });
    const r = runCli(['-b', 'solvers', '--out', path.join(data, 'store'), '--data', path.join(data, 'x_challenges.json'), '--mode', mode]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.stdout).toMatch(/t1\s+\d+ candidates/);
  });

  it('a Kaggle solutions file for other ids: each task without solutions is named', () => {
    const data = tempFolder({
      'x_challenges.json': JSON.stringify({ t1: { train: [{ input: [[1, 0]], output: [[0, 1]] }], test: [{ input: [[2, 0]] }] } }),
      'x_solutions.json': JSON.stringify({ other: [[[1]]] }),
    });
    const r = runCli(['-b', 'solvers', '--out', path.join(data, 'store'), '--data', path.join(data, 'x_challenges.json'), '--mode', mode]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/x_solutions\.json \(task t1\): no solutions for this task; test outputs unknown/);
    expect(r.stdout).toMatch(/t1\s+\d+ candidates/);
  });

  it('a data path that does not exist: exit 2 with the path named', () => {
    const r = runCli(['--data', 'no/such/place', '--mode', mode]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no\/such\/place: no such file or folder/);
  });

});
