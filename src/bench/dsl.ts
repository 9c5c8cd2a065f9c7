// DSL micro-benchmarks: per-call time of every primitive on the arguments
// recorded while arc-dsl's solvers ran on real ARC grids (the "trace" cases
// of ../shared/dsl/conformance.json), timed by tinybench.

import { readFile } from 'node:fs/promises';
import { Bench } from 'tinybench';
import { fromCanonical, primitives, type Json, type Value } from '../dsl/index.js';

interface Case {
  fn: string;
  args: Json[];
  src: string;
  error?: string;
  then_call?: Json[];
}

export interface PrimitiveTiming {
  readonly name: string;
  readonly usPerCall: number;
  readonly calls: number;
}

export async function benchPrimitives(conformanceFile: string, timeMs = 40): Promise<PrimitiveTiming[]> {
  const cases: Case[] = JSON.parse(await readFile(conformanceFile, 'utf8')).cases;
  const byFn = new Map<string, Value[][]>();
  for (const c of cases) {
    if (c.src !== 'trace' || c.error || c.then_call) continue;
    const args = c.args.map(fromCanonical);
    try {
      primitives[c.fn](...args);
    } catch {
      continue;
    }
    byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), args]);
  }
  const bench = new Bench({ name: 'dsl primitives', time: timeMs, warmupTime: 10, throws: true });
  for (const [fn, calls] of byFn) {
    const f = primitives[fn];
    bench.add(fn, () => {
      for (const args of calls) f(...args);
    });
  }
  await bench.run();
  return bench.tasks
    .map((t) => {
      const r = t.result;
      const calls = byFn.get(t.name)!.length;
      return { name: t.name, usPerCall: 'latency' in r ? (r.latency.mean * 1000) / calls : NaN, calls };
    })
    .sort((a, b) => b.usPerCall - a.usPerCall);
}
