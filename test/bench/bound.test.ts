import { describe, expect, it } from 'vitest';
import { parallelBound } from '../../src/bench/run.js';

describe('parallelBound: the most a pool can give, from the sequential run', () => {
  it('is the usable cores over the cores a sequential run keeps busy', () => {
    // A cold run: 530 ms of CPU in 350 ms of wall time is 1.51 cores; two workers can give 1.32x at most.
    const b = parallelBound(530, 350, 2, 2);
    expect(b.sequentialCores).toBeCloseTo(530 / 350, 6);
    expect(b.cores).toBe(2);
    expect(b.speedup).toBeCloseTo(2 / (530 / 350), 6);
  });

  it('counts no more cores than the machine lets the process use, nor more than the workers', () => {
    expect(parallelBound(1000, 1000, 4, 2).cores).toBe(2);
    expect(parallelBound(1000, 1000, 4, 2).speedup).toBe(2);
    expect(parallelBound(1000, 1000, 1, 8).speedup).toBe(1);
  });

  it('treats a run that used less than one core (waiting on files) as one core', () => {
    const b = parallelBound(400, 500, 2, 2);
    expect(b.sequentialCores).toBe(1);
    expect(b.speedup).toBe(2);
  });

  it('does not divide by a zero wall time', () => {
    expect(parallelBound(0, 0, 2, 2).speedup).toBe(2);
  });
});
