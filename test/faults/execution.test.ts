// Faults while programs run, in both modes: each bad candidate costs only
// itself and carries its status; the pool recovers for the rest of the run.
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { buildGraph } from '../../src/program/graph.js';
import { loadTasks, type Task } from '../../src/task/load.js';
import { runTask, type Battery, type TaskReport } from '../../src/pipeline/run.js';
import { PoolExecutor, SequentialExecutor, type Executor } from '../../src/exec/executor.js';
import { REPO_ROOT } from '../helpers/shared.js';

const library = readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8');
const bad: Record<string, [string, string, string | undefined]> = {
  // name: [program body, expected status, expected error]
  throws: ['    x1 = ofcolor(I, TEN)\n    O = first(x1)', 'error', 'StopIteration'],
  forever: [['    x1 = power(rot90, TEN)', ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => `    x${k} = power(x${k - 1}, TEN)`), '    O = x10(I)'].join('\n'), 'timeout', undefined],
  allocates: [['    x1 = hconcat(I, I)', ...Array.from({ length: 40 }, (_, k) => `    x${k + 2} = vconcat(x${k + 1}, x${k + 1})`), '    O = identity(x41)'].join('\n'), 'oom', undefined],
  nongrid: ['    O = objects(I, T, F, T)', 'wrong', 'NotAGrid'],
  toolarge: ['    x1 = upscale(I, TEN)\n    O = upscale(x1, TWO)', 'wrong', 'NotAGrid'],
  divides: ['    x1 = divide(ONE, ZERO)\n    O = canvas(x1, UNITY)', 'error', 'ZeroDivisionError'],
};
const badText = Object.entries(bad).map(([name, [body]]) => `def solve_${name}(I):\n${body}\n    return O\n`).join('\n');

function battery(text: string): Battery {
  const { programs, errors } = parseSolvers(text, 'battery.py');
  expect(errors).toEqual([]);
  return { programs, graph: buildGraph(programs) };
}
const ctx = (executor: Executor) => ({ executor, timeoutMs: 250, outDir: mkdtempSync(path.join(tmpdir(), 'run-batt-faults-')), keep: 64 });
const byName = (r: TaskReport) => new Map(r.programs.map((p) => [p.candidates[0].split(' ')[0], p]));
const comparable = (r: TaskReport) => r.programs.map(({ ms, tLog, candidates, ...p }) => ({ ...p, name: candidates[0].split(' ')[0] }));

let task: Task;
let pool: PoolExecutor;
beforeAll(async () => {
  task = (await loadTasks(path.join(REPO_ROOT, 'tasks'))).tasks.find((t) => t.id === '007bbfb7')!;
  pool = new PoolExecutor({ workers: 2 });
  await pool.start();
});
afterAll(() => pool.close());

describe.each(['sequential', 'parallel'] as const)('fault suite: execution (%s)', (mode) => {
  const executor = () => (mode === 'parallel' ? pool : new SequentialExecutor());
  let clean: TaskReport;
  let mixed: TaskReport;
  beforeAll(async () => {
    clean = await runTask(task, battery(library), ctx(executor()));
    mixed = await runTask(task, battery(`${badText}\n${library}`), ctx(executor()));
  }, 60_000);

  for (const [name, [, status, error]] of Object.entries(bad)) {
    it(`a candidate that ${name}: status ${status}${error ? ` (${error})` : ''}`, () => {
      const p = byName(mixed).get(`solve_${name}`)!;
      expect(p.status).toBe(status);
      if (error) expect(p.error).toBe(error);
    });
  }

  it('every other candidate keeps its result', () => {
    const got = new Map(comparable(mixed).map((p) => [p.name, p]));
    for (const p of comparable(clean)) expect(got.get(p.name)).toEqual(p);
  });

  it('the executor keeps working afterwards', async () => {
    const again = await runTask(task, battery(library), ctx(executor()));
    expect(comparable(again)).toEqual(comparable(clean));
  });
});

describe('fault suite: a worker that dies mid-batch', () => {
  it('its jobs are retried; every result is kept and the pool recovers', async () => {
    const slow = battery(`${library}\n${badText}`);
    const c = ctx(pool);
    const running = runTask(task, slow, { ...c, timeoutMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await pool.threads[0]?.terminate();
    const r = await running;
    const p = byName(r);
    expect(p.get('solve_007bbfb7')).toMatchObject({ status: 'ok', score: 5000 });
    expect(p.get('solve_throws')).toMatchObject({ status: 'error' });
    const after = await runTask(task, battery(library), ctx(pool));
    expect(after.best?.score).toBe(5000);
  }, 60_000);
});
