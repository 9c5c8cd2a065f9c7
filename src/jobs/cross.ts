// The work of one search job: a batch of candidates (one shared program
// graph) tried on the demos of every selected task. A (candidate, task) pair
// stops at its first wrong demo; that demo's output earns the partial credit
// that ranks near-misses (differs' credit: shape, cells, palette). Runs in a
// worker (or the main thread in sequential mode) through the executor.

import { evaluateGraph, neededNodes, type NodeFailure, type WireGraph } from '../program/graph.js';
import { isArcGrid, sameAsWire, type WireGrid } from '../task/grid.js';
import { compareRows, creditValue } from '../task/credit.js';
import { demosOf, type TaskPack } from './pack.js';
import { POINTS_PER_SAMPLE } from '../status.js';
import type { Value } from '../dsl/values.js';

export interface CrossJob {
  readonly kind: 'cross';
  readonly graph: WireGraph;
  /** Candidate indices (into graph.outputs). */
  readonly candidates: readonly number[];
  readonly pack: TaskPack;
  /** Per-run (per node and demo) time limit. */
  readonly timeoutMs: number;
  /** A candidate that times out (or runs out of memory) on this many tasks is not tried on the rest. */
  readonly maxStrikes: number;
  /**
   * A candidate whose own runs (every node it needs, shared or not) average more than this many ms
   * per task, once it has met SLOW_AFTER tasks, is not tried on the rest: too slow to pay its way.
   */
  readonly slowMs?: number;
  /** Task at which this job starts (it wraps around), so candidates cut short miss different tasks. */
  readonly first?: number;
  /** Wall-clock instant (Date.now()) after which no further task is started; the result says how far it got. */
  readonly stopAt?: number;
}

export interface CrossResult {
  readonly candidates: readonly number[];
  /** Per candidate c and task t, scores[c * tasks + t]: 1000 per exact demo before the first wrong one, plus that one's credit (0..999). */
  readonly scores: Uint16Array;
  /** The job's tasks were first, first + 1, ... (mod tasks); tasksDone of them were evaluated (all unless stopAt cut it short). */
  readonly first: number;
  readonly tasksDone: number;
  /** Per candidate: tasks on which it timed out or ran out of memory. */
  readonly strikes: Uint8Array;
  /** Per candidate: tasks on which it raised an error. */
  readonly errors: Uint16Array;
  /** Per candidate: 1 when it was dropped as too slow. */
  readonly slow: Uint8Array;
  /** Per candidate: its own run time (ms), shared nodes counted for every candidate that needs them. */
  readonly ownMs: Float64Array;
  /** Per candidate: tasks it was tried on. */
  readonly met: Uint16Array;
  /** Program-demo runs done. */
  readonly runs: number;
  readonly taskMs: number;
}

/** A judged output that timed out or ran out of memory, or that raised (credit is 0..999, exact POINTS_PER_SAMPLE). */
const STRIKE = -1;
const FAULT = -2;

/** Tasks a candidate meets before the slowness rule may drop it. */
export const SLOW_AFTER = 20;

const isFailure = (v: unknown): v is NodeFailure =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'status' in v && 'error' in v;

/** Partial credit of a wrong output, 0..999 (0 when it is no grid). */
function credit(v: unknown, expected: WireGrid): number {
  if (!isArcGrid(v as never)) return 0;
  return Math.floor(999 * creditValue(compareRows(v as number[][], expected)));
}

export function crossEvaluate(job: CrossJob): CrossResult {
  const t0 = performance.now();
  const demos = demosOf(job.pack);
  const T = job.pack.tasks;
  const C = job.candidates.length;
  const scores = new Uint16Array(C * T);
  const strikes = new Uint8Array(C);
  const errors = new Uint16Array(C);
  const slow = new Uint8Array(C);
  const ownMs = new Float64Array(C);
  const met = new Uint16Array(C);
  const outputs = job.candidates.map((c) => job.graph.outputs[c]);
  // Each candidate's own nodes, for its cost.
  const own = outputs.map((o) => Int32Array.from(neededNodes(job.graph, [o])));
  const nodeMs = new Float64Array(job.graph.size);
  const first = ((job.first ?? 0) % Math.max(1, T) + T) % Math.max(1, T);
  let runs = 0;
  let done = 0;
  for (; done < T; done++) {
    if (job.stopAt !== undefined && Date.now() > job.stopAt) break;
    const t = (first + done) % T;
    let live: number[] = [];
    for (let c = 0; c < C; c++) {
      if (strikes[c] >= job.maxStrikes || slow[c]) continue;
      // Too slow on average once it has met SLOW_AFTER tasks, or already past SLOW_AFTER tasks' worth.
      if (job.slowMs !== undefined && ownMs[c] > job.slowMs * Math.max(done, SLOW_AFTER)) {
        slow[c] = 1;
        continue;
      }
      live.push(c);
      met[c]++;
    }
    const task = demos[t];
    for (let d = 0; d < task.length && live.length > 0; d++) {
      const distinct = [...new Set(live.map((c) => outputs[c]))];
      nodeMs.fill(0);
      const expected = task[d].output;
      // Each output judged as it is computed (its value is not kept): STRIKE, FAULT, or points.
      const judge = (v: Value | NodeFailure): number => {
        if (isFailure(v)) return v.status === 'timeout' || v.status === 'oom' ? STRIKE : FAULT;
        return sameAsWire(v, expected) ? POINTS_PER_SAMPLE : credit(v, expected);
      };
      const judged = evaluateGraph(job.graph, distinct, task[d].input, job.timeoutMs, judge, nodeMs);
      const byNode = new Map(distinct.map((node, k) => [node, judged[k]]));
      runs += live.length;
      const next: number[] = [];
      for (const c of live) {
        const nodes = own[c];
        let ms = 0;
        for (let k = 0; k < nodes.length; k++) ms += nodeMs[nodes[k]];
        ownMs[c] += ms;
        const points = byNode.get(outputs[c])!;
        if (points === STRIKE) strikes[c]++;
        else if (points === FAULT) errors[c]++;
        else {
          scores[c * T + t] += points;
          if (points === POINTS_PER_SAMPLE) next.push(c);
        }
      }
      live = next;
    }
  }
  return { candidates: job.candidates, scores, first, tasksDone: done, strikes, errors, slow, ownMs, met, runs, taskMs: performance.now() - t0 };
}

/** Every pair of a candidate whose worker died: nothing exact, one strike per task (the job is not retried). */
export function crashedCross(job: CrossJob): CrossResult {
  const C = job.candidates.length;
  return {
    candidates: job.candidates,
    scores: new Uint16Array(C * job.pack.tasks),
    first: job.first ?? 0,
    tasksDone: job.pack.tasks,
    strikes: new Uint8Array(C).fill(job.maxStrikes),
    errors: new Uint16Array(C),
    slow: new Uint8Array(C),
    ownMs: new Float64Array(C),
    met: new Uint16Array(C),
    runs: 0,
    taskMs: 0,
  };
}

/** Two halves of a job, split by candidates (the unit of isolation), or undefined for one candidate. */
export function splitCross(job: CrossJob): [CrossJob, CrossJob] | undefined {
  if (job.candidates.length < 2) return undefined;
  const half = Math.ceil(job.candidates.length / 2);
  return [{ ...job, candidates: job.candidates.slice(0, half) }, { ...job, candidates: job.candidates.slice(half) }];
}

/** The halves' results joined back (candidates are the outer dimension, so arrays concatenate). */
export function joinCross(a: CrossResult, b: CrossResult): CrossResult {
  const cat = <A extends Uint8Array | Uint16Array>(x: A, y: A, make: (n: number) => A): A => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  // Halves cut short at different tasks: keep the common prefix only (both start at the same task).
  const done = Math.min(a.tasksDone, b.tasksDone);
  const clip = (r: CrossResult) => {
    if (r.tasksDone === done) return r.scores;
    const T = r.scores.length / Math.max(1, r.candidates.length), s = r.scores.slice();
    for (let c = 0; c < r.candidates.length; c++) for (let j = done; j < r.tasksDone; j++) s[c * T + ((r.first + j) % T)] = 0;
    return s;
  };
  return {
    candidates: [...a.candidates, ...b.candidates],
    scores: cat(clip(a), clip(b), (n) => new Uint16Array(n)),
    first: a.first,
    tasksDone: done,
    strikes: cat(a.strikes, b.strikes, (n) => new Uint8Array(n)),
    errors: cat(a.errors, b.errors, (n) => new Uint16Array(n)),
    slow: cat(a.slow, b.slow, (n) => new Uint8Array(n)),
    ownMs: (() => {
      const out = new Float64Array(a.ownMs.length + b.ownMs.length);
      out.set(a.ownMs);
      out.set(b.ownMs, a.ownMs.length);
      return out;
    })(),
    met: cat(a.met, b.met, (n) => new Uint16Array(n)),
    runs: a.runs + b.runs,
    taskMs: a.taskMs + b.taskMs,
  };
}
