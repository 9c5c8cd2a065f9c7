// Phase timing: wall-clock in the main thread, the summed in-job time
// measured where each job ran, and process CPU (user + system, all threads).
// Only measurements: nothing here is estimated.

export interface PhaseTiming {
  readonly name: string;
  readonly wallMs: number;
  /** Sum of the time jobs spent running, measured inside the worker (or main thread). */
  readonly taskMs: number;
  /** Process CPU, user + system, all threads. */
  readonly cpuMs: number;
  readonly items: number;
}

export interface PhaseWork<T> {
  readonly value: T;
  readonly items: number;
  readonly taskMs: number;
}

const cpuNow = (): number => cpuMsSince();

/** Process CPU (user + system, all threads) in ms since a process.cpuUsage() reading, or in all. */
export function cpuMsSince(start?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

export class PhaseClock {
  readonly phases: PhaseTiming[] = [];

  async time<T>(name: string, work: () => Promise<PhaseWork<T>> | PhaseWork<T>): Promise<T> {
    const cpu0 = cpuNow();
    const t0 = performance.now();
    const r = await work();
    const wallMs = performance.now() - t0;
    this.phases.push({ name, wallMs, taskMs: r.taskMs, cpuMs: cpuNow() - cpu0, items: r.items });
    return r.value;
  }
}

/** Sums phases by name over several runs (tasks), keeping first-seen order. */
export function sumPhases(runs: readonly (readonly PhaseTiming[])[]): PhaseTiming[] {
  const byName = new Map<string, PhaseTiming>();
  for (const run of runs) {
    for (const p of run) {
      const prev = byName.get(p.name);
      byName.set(
        p.name,
        prev
          ? { name: p.name, wallMs: prev.wallMs + p.wallMs, taskMs: prev.taskMs + p.taskMs, cpuMs: prev.cpuMs + p.cpuMs, items: prev.items + p.items }
          : { ...p },
      );
    }
  }
  return [...byName.values()];
}

export function totalOf(phases: readonly PhaseTiming[]): PhaseTiming {
  return phases.reduce(
    (t, p) => ({ name: 'total', wallMs: t.wallMs + p.wallMs, taskMs: t.taskMs + p.taskMs, cpuMs: t.cpuMs + p.cpuMs, items: t.items + p.items }),
    { name: 'total', wallMs: 0, taskMs: 0, cpuMs: 0, items: 0 },
  );
}
