// Several tasks through the pipeline, and --mode auto's choice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { buildGraph } from '../../src/program/graph.js';
import { loadTasks, type Task } from '../../src/task/load.js';
import type { Battery } from '../../src/pipeline/run.js';
import { runTasks, workSize } from '../../src/pipeline/tasks.js';
import { PoolExecutor, SequentialExecutor } from '../../src/exec/executor.js';
import { AUTO_PARALLEL_MIN_EVALUATIONS, chooseMode } from '../../src/exec/auto.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { launchExecutor } from '../../src/commands/common.js';
import { maxCalls } from '../../src/program/load.js';
import type { Executor } from '../../src/exec/executor.js';

const parsed = parseSolvers(readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8'), 'solvers.py');
const battery: Battery = { programs: parsed.programs, graph: buildGraph(parsed.programs) };
let tasks: Task[];
const dirs: string[] = [];
const outDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'run-batt-tasks-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  tasks = (await loadTasks(path.join(REPO_ROOT, 'tasks'))).tasks.slice(0, 6);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('chooseMode', () => {
  const work = (nodes: number, samples: number) => ({ tasks: 1, samples, nodes, evaluations: nodes * samples });
  it('forced modes are kept whatever the size', () => {
    expect(chooseMode('parallel', 2, work(1, 1)).mode).toBe('parallel');
    expect(chooseMode('sequential', 2, work(1e6, 100)).mode).toBe('sequential');
  });
  it('auto: small work in the main thread, large work in the pool, and says why', () => {
    const small = chooseMode('auto', 2, work(10, 10));
    expect(small).toMatchObject({ requested: 'auto', mode: 'sequential' });
    expect(small.reason).toMatch(/100 node evaluations < /);
    const large = chooseMode('auto', 2, work(AUTO_PARALLEL_MIN_EVALUATIONS, 1));
    expect(large).toMatchObject({ requested: 'auto', mode: 'parallel' });
    expect(large.reason).toMatch(/>= /);
  });
  it('auto with one worker is sequential', () => {
    expect(chooseMode('auto', 1, work(1e6, 100)).mode).toBe('sequential');
  });
  it('the battery text bounds its graph: maxCalls >= graph nodes', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8');
    expect(maxCalls([text])).toBeGreaterThanOrEqual(battery.graph.size);
    expect(maxCalls(['def solve_a(I):\n    x1 = f(I)\n    O = g(x1)\n    return O\n'])).toBe(2);
  });
  it('auto starts no pool when the bound already rules it out, and starts it early when the bound allows it', async () => {
    const made: string[] = [];
    const fake = (mode: string): Executor =>
      ({ mode, workers: mode === 'parallel' ? 2 : 1, start: async () => undefined, close: async () => void made.push(`closed ${mode}`) }) as unknown as Executor;
    const create = (mode: 'sequential' | 'parallel') => (made.push(mode), fake(mode));
    const pool = { mode: 'auto' as const, workers: 2, memoryMb: 512 };
    const small = launchExecutor(pool, create);
    small.bound(work(100, 6));
    expect(made).toEqual([]);
    expect((await small.ready(work(80, 6))).choice.mode).toBe('sequential');
    expect(made).toEqual(['sequential']);

    made.length = 0;
    const large = launchExecutor(pool, create);
    large.bound(work(AUTO_PARALLEL_MIN_EVALUATIONS, 6));
    expect(made).toEqual(['parallel']); // started behind parsing, before the work is known
    expect((await large.ready(work(AUTO_PARALLEL_MIN_EVALUATIONS, 1))).choice.mode).toBe('parallel');
    expect(made).toEqual(['parallel']);

    // The bound was large but the graph turned out small: the early pool is closed, the run is sequential.
    made.length = 0;
    const shrunk = launchExecutor(pool, create);
    shrunk.bound(work(AUTO_PARALLEL_MIN_EVALUATIONS, 6));
    expect((await shrunk.ready(work(10, 6))).choice.mode).toBe('sequential');
    expect(made).toEqual(['parallel', 'closed parallel', 'sequential']);
  });
  it('the work size counts graph nodes and every sample of every task', () => {
    const w = workSize(tasks, battery);
    expect(w.nodes).toBe(battery.graph.size);
    expect(w.samples).toBe(tasks.reduce((n, t) => n + t.train.length + t.test.length, 0));
    expect(w.evaluations).toBe(w.nodes * w.samples);
  });
});

describe('runTasks', () => {
  let pool: PoolExecutor;
  beforeAll(async () => {
    pool = new PoolExecutor({ workers: 2 });
    await pool.start();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('overlapping tasks in the pool give the reports of one at a time, in task order', async () => {
    const order: string[] = [];
    const one = await runTasks(tasks, battery, { executor: new SequentialExecutor(), timeoutMs: 1000, outDir: outDir(), keep: 32 });
    const many = await runTasks(tasks, battery, { executor: pool, timeoutMs: 1000, outDir: outDir(), keep: 32 }, (r) => order.push(r.id));
    expect(one.inFlight).toBe(1);
    expect(many.inFlight).toBe(2);
    expect(order).toEqual(tasks.map((t) => t.id));
    const strip = (rs: typeof one.reports) => rs.map((r) => ({ id: r.id, best: r.best && r.best.score, statuses: r.statuses, solved: r.solved }));
    expect(strip(many.reports)).toEqual(strip(one.reports));
  });

  it('an interruption stops the tasks and keeps the finished ones', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const r = await runTasks(tasks, battery, { executor: pool, timeoutMs: 1000, outDir: outDir(), keep: 32, signal: abort.signal }, (rep) => {
      seen.push(rep.id);
      abort.abort();
    });
    expect(r.interrupted).toBe(true);
    expect(r.reports.length).toBeGreaterThanOrEqual(1);
    expect(r.reports.length).toBeLessThan(tasks.length);
    expect(seen).toEqual(r.reports.map((x) => x.id));
  });
});
