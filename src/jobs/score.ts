// Job "score": evaluate the battery graph on some samples and compare each
// candidate's output with the expected grid.
//
// Per candidate per sample, one status code (STATUS_CODE): ok = the expected
// grid; wrong = a grid that is not the expected one (or whose expected output
// is unknown), or, with error 'NotAGrid', not a grid at all; error, timeout,
// oom = no output, with the exception class.

import { evaluateGraph, type WireGraph, type NodeFailure } from '../program/graph.js';
import { fromWire, isArcGrid, sameAsWire } from '../task/grid.js';
import { STATUS_CODE } from '../status.js';
import type { Sample } from './samples.js';
import type { Value } from '../dsl/values.js';

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
  /** Per candidate (same order): STATUS_CODE. */
  readonly status: Uint8Array;
  /** Per candidate: the exception class when it failed, 'NotAGrid', else ''. */
  readonly errors: string[];
  readonly taskMs: number;
}

export const NOT_A_GRID = 'NotAGrid';

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
  // Each output is judged as it is computed (its value is not kept): a status code and an error.
  const judge = (v: Value | NodeFailure): Judged => {
    if (isFailure(v)) return [STATUS_CODE[v.status], v.error];
    if (!isArcGrid(v)) return WRONG_NOT_A_GRID;
    return sample.output && sameAsWire(v, sample.output) ? OK : WRONG;
  };
  const judged = evaluateGraph(job.graph, distinct, fromWire(sample.input), job.timeoutMs, judge);
  const byNode = new Map(distinct.map((node, k) => [node, judged[k]]));
  const n = job.candidates.length;
  const status = new Uint8Array(n);
  const errors: string[] = new Array(n);
  outputs.forEach((node, k) => {
    const [code, error] = byNode.get(node)!;
    status[k] = code;
    errors[k] = error;
  });
  return { sampleIndex, candidates: job.candidates, status, errors, taskMs: performance.now() - t0 };
}

type Judged = readonly [code: number, error: string];
const OK: Judged = [STATUS_CODE.ok, ''];
const WRONG: Judged = [STATUS_CODE.wrong, ''];
const WRONG_NOT_A_GRID: Judged = [STATUS_CODE.wrong, NOT_A_GRID];
