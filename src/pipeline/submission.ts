// Kaggle (ARC Prize) submissions: {task_id: [{"attempt_1": grid, "attempt_2": grid}, ...]},
// one entry per test input in order, every task present.

import type { Task } from '../task/load.js';
import type { Attempts, TaskReport } from './run.js';

export type Submission = Record<string, Attempts[]>;

export function buildSubmission(tasks: readonly Task[], reports: readonly TaskReport[]): Submission {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const out: Submission = {};
  for (const task of tasks) {
    // A task the run did not reach still gets an entry: its input grids.
    out[task.id] = byId.get(task.id)?.attempts ?? task.test.map((ex) => ({ attempt_1: ex.input, attempt_2: ex.input }));
  }
  return out;
}

const same = (a: number[][], b: readonly (readonly number[])[]) => JSON.stringify(a) === JSON.stringify(b);

export interface SubmissionScore {
  /** Sum over tasks of the fraction of test outputs matched by either attempt. */
  readonly score: number;
  /** Tasks with every test output known (the denominator). */
  readonly tasks: number;
}

/** The score the submission would get, over tasks whose test outputs are all known; undefined when none are. */
export function scoreSubmission(tasks: readonly Task[], submission: Submission): SubmissionScore | undefined {
  let score = 0, scored = 0;
  for (const task of tasks) {
    if (task.test.length === 0 || task.test.some((ex) => !ex.output)) continue;
    scored++;
    const attempts = submission[task.id] ?? [];
    const right = task.test.filter((ex, k) => attempts[k] && (same(attempts[k].attempt_1, ex.output!) || same(attempts[k].attempt_2, ex.output!))).length;
    score += right / task.test.length;
  }
  return scored === 0 ? undefined : { score, tasks: scored };
}

/** Checks the layout; returns the problems found (empty when valid). */
export function checkSubmissionLayout(tasks: readonly Task[], submission: unknown): string[] {
  const problems: string[] = [];
  if (submission === null || typeof submission !== 'object' || Array.isArray(submission)) return ['not an object'];
  const s = submission as Record<string, unknown>;
  const isGrid = (g: unknown) => Array.isArray(g) && g.length > 0 && g.every((row) => Array.isArray(row) && row.length === (g[0] as unknown[]).length && row.every((v) => Number.isInteger(v) && v >= 0 && v <= 9));
  for (const task of tasks) {
    const entry = s[task.id];
    if (!Array.isArray(entry)) {
      problems.push(`${task.id}: missing`);
      continue;
    }
    if (entry.length !== task.test.length) problems.push(`${task.id}: ${entry.length} entries for ${task.test.length} test inputs`);
    entry.forEach((a, k) => {
      if (!a || typeof a !== 'object' || !isGrid((a as Attempts).attempt_1) || !isGrid((a as Attempts).attempt_2)) problems.push(`${task.id}[${k}]: needs attempt_1 and attempt_2 grids`);
    });
  }
  return problems;
}
