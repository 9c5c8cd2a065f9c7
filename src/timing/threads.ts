// CPU time per OS thread, to split a run's CPU between the main thread, the
// pool's workers and the process's other threads (V8's compiler and garbage
// collection helpers, libuv's thread pool). process.cpuUsage() only gives the
// process's total, and Node 20 has no per-thread CPU call; Linux gives each
// thread's time on a CPU, in nanoseconds, in /proc/self/task/<tid>/schedstat.
// Elsewhere (or without /proc) there is no breakdown: the functions return
// undefined and the reports leave it out.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { roundMs } from '../format.js';

/** Nanoseconds on a CPU per live thread of this process (Linux), keyed by OS thread id. */
export type ThreadTimes = ReadonlyMap<number, number>;

/** The calling thread's OS thread id (Linux), undefined where /proc has none. */
export function currentThreadId(): number | undefined {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Every live thread's time on a CPU so far, or undefined where /proc gives none. */
export function threadTimes(): ThreadTimes | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const times = new Map<number, number>();
  for (const t of tids) {
    try {
      // "<ns on cpu> <ns waiting> <timeslices>"
      const ns = Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      if (Number.isFinite(ns)) times.set(Number(t), ns);
    } catch {
      // The thread ended between the listing and the read: it has no time left to count.
    }
  }
  return times.size > 0 ? times : undefined;
}

/** A run's CPU by thread: what the main thread, the pool's workers and the others spent (ms). */
export interface ThreadCpu {
  readonly mainMs: number;
  /** The pool's worker threads together (0 in sequential mode). */
  readonly workersMs: number;
  /** How many worker threads were alive at the end (their CPU is in workersMs); of several runs together, the most of one. */
  readonly workers: number;
  /** The process's other threads: V8's compiler and GC helpers, libuv's pool. */
  readonly otherMs: number;
}

/**
 * Splits the CPU spent between two readings. Threads started between them count from zero (the
 * pool's workers start during a run); threads that ended between them are not in `after` and
 * their time is lost (a worker replaced after a crash), so the parts can sum to less than the
 * process's CPU, never more.
 */
export function splitThreadCpu(before: ThreadTimes, after: ThreadTimes, mainThread: number, workerThreads: readonly number[]): ThreadCpu {
  const workers = new Set(workerThreads);
  let mainNs = 0;
  let workersNs = 0;
  let otherNs = 0;
  let alive = 0;
  for (const [tid, ns] of after) {
    const spent = Math.max(0, ns - (before.get(tid) ?? 0));
    if (tid === mainThread) mainNs += spent;
    else if (workers.has(tid)) {
      workersNs += spent;
      alive++;
    } else otherNs += spent;
  }
  return { mainMs: mainNs / 1e6, workersMs: workersNs / 1e6, workers: alive, otherMs: otherNs / 1e6 };
}

/** The calling thread's run so far: the CPU by thread since `start` (a threadTimes() reading), with it as the main thread; undefined without /proc. */
export function threadCpuSince(start: ThreadTimes | undefined, workerThreads: readonly number[] = []): ThreadCpu | undefined {
  const now = threadTimes();
  const main = currentThreadId();
  return start && now && main !== undefined ? splitThreadCpu(start, now, main, workerThreads) : undefined;
}

/** ThreadCpu for the JSON reports (ms to the microsecond). */
export const roundedThreadCpu = (t: ThreadCpu): ThreadCpu => ({ mainMs: roundMs(t.mainMs), workersMs: roundMs(t.workersMs), workers: t.workers, otherMs: roundMs(t.otherMs) });

/** Several runs' CPU by thread together (shards, or a workload's processes); undefined unless every run has it. */
export function sumThreadCpu(parts: readonly (ThreadCpu | null | undefined)[]): ThreadCpu | undefined {
  if (parts.length === 0 || !parts.every((t) => t)) return undefined;
  return (parts as ThreadCpu[]).reduce(
    (t, r) => ({ mainMs: t.mainMs + r.mainMs, workersMs: t.workersMs + r.workersMs, workers: Math.max(t.workers, r.workers), otherMs: t.otherMs + r.otherMs }),
    { mainMs: 0, workersMs: 0, workers: 0, otherMs: 0 },
  );
}

/** Slots for the pool's workers to write their OS thread ids into: [count, tid, tid, ...] over shared memory. */
export function threadSlots(capacity = 256): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (capacity + 1)));
}

/** Called by a worker as it starts: writes its OS thread id into the pool's slots (no-op without either). */
export function recordThread(slots: unknown): void {
  if (!(slots instanceof Int32Array)) return;
  const tid = currentThreadId();
  if (tid === undefined) return;
  const at = Atomics.add(slots, 0, 1) + 1;
  if (at < slots.length) Atomics.store(slots, at, tid);
}

/** The OS thread ids the pool's workers have written so far. */
export function recordedThreads(slots: Int32Array): number[] {
  const n = Math.min(Atomics.load(slots, 0), slots.length - 1);
  const tids: number[] = [];
  for (let k = 1; k <= n; k++) {
    const tid = Atomics.load(slots, k);
    if (tid > 0) tids.push(tid);
  }
  return tids;
}
