// Grids as the reports carry them: one string of digits per row
// (["007", "070"]), compact and readable in pretty-printed JSON. And the
// outputs of a program on every pair of a task, computed in the main thread
// for the reports (the few best programs of a task, each pair under the
// time limit).

import { parseSolvers } from '../../program/parse.js';
import { compile, type Solver } from '../../program/compile.js';
import { withBudget } from '../../dsl/budget.js';
import { isArcGrid, toDslGrid } from '../../task/grid.js';
import type { Program } from '../../program/ast.js';
import type { GridData, Task } from '../../task/load.js';
import { rankValidated } from '../../pipeline/run.js';
import { roundMs } from '../../format.js';

/** A grid in a report: one string of digits per row. */
export type RowGrid = string[];

export interface ReportPair {
  readonly input: RowGrid;
  /** Absent when unknown (Kaggle test inputs without solutions). */
  readonly output?: RowGrid;
}

/** A task's pairs as a report carries them. */
export interface ReportGrids {
  readonly train: ReportPair[];
  readonly test: ReportPair[];
}

export const encodeGrid = (g: readonly (readonly number[])[]): RowGrid => g.map((row) => row.join(''));

export function decodeGrid(rows: readonly string[]): number[][] {
  return rows.map((r) => Array.from(r, (ch) => ch.charCodeAt(0) - 48));
}

export function taskGrids(task: Task): ReportGrids {
  const pair = (p: { input: GridData; output?: GridData }): ReportPair => ({ input: encodeGrid(p.input), ...(p.output ? { output: encodeGrid(p.output) } : {}) });
  return { train: task.train.map(pair), test: task.test.map(pair) };
}

/** What one program did on one pair: its output grid, or why there is none. */
export interface PairOutcome {
  readonly output: number[][] | null;
  readonly error?: string;
}

/** Runs a compiled program on every pair (train, then test), each under the time limit. */
export function runOnPairs(solver: Solver, task: Task, timeoutMs: number): PairOutcome[] {
  return [...task.train, ...task.test].map((pair) => {
    try {
      const out = withBudget(timeoutMs, () => solver(toDslGrid(pair.input)));
      if (!isArcGrid(out)) return { output: null, error: 'NotAGrid' };
      return { output: out.map((row) => [...row]) };
    } catch (e) {
      return { output: null, error: (e as Error)?.name ?? 'Error' };
    }
  });
}

/** The outputs of a program given as text (one solve_ function), or undefined when it does not parse. */
export function sourceOutputs(source: string, task: Task, timeoutMs: number): (RowGrid | null)[] | undefined {
  const parsed = parseSolvers(source, '<report>');
  if (parsed.programs.length !== 1) return undefined;
  return programOutputs(parsed.programs[0], task, timeoutMs);
}

export function programOutputs(program: Program, task: Task, timeoutMs: number): (RowGrid | null)[] {
  let solver: Solver;
  try {
    solver = compile(program);
  } catch {
    return [...task.train, ...task.test].map(() => null);
  }
  return runOnPairs(solver, task, timeoutMs).map((o) => (o.output ? encodeGrid(o.output) : null));
}

/** One of a task's best programs as the reports carry it, with its outputs. */
export interface ReportTop {
  readonly md5: string;
  readonly score: number;
  readonly status: string;
  readonly tLog?: number;
  readonly ms?: number;
  readonly error?: string;
  /** Expanded program text. */
  readonly source?: string;
  /** Per pair (train, then test): the output grid, null where none. */
  readonly outputs?: (RowGrid | null)[];
}

interface ProgramLike {
  readonly status: string;
  readonly score: number;
  readonly md5?: string;
  readonly tLog?: number;
  readonly ms?: number;
  readonly error?: string;
  readonly validated: boolean;
  readonly source?: string;
}

/** The task's n best validated programs (score, then speed, then md5), each with its outputs on every pair. */
export function topPrograms(programs: readonly ProgramLike[], task: Task, timeoutMs: number, n = 3): ReportTop[] {
  const ranked = rankValidated(programs).slice(0, n);
  return ranked.map((p) => ({
    md5: p.md5!,
    score: p.score,
    status: p.status,
    ...(p.tLog !== undefined ? { tLog: p.tLog } : {}),
    ...(p.ms !== undefined ? { ms: roundMs(p.ms) } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.source ? { source: p.source, outputs: sourceOutputs(p.source, task, timeoutMs) } : {}),
  }));
}

/** What the HTML report needs of a task besides the run report: its grids, its best programs with their outputs, its time. */
export function taskExtras(programs: readonly ProgramLike[], task: Task, timeoutMs: number, ms?: number): object {
  return { ...(ms !== undefined ? { ms: roundMs(ms) } : {}), grids: taskGrids(task), top: topPrograms(programs, task, timeoutMs) };
}
