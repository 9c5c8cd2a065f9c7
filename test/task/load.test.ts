import { InputError } from '../../src/errors.js';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTasks } from '../../src/task/load.js';
import { selectTasks } from '../../src/task/select.js';
import { generateTasks } from '../../src/task/generate.js';
import { REPO_ROOT, sharedPath } from '../helpers/shared.js';

const good = { train: [{ input: [[1, 0]], output: [[0, 1]] }], test: [{ input: [[2, 0]], output: [[0, 2]] }] };

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-tasks-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('task loading', () => {
  it('loads the shipped tasks (at least 12, including 007bbfb7)', async () => {
    const r = await loadTasks(path.join(REPO_ROOT, 'tasks'));
    expect(r.errors).toEqual([]);
    expect(r.tasks.length).toBeGreaterThanOrEqual(12);
    expect(r.tasks.map((t) => t.id)).toContain('007bbfb7');
  });

  it('ships exactly what the generator makes', () => {
    for (const t of generateTasks()) {
      expect(readFileSync(path.join(REPO_ROOT, 'tasks', `${t.id}.json`), 'utf8')).toBe(t.json);
    }
  });

  const faults: [string, string, RegExp][] = [
    ['malformed JSON', '{"train": [', /malformed JSON/],
    ['an empty file', '', /empty file|malformed JSON/],
    ['an array instead of an object', '[]', /expected a task object/],
    ['missing train', '{"test": []}', /'train' is missing/],
    ['a pair without output', '{"train": [{"input": [[1]]}], "test": []}', /train\[0\]: missing 'output'/],
    ['ragged rows', '{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}', /train\[0\]\.input: ragged rows/],
    ['a colour outside 0-9', '{"train": [{"input": [[10]], "output": [[1]]}], "test": []}', /cell \[0\]\[0\] is 10/],
    ['a non-integer', '{"train": [{"input": [[1.5]], "output": [[1]]}], "test": []}', /cell \[0\]\[0\] is 1.5/],
    ['a 0x0 grid', '{"train": [{"input": [], "output": [[1]]}], "test": []}', /0 rows/],
    ['a 31-row grid', JSON.stringify({ train: [{ input: Array.from({ length: 31 }, () => [1]), output: [[1]] }], test: [] }), /31 rows/],
    ['a test input that is not a grid', '{"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": 5}]}', /test\[0\]\.input: not a grid/],
  ];
  for (const [what, text, message] of faults) {
    it(`reports ${what} naming the file and the pair, and loads the rest`, async () => {
      const dir = folder({ 'bad.json': text, 'good.json': JSON.stringify(good) });
      const r = await loadTasks(dir);
      expect(r.tasks.map((t) => t.id)).toEqual(['good']);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].file).toBe(path.join(dir, 'bad.json'));
      expect(r.errors[0].message).toMatch(message);
    });
  }

  it('reads training/ and evaluation/ together and reports duplicate ids', async () => {
    const dir = folder({ 'training/a.json': JSON.stringify(good), 'evaluation/b.json': JSON.stringify(good), 'evaluation/a.json': JSON.stringify(good) });
    const r = await loadTasks(dir);
    expect(r.tasks.map((t) => t.id)).toEqual(['a', 'b']);
    expect(r.errors[0].message).toMatch(/duplicate task id/);
  });

  it('reads a Kaggle challenges file with its solutions, and without', async () => {
    const challenges = { t1: { train: good.train, test: [{ input: [[3, 0]] }] } };
    const withSol = folder({ 'x_challenges.json': JSON.stringify(challenges), 'x_solutions.json': JSON.stringify({ t1: [[[0, 3]]] }) });
    const a = await loadTasks(path.join(withSol, 'x_challenges.json'));
    expect(a.errors).toEqual([]);
    expect(a.tasks[0].test[0].output).toEqual([[0, 3]]);
    const without = folder({ 'x_challenges.json': JSON.stringify(challenges) });
    const b = await loadTasks(without);
    expect(b.errors).toEqual([]);
    expect(b.tasks[0].test[0].output).toBeUndefined();
    const other = folder({ 'x_challenges.json': JSON.stringify(challenges), 'x_solutions.json': JSON.stringify({ zz: [] }) });
    const c = await loadTasks(other);
    expect(c.tasks).toHaveLength(1);
    expect(c.errors[0].message).toMatch(/no solutions for this task/);
  });

  const kaggle = sharedPath('arc', 'kaggle', 'arc-agi_evaluation_challenges.json');
  it.skipIf(!kaggle)('loads the real Kaggle ARC-AGI-2 evaluation layout', async () => {
    const r = await loadTasks(kaggle!);
    expect(r.errors).toEqual([]);
    expect(r.tasks).toHaveLength(120);
    expect(r.tasks.every((t) => t.test.every((ex) => ex.output !== undefined))).toBe(true);
  });

  const arc1 = sharedPath('arc', 'arc-agi-1');
  it.skipIf(!arc1)('loads ARC-AGI-1 training + evaluation (800 tasks)', async () => {
    const r = await loadTasks(arc1!);
    expect(r.errors).toEqual([]);
    expect(r.tasks).toHaveLength(800);
  });
});

describe('task selection', () => {
  const tasks = ['007bbfb7', '00d62c1b', '017c7c7b', 'a1', 'b2'].map((id) => ({ id, train: [], test: [], source: '' }));
  it('selects exact ids', () => {
    expect(selectTasks(tasks, { ids: ['a1', '007bbfb7'] }).map((t) => t.id)).toEqual(['a1', '007bbfb7']);
  });
  it('slices the sorted ids', () => {
    expect(selectTasks(tasks, { start: 1, count: 2 }).map((t) => t.id)).toEqual(['00d62c1b', '017c7c7b']);
  });
  it('names near matches for an unknown id', () => {
    expect(() => selectTasks(tasks, { ids: ['007bbfb8'] })).toThrow(InputError);
    expect(() => selectTasks(tasks, { ids: ['007bbfb8'] })).toThrow(/did you mean 007bbfb7/);
  });
});

describe('loading only the selected tasks', () => {
  it('with only: the named files are read, others (even malformed ones) are not; training/ and evaluation/ both searched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-only-'));
    const task = JSON.stringify({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] });
    mkdirSync(path.join(dir, 'training'));
    mkdirSync(path.join(dir, 'evaluation'));
    writeFileSync(path.join(dir, 'training', 'aaaa0001.json'), task);
    writeFileSync(path.join(dir, 'training', 'bad00001.json'), '{ not json');
    writeFileSync(path.join(dir, 'evaluation', 'bbbb0002.json'), task);
    const some = await loadTasks(dir, { only: ['aaaa0001', 'bbbb0002'] });
    expect(some.tasks.map((t) => t.id)).toEqual(['aaaa0001', 'bbbb0002']);
    expect(some.errors).toEqual([]);
    const all = await loadTasks(dir);
    expect(all.tasks.map((t) => t.id)).toEqual(['aaaa0001', 'bbbb0002']);
    expect(all.errors.map((e) => e.task)).toEqual(['bad00001']);
  });

  it('with only: a Kaggle challenges file is still read (whole), whatever its name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-only-kaggle-'));
    const task = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] };
    writeFileSync(path.join(dir, 'arc-agi_training_challenges.json'), JSON.stringify({ cccc0003: task, dddd0004: task }));
    writeFileSync(path.join(dir, 'eeee0005.json'), JSON.stringify(task));
    const some = await loadTasks(dir, { only: ['cccc0003'] });
    expect(some.tasks.map((t) => t.id)).toEqual(['cccc0003', 'dddd0004']);
    expect(some.errors).toEqual([]);
  });
});
