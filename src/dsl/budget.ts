// Cooperative limits for running untrusted programs in-process.
//
// A DSL program can only loop through function calls (power, apply, fork...),
// so counting calls and checking the clock every few hundred of them stops a
// runaway within a fraction of a millisecond, in the main thread or a worker,
// without killing anything. Allocation caps turn "allocates without bound"
// into a clean MemoryLimit error before the heap is exhausted.

/** Largest container or grid a primitive may build (Python would take minutes or all memory beyond it). */
export const MAX_ITEMS = 4_000_000;

export class BudgetError extends Error {
  constructor(readonly kind: 'timeout' | 'memory', message: string) {
    super(message);
    this.name = kind === 'timeout' ? 'Timeout' : 'MemoryLimit';
  }
}

let deadline = Infinity;
let ticks = 0;
let nextCheck = 128;

/** Run `fn` with a time budget of `ms` milliseconds (nested budgets keep the earlier deadline). */
export function withBudget<T>(ms: number, fn: () => T): T {
  const saved = deadline;
  deadline = Math.min(saved, performance.now() + ms);
  try {
    return fn();
  } finally {
    deadline = saved;
  }
}

/**
 * Starts a budget of `ms` without a closure (hot loops); returns the previous
 * deadline, to be handed back to `endBudget` in a finally block.
 */
export function beginBudget(ms: number): number {
  const saved = deadline;
  deadline = Math.min(saved, performance.now() + ms);
  return saved;
}

export function endBudget(saved: number): void {
  deadline = saved;
}

/** Called on every DSL function call and program line; checks the clock every 128 ticks. */
export function tick(): void {
  if (++ticks >= nextCheck) {
    nextCheck = ticks + 128;
    if (performance.now() > deadline) throw new BudgetError('timeout', 'time limit exceeded');
  }
}

/**
 * Charges `n` units of work done inside one primitive call (items built,
 * cells visited) and checks the clock once per 128 units or more, so a single
 * long call (a huge product, a big sort) also stops near its limit.
 */
export function work(n: number): void {
  ticks += n;
  if (ticks >= nextCheck) {
    nextCheck = ticks + 128;
    if (performance.now() > deadline) throw new BudgetError('timeout', 'time limit exceeded');
  }
}

/** Refuse to build a container of `n` items when it exceeds MAX_ITEMS. */
export function checkSize(n: number): void {
  if (n > MAX_ITEMS) throw new BudgetError('memory', `refusing to build ${n} items (limit ${MAX_ITEMS})`);
}
