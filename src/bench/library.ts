// `bench --workload library`: the user's own arc-dsl-format solvers on their
// tasks, timed per task in this process (as `check` runs them), and with a
// DSL folder for CPython, the same solvers under python3 in the same run
// (scripts/cpython-solvers.py, in-loop), with the ratios.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPrograms } from '../program/load.js';
import { loadTasks } from '../task/load.js';
import { planCheck, runCheck, type CheckPlan } from '../pipeline/check.js';

/** The CPython timing harness shipped with the package. */
export const CPYTHON_HARNESS = fileURLToPath(new URL('../../scripts/cpython-solvers.py', import.meta.url));

export interface LibraryTask {
  readonly id: string;
  readonly pairs: number;
  readonly solved: boolean;
  /** Our time per run (first = cold process), ms. */
  readonly samples: readonly number[];
  readonly ms: number;
  readonly python?: { readonly samples: readonly number[]; readonly ms: number; readonly solved: boolean };
  /** CPython ms / our ms (medians over the runs). */
  readonly ratio?: number;
}

export interface LibraryBench {
  readonly library: readonly string[];
  readonly data: string;
  readonly runs: number;
  readonly tasks: readonly LibraryTask[];
  readonly solved: number;
  /** Time in programs summed over tasks: the first (cold) run, and the per-task medians. */
  readonly totalMs: { readonly cold: number; readonly median: number };
  readonly python?: {
    readonly version: string;
    readonly solved: number;
    readonly totalMs: { readonly cold: number; readonly median: number };
    /** CPython total / our total (cold runs, and per-task medians). */
    readonly ratio: { readonly cold: number; readonly median: number };
    /** Median over tasks of CPython ms / our ms (per-task medians). */
    readonly medianTaskRatio: number;
    /** Tasks where CPython was faster (per-task medians), slowest first. */
    readonly slower: readonly string[];
  };
  /** Why the CPython side did not run, when it was asked for. */
  readonly pythonSkipped?: string;
}

export interface LibraryOptions {
  readonly library: readonly string[];
  readonly data: string;
  readonly runs: number;
  readonly timeoutMs: number;
  /** A folder with dsl.py, constants.py and solvers.py for the CPython side. */
  readonly python?: string;
  /** The python executable (default: $RUN_BATT_PYTHON or python3). */
  readonly pythonBin?: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** Loads the library and its tasks; throws with a message naming the file on bad input. */
export async function planLibrary(library: readonly string[], data: string): Promise<CheckPlan> {
  const loaded = await loadPrograms([...library]);
  if (loaded.files.length === 0) throw new Error(`no solver files (*.py) found in ${library.join(', ')}`);
  const tasks = await loadTasks(data);
  const plan = planCheck(loaded.programs, tasks.tasks);
  if (plan.runs.length === 0) throw new Error(`none of the ${loaded.programs.length} solver(s) in ${library.join(', ')} matches a task in ${data}`);
  return plan;
}

interface PythonResult {
  version: string;
  tasks: Record<string, { ms: number; samples: number[]; pairs: number; ok: number }>;
}

/** Runs the harness on the plan's tasks; a string says why it could not run. */
export function runPython(plan: CheckPlan, dslDir: string, runs: number, pythonBin: string): PythonResult | string {
  for (const f of ['dsl.py', 'solvers.py']) {
    if (!existsSync(path.join(dslDir, f))) return `${path.join(dslDir, f)} not found`;
  }
  const probe = spawnSync(pythonBin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${pythonBin} not found (${probe.error?.message ?? probe.stderr.trim()})`;
  const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-pybench-'));
  try {
    // The tasks as loaded here (any layout run-batt reads), so both sides run the very same pairs.
    const bundle: Record<string, unknown> = {};
    for (const { task } of plan.runs) bundle[task.id] = { train: task.train, test: task.test };
    const file = path.join(dir, 'tasks.json');
    writeFileSync(file, JSON.stringify(bundle));
    const ids = plan.runs.map((r) => r.task.id).join(',');
    const r = spawnSync(pythonBin, [CPYTHON_HARNESS, dslDir, file, '--ids', ids, '--repeat', String(runs)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30 * 60 * 1000,
    });
    if (r.error) return `${pythonBin} failed: ${r.error.message}`;
    if (r.status !== 0) return `${pythonBin} ${path.basename(CPYTHON_HARNESS)} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
    const out = JSON.parse(r.stdout) as { tasks: PythonResult['tasks']; python: string };
    return { version: out.python, tasks: out.tasks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchLibrary(plan: CheckPlan, opts: LibraryOptions): LibraryBench {
  const runs = Math.max(1, opts.runs);
  const samples = new Map<string, number[]>();
  let first: ReturnType<typeof runCheck> | undefined;
  for (let k = 0; k < runs; k++) {
    const results = runCheck(plan, { timeoutMs: opts.timeoutMs });
    first ??= results;
    for (const r of results) {
      const s = samples.get(r.id);
      if (s) s.push(r.ms);
      else samples.set(r.id, [r.ms]);
    }
  }
  const py = opts.python !== undefined ? runPython(plan, opts.python, runs, opts.pythonBin ?? process.env.RUN_BATT_PYTHON ?? 'python3') : undefined;
  const pyTasks = typeof py === 'object' ? py.tasks : undefined;
  const tasks: LibraryTask[] = first!.map((r) => {
    const s = samples.get(r.id)!;
    const ms = median(s);
    const p = pyTasks?.[r.id];
    if (!p) return { id: r.id, pairs: r.pairs, solved: r.solved, samples: s, ms };
    const pms = median(p.samples);
    return { id: r.id, pairs: r.pairs, solved: r.solved, samples: s, ms, python: { samples: p.samples, ms: pms, solved: p.ok === p.pairs && p.pairs > 0 }, ratio: pms / ms };
  });
  const sum = (f: (t: LibraryTask) => number, ts: readonly LibraryTask[] = tasks) => ts.reduce((a, t) => a + f(t), 0);
  const totalMs = { cold: sum((t) => t.samples[0]), median: sum((t) => t.ms) };
  const base = { library: opts.library, data: opts.data, runs, tasks, solved: tasks.filter((t) => t.solved).length, totalMs };
  if (py === undefined) return base;
  if (typeof py === 'string') return { ...base, pythonSkipped: py };
  const both = tasks.filter((t) => t.python !== undefined);
  const pyTotal = { cold: sum((t) => t.python!.samples[0], both), median: sum((t) => t.python!.ms, both) };
  const ours = { cold: sum((t) => t.samples[0], both), median: sum((t) => t.ms, both) };
  return {
    ...base,
    python: {
      version: py.version,
      solved: both.filter((t) => t.python!.solved).length,
      totalMs: pyTotal,
      ratio: { cold: pyTotal.cold / ours.cold, median: pyTotal.median / ours.median },
      medianTaskRatio: median(both.map((t) => t.ratio!)),
      slower: both.filter((t) => t.ratio! < 1).sort((a, b) => a.ratio! - b.ratio!).map((t) => t.id),
    },
  };
}
