// The run pipeline end to end on a battery with bad candidates among good ones,
// in both modes: the bad ones cost only themselves.
import { mkdtempSync, readFileSync, readlinkSync, existsSync } from 'node:fs';
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

const loopsForever = [
  'def solve_loop(I):',
  '    x1 = power(vmirror, TEN)',
  ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => `    x${k} = power(x${k - 1}, TEN)`),
  '    O = x10(I)',
  '    return O',
].join('\n');
const allocates = [
  'def solve_alloc(I):',
  '    x1 = vconcat(I, I)',
  ...Array.from({ length: 40 }, (_, k) => `    x${k + 2} = vconcat(x${k + 1}, x${k + 1})`),
  '    O = identity(x41)',
  '    return O',
].join('\n');
const throws = ['def solve_throw(I):', '    x1 = ofcolor(I, TEN)', '    O = first(x1)', '    return O'].join('\n');
const notGrid = ['def solve_notgrid(I):', '    O = palette(I)', '    return O'].join('\n');

function battery(text: string): Battery {
  const r = parseSolvers(text, 'battery.py');
  expect(r.errors).toEqual([]);
  return { programs: r.programs, graph: buildGraph(r.programs) };
}

const good = battery(library);
const mixed = battery([loopsForever, library, allocates, throws, notGrid].join('\n\n'));
let task: Task;
let executors: Record<'sequential' | 'parallel', Executor>;

beforeAll(async () => {
  task = (await loadTasks(path.join(REPO_ROOT, 'tasks'))).tasks.find((t) => t.id === '007bbfb7')!;
  const pool = new PoolExecutor({ workers: 2 });
  await pool.start();
  executors = { sequential: new SequentialExecutor(), parallel: pool };
}, 60_000);
afterAll(async () => {
  await executors.parallel.close();
});

const byName = (r: TaskReport) => new Map(r.programs.map((p) => [p.candidates[0].split(' ')[0], p]));
// ms and tLog are measurements; everything else must match exactly.
const strip = (r: TaskReport) => r.programs.map(({ ms, tLog, ...rest }) => ({ ...rest, candidates: rest.candidates.map((c) => c.split(' ')[0]) }));
const ctx = (executor: Executor, timeoutMs = 300) => ({ executor, timeoutMs, outDir: mkdtempSync(path.join(tmpdir(), 'run-batt-store-')), keep: 32 });

describe.each(['sequential', 'parallel'] as const)('run pipeline (%s)', (mode) => {
  let clean: TaskReport;
  let bad: TaskReport;
  let wallMs: number;

  beforeAll(async () => {
    clean = await runTask(task, good, ctx(executors[mode]));
    const t0 = performance.now();
    bad = await runTask(task, mixed, ctx(executors[mode]));
    wallMs = performance.now() - t0;
  }, 120_000);

  it('ends within a few timeouts', () => {
    expect(wallMs).toBeLessThan(10 * 300 + 5000);
  });

  it('gives the bad candidates TIMEOUT, OOM and ERROR, and the non-grid WRONG', () => {
    const p = byName(bad);
    expect(p.get('solve_loop')).toMatchObject({ status: 'timeout' });
    expect(p.get('solve_alloc')).toMatchObject({ status: 'oom' });
    expect(p.get('solve_throw')).toMatchObject({ status: 'error', error: 'StopIteration' });
    expect(p.get('solve_notgrid')).toMatchObject({ status: 'wrong', error: 'NotAGrid' });
  });

  it("keeps every normal candidate's result intact", () => {
    const p = byName(bad);
    for (const c of clean.programs) {
      const { ms, tLog, ...rest } = c;
      const { ms: _ms, tLog: _tLog, ...other } = p.get(c.candidates[0].split(' ')[0])!;
      expect({ ...other, candidates: [] }).toEqual({ ...rest, candidates: [] });
    }
  });

  it('finds and stores the shipped 007bbfb7 solver at the top score', async () => {
    expect(clean.best?.score).toBe(5000);
    const c = ctx(executors[mode]);
    const r = await runTask(task, good, c);
    const link = path.join(c.outDir, 'solver_dir', 'solve_007bbfb7', '5000', String(r.best!.tLog), `${r.best!.md5}.py`);
    expect(existsSync(link)).toBe(true);
    expect(readlinkSync(link)).toBe(`../../../../solver_md5/${r.best!.md5}.py`);
    expect(readFileSync(link, 'utf8')).toMatch(/def solve_007bbfb7\(I\):/);
  });

  it('keeps working after the bad candidates', async () => {
    const again = await runTask(task, good, ctx(executors[mode]));
    expect(strip(again)).toEqual(strip(clean));
  });
});

describe('sequential and parallel modes', () => {
  it('give identical results (md5s, scores, statuses)', async () => {
    const a = await runTask(task, mixed, ctx(executors.sequential));
    const b = await runTask(task, mixed, ctx(executors.parallel));
    expect(strip(b)).toEqual(strip(a));
    expect(b.best).toEqual(a.best === null ? null : { ...a.best, tLog: b.best!.tLog });
    expect(b.statuses).toEqual(a.statuses);
  }, 120_000);
});

describe('a worker that runs out of heap', () => {
  it('costs only the candidate that did it; the pool recovers', async () => {
    // A million cells of colour 100, which no packed set holds: asobject makes a tuple per cell (a
    // canvas of colour 1 packs since asobject packs colours 0..15, and fits in the heap).
    const hog = ['def solve_hog(I):', '    x1 = multiply(TEN, TEN)', '    x2 = multiply(x1, TEN)', '    x3 = astuple(x2, x2)', '    x4 = canvas(x1, x3)', '    x5 = asobject(x4)', '    x6 = shift(x5, UNITY)', '    O = paint(x4, x6)', '    return O'].join('\n');
    const b = battery([library, hog].join('\n\n'));
    const small = new PoolExecutor({ workers: 2, memoryMb: 48, onError: () => {} });
    await small.start();
    try {
      const r = await runTask(task, b, ctx(small, 5000));
      const p = byName(r);
      expect(p.get('solve_hog')?.status).toBe('oom');
      expect(r.best?.score).toBe(5000);
      const after = await runTask(task, good, ctx(small, 5000));
      expect(after.best?.score).toBe(5000);
    } finally {
      await small.close();
    }
  }, 120_000);
});
