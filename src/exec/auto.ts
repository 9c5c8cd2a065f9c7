// --mode auto: small work runs in the main thread, large work in the pool.
//
// The choice is made once per run, from the size of the work as loaded
// (counted, not guessed): the battery's distinct graph nodes times the
// samples of every selected task, which is what the score phase evaluates.
// Below the threshold the pool cannot pay for itself: messaging and the
// barriers between phases cost more than a second core gives back.

import type { LocalMode as Mode } from './executor.js';
import { thousands } from '../format.js';

/** The work of a run, counted after the tasks and the battery are loaded. */
export interface WorkSize {
  readonly tasks: number;
  /** Samples (demo and test pairs) over all selected tasks. */
  readonly samples: number;
  /** Distinct nodes of the battery's program graph (hash-consed expressions); with a battery per task, the largest. */
  readonly nodes: number;
  /** Node evaluations the score phase makes: nodes x samples, summed over the tasks' batteries. */
  readonly evaluations: number;
}

/** What the user asked for: a mode, or auto. */
export type RequestedMode = Mode | 'auto';

export interface ModeChoice {
  readonly requested: RequestedMode;
  readonly mode: Mode;
  /** Why, in words (for --timing and --json). */
  readonly reason: string;
}

/**
 * Node evaluations (graph nodes x samples) from which the pool pays on two
 * cores. Measured with `run-batt bench` and whole-process runs side by side
 * (README, "Choosing a mode"); below it sequential was faster or equal.
 */
export const AUTO_PARALLEL_MIN_EVALUATIONS = 100_000;

export function chooseMode(requested: RequestedMode, workers: number, work: WorkSize): ModeChoice {
  if (requested !== 'auto') return { requested, mode: requested, reason: `--mode ${requested}` };
  const evaluations = work.evaluations;
  const size = `${thousands(work.nodes)} graph nodes x ${thousands(work.samples)} samples = ${thousands(evaluations)} node evaluations`;
  if (workers < 2) return { requested, mode: 'sequential', reason: `auto: one worker; ${size}` };
  if (evaluations < AUTO_PARALLEL_MIN_EVALUATIONS) {
    return { requested, mode: 'sequential', reason: `auto: ${size} < ${thousands(AUTO_PARALLEL_MIN_EVALUATIONS)}` };
  }
  return { requested, mode: 'parallel', reason: `auto: ${size} >= ${thousands(AUTO_PARALLEL_MIN_EVALUATIONS)}` };
}
