// Phase "score samples", the work of one job: evaluate the battery graph on
// some samples and compare each candidate's output with the expected grid.

import { evaluateGraph, RunStatus, type WireGraph, type NodeFailure } from '../program/graph.js';
import { fromWire, isArcGrid, sameAsWire } from '../task/grid.js';
import type { Sample } from './samples.js';

/** How a candidate ended on one sample. */
export const Outcome = { Grid: 0, NotGrid: 1, Error: 2, Timeout: 3, Memory: 4 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

export interface ScoreJob {
  readonly kind: 'score';
  readonly graph: WireGraph;
  /** Candidate indices (into graph.outputs) to evaluate. */
  readonly candidates: readonly number[];
  /** The samples, with their index in the task. Small batteries take several per job. */
  readonly samples: readonly { readonly sample: Sample; readonly index: number }[];
  readonly timeoutMs: number;
}

export interface ScoreBatchResult {
  readonly results: ScoreResult[];
  readonly taskMs: number;
}

export interface ScoreResult {
  readonly sampleIndex: number;
  readonly candidates: readonly number[];
  /** Per candidate (same order): Outcome. */
  readonly outcome: Uint8Array;
  /** Per candidate: 1 when the output equals the expected grid. */
  readonly exact: Uint8Array;
  /** Per candidate: the exception class when it failed, else ''. */
  readonly errors: string[];
  readonly taskMs: number;
}

const failureOutcome = (f: NodeFailure): Outcome =>
  f.status === RunStatus.Timeout ? Outcome.Timeout : f.status === RunStatus.Memory ? Outcome.Memory : Outcome.Error;

const isFailure = (v: unknown): v is NodeFailure =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'status' in v && 'error' in v;

export function scoreBatch(job: ScoreJob): ScoreBatchResult {
  const t0 = performance.now();
  const results = job.samples.map(({ sample, index }) => scoreSample(job, sample, index));
  return { results, taskMs: performance.now() - t0 };
}

function scoreSample(job: ScoreJob, sample: Sample, sampleIndex: number): ScoreResult {
  const t0 = performance.now();
  const outputs = job.candidates.map((c) => job.graph.outputs[c]);
  const distinct = [...new Set(outputs)];
  const values = evaluateGraph(job.graph, distinct, fromWire(sample.input), job.timeoutMs);
  const byNode = new Map(distinct.map((node, k) => [node, values[k]]));
  const n = job.candidates.length;
  const outcome = new Uint8Array(n);
  const exact = new Uint8Array(n);
  const errors: string[] = new Array(n).fill('');
  outputs.forEach((node, k) => {
    const v = byNode.get(node);
    if (isFailure(v)) {
      outcome[k] = failureOutcome(v);
      errors[k] = v.error;
    } else if (!isArcGrid(v!)) {
      outcome[k] = Outcome.NotGrid;
    } else {
      outcome[k] = Outcome.Grid;
      if (sample.output && sameAsWire(v!, sample.output)) exact[k] = 1;
    }
  });
  return { sampleIndex, candidates: job.candidates, outcome, exact, errors, taskMs: performance.now() - t0 };
}
