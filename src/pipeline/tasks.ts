// Several tasks through the pipeline. In the pool, tasks overlap (up to one
// per worker in flight), so that while one task is between phases (filter,
// store, differs run in the main thread, and every phase ends at a barrier)
// the workers have another task's jobs to run. Reports come back in task
// order, and each is announced as soon as every task before it is done.

import type { Task } from '../task/load.js';
import type { WorkSize } from '../exec/auto.js';
import { Interrupted } from '../exec/executor.js';
import { runTask, type Battery, type RunContext, type TaskReport } from './run.js';

/** One battery for every task, or each task's own, as a function of the task. */
type Batteries = Battery | ((task: Task) => Battery);
const batteryFor = (b: Batteries): ((task: Task) => Battery) => (typeof b === 'function' ? b : () => b);

/** The size of a run's work, for --mode auto: what the score phase will evaluate. */
export function workSize(tasks: readonly Task[], battery: Batteries): WorkSize {
  const batteryOf = batteryFor(battery);
  let samples = 0, nodes = 0, evaluations = 0;
  for (const t of tasks) {
    const n = t.train.length + t.test.length;
    const size = batteryOf(t).graph.size;
    samples += n;
    nodes = Math.max(nodes, size);
    evaluations += n * size;
  }
  return { tasks: tasks.length, samples, nodes, evaluations };
}

/** Tasks in flight at once: one per worker in the pool, one in the main thread. */
export const tasksInFlight = (ctx: RunContext): number => (ctx.executor.mode === 'sequential' ? 1 : Math.max(1, ctx.executor.workers));

export interface TasksResult {
  /** The reports of the tasks that finished, in task order. */
  readonly reports: TaskReport[];
  /** Stopped by the signal: some tasks did not run or did not finish. */
  readonly interrupted: boolean;
  /** Most tasks that were running at once. */
  readonly inFlight: number;
}

/**
 * Runs every task (with one battery, or each with its own); `done` is called in task order with each report and its
 * wall time. A bug in one task (an error that is not an interruption) is
 * rethrown once the tasks already running have settled.
 */
export async function runTasks(
  tasks: readonly Task[],
  battery: Batteries,
  ctx: RunContext,
  done: (report: TaskReport, task: Task, wallMs: number) => void = () => undefined,
  limit = tasksInFlight(ctx),
): Promise<TasksResult> {
  const results: ({ report: TaskReport; wallMs: number } | undefined)[] = new Array(tasks.length);
  let next = 0;
  let announced = 0;
  let interrupted = false;
  let failure: unknown;
  const inFlight = Math.max(1, Math.min(limit, tasks.length));
  const batteryOf = batteryFor(battery);

  const lane = async (): Promise<void> => {
    while (next < tasks.length && !interrupted && failure === undefined) {
      if (ctx.signal?.aborted) {
        interrupted = true;
        break;
      }
      const k = next++;
      const t0 = performance.now();
      try {
        results[k] = { report: await runTask(tasks[k], batteryOf(tasks[k]), ctx), wallMs: performance.now() - t0 };
      } catch (e) {
        if (e instanceof Interrupted || ctx.signal?.aborted) interrupted = true;
        else failure ??= e;
        break;
      }
      while (announced < tasks.length && results[announced]) {
        const r = results[announced]!;
        done(r.report, tasks[announced], r.wallMs);
        announced++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  if (failure !== undefined) throw failure;
  if (ctx.signal?.aborted) interrupted = true;
  // Tasks after a gap (one that did not finish) are still reported, in order.
  for (let k = announced; k < tasks.length; k++) {
    const r = results[k];
    if (r) done(r.report, tasks[k], r.wallMs);
  }
  return { reports: results.filter((r) => r !== undefined).map((r) => r!.report), interrupted, inFlight };
}
