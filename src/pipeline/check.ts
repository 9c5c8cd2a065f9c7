// `run-batt check`: runs each solve_<id> on task <id> (every train and test
// pair with a known output), like arc-dsl's own correctness test. Each pair
// runs under a time budget; a program that throws or runs out of time fails
// alone, with its reason.

import { beginBudget, endBudget, withBudget } from '../dsl/budget.js';
import { statusOf } from '../status.js';
import { compile } from '../program/compile.js';
import { tuneForPrograms } from '../program/jit.js';
import type { Program } from '../program/ast.js';
import type { Example, GridData, Task } from '../task/load.js';
import { taskOfStorePath } from '../task/ids.js';
import { isArcGrid, sameGrid, toDslGrid } from '../task/grid.js';
import type { Value } from '../dsl/values.js';

export interface CheckResult {
  readonly id: string;
  readonly solved: boolean;
  readonly pairs: number;
  readonly pairsOk: number;
  readonly ms: number;
  /** The first failure's reason (exception class and message, or Timeout). */
  readonly error?: string;
  readonly file: string;
  /**
   * With `keepOutputs`: per pair (train, then test, pairs without a known output too), the output
   * grid, or null where the program failed or returned no grid.
   */
  readonly outputs?: readonly (GridData | null)[];
}

export interface CheckOptions {
  readonly timeoutMs: number;
  readonly onResult?: (r: CheckResult) => void;
  /** Keep each pair's output for the reports (--json, --html), so the programs are not run a second time for them. */
  readonly keepOutputs?: boolean;
}

/** A failure as check prints it; the kind comes from the pipeline's own classification. */
function describeError(e: unknown): string {
  const { status } = statusOf(e);
  const message = (e as Error)?.message ?? String(e);
  if (status === 'timeout') return 'Timeout';
  if (status === 'oom') return `MemoryLimit: ${message}`;
  return `${(e as Error)?.name ?? 'Error'}: ${message}`;
}

function checkProgram(program: Program, task: Task, timeoutMs: number, keepOutputs: boolean): CheckResult {
  const all = [...task.train, ...task.test];
  const pairs = all.filter((p) => p.output !== undefined);
  const kept: (Value | undefined)[] = [];
  let ok = 0;
  let error: string | undefined;
  let solver: ReturnType<typeof compile> | undefined;
  try {
    solver = compile(program);
  } catch (e) {
    error = describeError(e);
  }
  // The time is the program's runs, each under its budget, and the comparisons of their outputs:
  // what arc-dsl's own harness (and scripts/cpython-solvers.py) times. Compiling the program and
  // converting the input grids come before, as its imports and tuple conversions do.
  const inputs = solver ? pairs.map((p) => toDslGrid(p.input)) : [];
  const t0 = performance.now();
  if (solver) {
    for (let k = 0; k < pairs.length; k++) {
      try {
        const saved = beginBudget(timeoutMs);
        let out: Value;
        try {
          out = solver(inputs[k]);
        } finally {
          endBudget(saved);
        }
        if (keepOutputs) kept[k] = out;
        if (sameGrid(out, pairs[k].output!)) ok++;
        else error ??= `pair ${k + 1}: wrong output`;
      } catch (e) {
        error ??= `pair ${k + 1}: ${describeError(e)}`;
      }
    }
  }
  const ms = performance.now() - t0;
  const solved = pairs.length > 0 && ok === pairs.length;
  const outputs = keepOutputs ? reportOutputs(all, kept, solver, timeoutMs) : undefined;
  return { id: task.id, solved, pairs: pairs.length, pairsOk: ok, ms, file: `${program.file}:${program.line}`, ...(solved ? {} : { error }), ...(outputs ? { outputs } : {}) };
}

/**
 * Every pair's output for the reports: the timed runs' outputs, and (untimed) the pairs without a
 * known output, which the check does not run. Rows are copied: a report must not share a grid's
 * rows with the program that made it.
 */
function reportOutputs(
  all: readonly Example[],
  kept: readonly (Value | undefined)[],
  solver: ((input: Value) => Value) | undefined,
  timeoutMs: number,
): (GridData | null)[] {
  const asGrid = (v: Value | undefined): GridData | null => (v !== undefined && isArcGrid(v) ? v.map((row) => [...row]) : null);
  let timed = 0; // kept[] follows the pairs with a known output, in order
  return all.map((pair) => {
    if (pair.output !== undefined) return asGrid(kept[timed++]);
    if (!solver) return null;
    try {
      return asGrid(withBudget(timeoutMs, () => solver(toDslGrid(pair.input))));
    } catch {
      return null;
    }
  });
}

export interface CheckPlan {
  readonly runs: { program: Program; task: Task }[];
  /** Programs whose task is not in the data. */
  readonly missing: Program[];
  /** Earlier definitions replaced by a later one for the same task (the last one wins, as in Python). */
  readonly shadowed: Program[];
}

export function planCheck(programs: readonly Program[], tasks: readonly Task[]): CheckPlan {
  const byTask = new Map<string, Program>();
  const shadowed: Program[] = [];
  for (const p of programs) {
    // A stored program (solver_dir/solve_<id>/...) is checked on the task of its link, whatever its def line says:
    // the md5 file it points to is named after the first task that stored it.
    const id = taskOfStorePath(p.file) ?? p.taskId;
    const prev = byTask.get(id);
    if (prev) shadowed.push(prev);
    byTask.set(id, p);
  }
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const runs: { program: Program; task: Task }[] = [];
  const missing: Program[] = [];
  for (const [id, program] of [...byTask].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const task = taskById.get(id);
    if (task) runs.push({ program, task });
    else missing.push(program);
  }
  return { runs, missing, shadowed };
}

export function runCheck(plan: CheckPlan, opts: CheckOptions): CheckResult[] {
  tuneForPrograms();
  return plan.runs.map(({ program, task }) => {
    const r = checkProgram(program, task, opts.timeoutMs, opts.keepOutputs ?? false);
    opts.onResult?.(r);
    return r;
  });
}
