import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { currentThreadId, recordedThreads, recordThread, splitThreadCpu, threadSlots, threadTimes } from '../../src/timing/threads.js';

const linux = process.platform === 'linux';

describe('splitThreadCpu', () => {
  it('splits the CPU between two readings into the main thread, the workers and the other threads', () => {
    const before = new Map([
      [10, 1e6],
      [11, 5e6],
      [12, 2e6],
    ]);
    const after = new Map([
      [10, 4e6], // main: 3 ms
      [11, 6e6], // a V8 helper: 1 ms
      [12, 2e6], // idle helper: 0
      [20, 7e6], // a worker started between the readings: counts from zero
      [21, 2e6], // another worker
    ]);
    expect(splitThreadCpu(before, after, 10, [20, 21, 99])).toEqual({ mainMs: 3, workersMs: 9, workers: 2, otherMs: 1 });
  });

  it('loses the time of threads that ended between the readings and never counts a thread backwards', () => {
    const before = new Map([
      [10, 1e6],
      [30, 9e6],
      [31, 8e6],
    ]);
    // 30 ended (a worker replaced after a crash); 31's id was reused by a new thread with less time.
    const after = new Map([
      [10, 2e6],
      [31, 1e6],
    ]);
    expect(splitThreadCpu(before, after, 10, [30, 31])).toEqual({ mainMs: 1, workersMs: 0, workers: 1, otherMs: 0 });
  });
});

describe('thread slots', () => {
  it('keep the OS thread ids that workers record, and ignore what does not fit or is not slots', () => {
    const slots = threadSlots(2);
    recordThread(undefined);
    recordThread({ threads: slots });
    expect(recordedThreads(slots)).toEqual([]);
    if (!linux) return;
    recordThread(slots);
    recordThread(slots);
    recordThread(slots); // a third: no room
    expect(recordedThreads(slots)).toEqual([currentThreadId(), currentThreadId()]);
  });
});

describe.skipIf(!linux)('per-thread CPU on Linux', () => {
  it('names the calling thread: the main thread is the process, a worker thread another one, and its CPU counts as a worker\'s', async () => {
    expect(currentThreadId()).toBe(process.pid);
    // Slot 0.. for the ids (as the pool's workers write them), and a flag the worker waits on to end.
    const slots = threadSlots();
    const done = new Int32Array(new SharedArrayBuffer(4));
    const code = `const { workerData, parentPort } = require('node:worker_threads'); const fs = require('node:fs');
      const s = workerData.slots; const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
      Atomics.store(s, Atomics.add(s, 0, 1) + 1, tid);
      const t = Date.now(); while (Date.now() - t < 40);
      parentPort.postMessage('spun'); Atomics.wait(workerData.done, 0, 0);`;
    const before = threadTimes()!;
    const w = new Worker(code, { eval: true, workerData: { slots, done } });
    await new Promise((resolve) => w.once('message', resolve));
    // The worker is alive (waiting): its time can be read.
    const tids = recordedThreads(slots);
    const split = splitThreadCpu(before, threadTimes()!, process.pid, tids);
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
    await new Promise((resolve) => w.once('exit', resolve));
    expect(tids).toHaveLength(1);
    expect(tids[0]).not.toBe(process.pid);
    expect(split.workers).toBe(1);
    expect(split.workersMs).toBeGreaterThan(20);
  });

  it('reads every live thread, the main thread among them, and its time grows with work', () => {
    const a = threadTimes()!;
    const t = performance.now();
    while (performance.now() - t < 20);
    const b = threadTimes()!;
    expect(a.has(process.pid)).toBe(true);
    expect(b.get(process.pid)! - a.get(process.pid)!).toBeGreaterThan(10e6);
  });
});
