// Job "validate": each program alone on every sample,
// under its own time limit measured from the moment it starts.

import { parseSolvers } from '../program/parse.js';
import { SolverCache, type Solver } from '../program/compile.js';
import { withBudget } from '../dsl/budget.js';
import { fromWire, isArcGrid, sameAsWire, toWire, type WireGrid } from '../task/grid.js';
import { statusOf, type Status } from '../status.js';
import type { Sample } from './samples.js';
import { NOT_A_GRID } from './score.js';

export interface ValidateJob {
  readonly kind: 'validate';
  readonly programs: readonly string[];
  readonly samples: readonly Sample[];
  readonly timeoutMs: number;
  /** Sample indices whose outputs come back (the test inputs, for submissions). */
  readonly keepOutputs?: readonly number[];
}

export interface Validated {
  readonly status: Status;
  /** Exception class (ERROR), or what was exceeded. */
  readonly error?: string;
  /** Samples whose output is exact / samples with a known output. */
  readonly exact: number;
  readonly known: number;
  /** The program's own execution time over all samples. */
  readonly ms: number;
  /** Per sample: the output when it is a grid but not exact (for partial credit), else null. */
  readonly misses: (WireGrid | null)[];
  /** Outputs of the samples asked for in `keepOutputs` (null where not a grid). */
  readonly outputs?: (WireGrid | null)[];
}

export interface ValidateResult {
  readonly programs: Validated[];
  readonly taskMs: number;
}

// Each program identity is compiled once per thread and reused: the expanded
// text is canonical, so it is the identity (the same program recurs across
// tasks and search generations).
const solvers = new SolverCache(4096);

function compiledSolver(text: string): Solver | undefined {
  return solvers.get(text, () => {
    const parsed = parseSolvers(text, '<battery>');
    return parsed.programs.length === 1 ? parsed.programs[0] : undefined;
  });
}

export function validateOne(text: string, samples: readonly Sample[], timeoutMs: number, keepOutputs: readonly number[] = []): Validated {
  const solver = compiledSolver(text);
  if (solver === undefined) return { status: 'error', error: 'ParseError', exact: 0, known: 0, ms: 0, misses: [] };
  const inputs = samples.map((s) => fromWire(s.input));
  let exact = 0, known = 0, ms = 0;
  let allGrids = true;
  const misses: (WireGrid | null)[] = [];
  const outputs: (WireGrid | null)[] = keepOutputs.map(() => null);
  for (let k = 0; k < samples.length; k++) {
    const expected = samples[k].output;
    if (expected) known++;
    const t0 = performance.now();
    let out;
    try {
      out = withBudget(timeoutMs, () => solver(inputs[k]));
    } catch (e) {
      ms += performance.now() - t0;
      const f = statusOf(e);
      return { status: f.status, error: f.error, exact, known: samples.filter((s) => s.output).length, ms, misses: [] };
    }
    ms += performance.now() - t0;
    const keep = keepOutputs.indexOf(k);
    if (keep >= 0 && isArcGrid(out)) outputs[keep] = toWire(out);
    if (!isArcGrid(out)) {
      allGrids = false;
      misses.push(null);
    } else if (expected && sameAsWire(out, expected)) {
      exact++;
      misses.push(null);
    } else {
      misses.push(expected ? toWire(out) : null);
    }
  }
  const status: Status = allGrids && exact === known ? 'ok' : 'wrong';
  return { status, ...(allGrids ? {} : { error: NOT_A_GRID }), exact, known, ms, misses, ...(keepOutputs.length > 0 ? { outputs } : {}) };
}

export function validatePrograms(job: ValidateJob): ValidateResult {
  const t0 = performance.now();
  const programs = job.programs.map((text) => validateOne(text, job.samples, job.timeoutMs, job.keepOutputs));
  return { programs, taskMs: performance.now() - t0 };
}
