// How precisely a timeout is enforced: a runaway program validated alone
// under a limit, in the main thread and in a worker; the overshoot is the
// time past the limit until the program was stopped.

import type { Executor } from '../exec/executor.js';
import { validateOne } from '../jobs/validate.js';
import { toWire } from '../task/grid.js';

const RUNAWAY = ['def solve_runaway(I):', '    x1 = power(rot90, TEN)', ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => `    x${k} = power(x${k - 1}, TEN)`), '    O = x10(I)', '    return O', ''].join('\n');

export interface TimeoutPrecision {
  readonly limitMs: number;
  readonly mainOvershootMs: number;
  readonly workerOvershootMs: number;
}

export async function timeoutPrecision(pool: Executor, limitMs = 200): Promise<TimeoutPrecision> {
  const samples = [{ input: toWire([[1, 2], [3, 4]]) }];
  const t0 = performance.now();
  const v = validateOne(RUNAWAY, samples, limitMs);
  const main = performance.now() - t0;
  if (v.status !== 'timeout') throw new Error(`runaway program ended with ${v.status}`);
  const t1 = performance.now();
  const [r] = await pool.run([{ kind: 'validate', programs: [RUNAWAY], samples, timeoutMs: limitMs }]);
  const worker = performance.now() - t1;
  if (r.programs[0].status !== 'timeout') throw new Error(`runaway program ended with ${r.programs[0].status} in a worker`);
  return { limitMs, mainOvershootMs: main - limitMs, workerOvershootMs: worker - limitMs };
}
