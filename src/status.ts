// One vocabulary for how a program ended: one status type, one wire code
// table, one statusOf(error), one definition of "solved", one score unit.
// Below the program layer (it reads only the DSL's budget error), so every
// layer above can use it.

import { BudgetError } from './dsl/budget.js';

/** How a program ended, on one sample or on all of them. */
export type Status = 'ok' | 'wrong' | 'error' | 'timeout' | 'oom';
export const STATUSES: readonly Status[] = ['ok', 'wrong', 'error', 'timeout', 'oom'];

/** The statuses of a program that did not produce an output. */
export type FailureStatus = 'error' | 'timeout' | 'oom';

/** Wire codes (one byte per program per sample in score results). */
export const STATUS_CODE: Readonly<Record<Status, number>> = { ok: 0, wrong: 1, error: 2, timeout: 3, oom: 4 };
export const statusOfCode = (code: number): Status => STATUSES[code] ?? 'error';

export interface Failure {
  readonly status: FailureStatus;
  /** The exception class (Python's, where the DSL raises one), or what was exceeded. */
  readonly error: string;
}

/** The one place an exception becomes a status. */
export function statusOf(e: unknown): Failure {
  if (e instanceof BudgetError) return { status: e.kind === 'timeout' ? 'timeout' : 'oom', error: e.name };
  if (e instanceof RangeError && /Invalid (array|typed array|string) length|allocation failed|Array buffer allocation/i.test(e.message)) {
    return { status: 'oom', error: 'RangeError' };
  }
  return { status: 'error', error: (e as Error)?.name ?? 'Error' };
}

/** Points for one exact sample (demo or test, where the output is known); partial credit stays below it. */
export const POINTS_PER_SAMPLE = 1000;

/**
 * A task is solved when its best program is exact on every sample whose
 * output is known, and at least one is known.
 */
export function isSolved(bestScore: number | undefined, knownSamples: number): boolean {
  return knownSamples > 0 && bestScore !== undefined && bestScore >= POINTS_PER_SAMPLE * knownSamples;
}

/** The Python harness's speed bucket: 11 - trunc(ln(seconds)); higher is faster. */
export const tLog = (ms: number): number => 11 - Math.trunc(Math.log(Math.max(ms, 1e-6) / 1000));
