// Whole-process benchmarks, hyperfine's way: every run is a fresh `run-batt run` process started as
// users start it (the bin, with its shebang's environment and flags), timed from spawn to exit. The in-process
// benchmarks (run.ts) time warm runs after a warm-up round, inside one process with a started
// pool; a user's run is a cold process, which is what issue 10's targets and `--mode auto`'s rule
// are about.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outliers, runWarnings, summarise, type Summary } from './stats.js';
import { chooseMode } from '../exec/auto.js';
import { workSize } from '../pipeline/tasks.js';
import type { Workload, BatterySource } from './workloads.js';
import type { Battery } from '../pipeline/run.js';
import type { Mode } from '../exec/executor.js';
import { sumThreadCpu, type ThreadCpu } from '../timing/threads.js';

export const PROCESS_MODES = ['sequential', 'parallel', 'auto'] as const;
export type ProcessMode = (typeof PROCESS_MODES)[number];

/** The CLI users start: bin/run-batt.js of this package. */
const BIN = fileURLToPath(new URL('../../bin/run-batt.js', import.meta.url));

export interface ProcessModeResult {
  readonly mode: ProcessMode;
  /** Whole-process wall time per run (all of the workload's processes), ms. */
  readonly wall: Summary;
  readonly samples: number[];
  /** Runs further than 3 scaled MADs from the median (hyperfine's rule). */
  readonly outliers: number;
  /** The CPU of the mode's first (discarded, untimed) run, all of the workload's processes: process total and by thread. */
  readonly cpu: RunCpu;
}

export interface ProcessBench {
  readonly workload: string;
  readonly description: string;
  readonly tasks: number;
  /** Processes per run: one per battery (a workload with one battery per task runs one process per task). */
  readonly processes: number;
  readonly workers: number;
  readonly modes: ProcessModeResult[];
  /** Sequential median over parallel median. */
  readonly speedup: number;
  /** What --mode auto ran in each process (its rule, on that process's tasks), and auto's median over the faster forced mode's. */
  readonly auto: { readonly modes: Mode[]; readonly reasons: string[]; readonly vsFastest: number };
  readonly warnings: string[];
}

/** One `run-batt run` process of a run: its tasks and the battery they share. */
export interface ProcessCommand {
  readonly ids: readonly string[];
  readonly battery: BatterySource;
}

/** The workload's processes: its tasks grouped by battery, in task order. */
export function processCommands(w: Workload): ProcessCommand[] {
  const groups = new Map<Battery, string[]>();
  for (const t of w.tasks) {
    const b = w.batteries.get(t.id);
    if (!b) throw new Error(`workload ${w.name}: no battery for task ${t.id}`);
    const ids = groups.get(b) ?? [];
    ids.push(t.id);
    groups.set(b, ids);
  }
  return [...groups].map(([b, ids]) => {
    const battery = w.sources.get(b);
    if (!battery) throw new Error(`workload ${w.name}: no source for the battery of ${ids[0]}`);
    return { ids, battery };
  });
}

/** How the bin's shebang starts Node: the environment it sets and Node's flags. */
export interface Shebang {
  readonly env: Readonly<Record<string, string>>;
  readonly flags: readonly string[];
}

/**
 * The bin's shebang (`#!/usr/bin/env -S [NAME=VALUE...] node FLAGS`) as env would run it, with
 * `${NAME}` in a value taken from `from`: a spawned run then starts as the bin does.
 */
export function parseShebang(firstLine: string, from: NodeJS.ProcessEnv): Shebang {
  if (!firstLine.startsWith('#!')) return { env: {}, flags: [] };
  const words = firstLine.slice(2).trim().split(/\s+/);
  const at = words.indexOf('node');
  if (at < 0) return { env: {}, flags: [] };
  const env: Record<string, string> = {};
  for (const w of words.slice(1, at)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
    if (m) env[m[1]] = m[2].replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => from[name] ?? '');
  }
  return { env, flags: words.slice(at + 1) };
}

/** bin/run-batt.js's own shebang, parsed (`${NAME}` taken from `from`). */
export const binShebang = (from: NodeJS.ProcessEnv): Shebang => parseShebang(readFileSync(BIN, 'utf8').split('\n', 1)[0], from);

/** The arguments of one run of `cmd` in `mode` (after node's flags and the bin). */
export function runArgs(cmd: ProcessCommand, batteryDir: string, data: string, out: string, mode: ProcessMode, timeoutMs: number, workers: number): string[] {
  return ['run', '-i', ...cmd.ids, '-b', batteryDir, '--data', data, '--out', out, '--no-cache', '-q', '--mode', mode, '-w', String(workers), '-t', String(timeoutMs / 1000)];
}

/** What a run's --json report says of its CPU (threadCpu is null where the platform gives no per-thread times). */
export interface RunCpu {
  readonly cpuMs: number;
  readonly threadCpu: ThreadCpu | null;
}

/** The CPU of a run's processes together (one per battery). */
export function sumRunCpu(runs: readonly RunCpu[]): RunCpu {
  return { cpuMs: runs.reduce((n, r) => n + r.cpuMs, 0), threadCpu: sumThreadCpu(runs.map((r) => r.threadCpu)) ?? null };
}

export async function benchProcesses(w: Workload, opts: { runs: number; timeoutMs: number; workers: number; loadBefore?: number; onRound?: (round: number) => void }): Promise<ProcessBench> {
  const commands = processCommands(w);
  const { env: shebangEnv, flags } = binShebang(process.env);
  const env = { ...process.env, ...shebangEnv }; // each run's environment, as the shebang gives it
  const scratch = mkdtempSync(path.join(tmpdir(), 'run-batt-bench-'));
  try {
    // Each text battery in a folder of its own; a folder of solver files is used where it is.
    const batteryDirs = commands.map((cmd) => {
      if ('dir' in cmd.battery) return cmd.battery.dir;
      const dir = mkdtempSync(path.join(scratch, 'battery-'));
      writeFileSync(path.join(dir, 'batt.py'), cmd.battery.text);
      return dir;
    });
    const out = path.join(scratch, 'store');
    const report = path.join(scratch, 'run.json');
    // A timed run writes no report (--json costs a run of the harness workload 5-10 ms); the discarded
    // first run of each mode writes one, for its CPU by thread.
    const once = (mode: ProcessMode, withReport = false): { ms: number; cpu?: RunCpu } => {
      let ms = 0;
      const cpu: RunCpu[] = [];
      commands.forEach((cmd, k) => {
        rmSync(out, { recursive: true, force: true });
        const args = [...flags, BIN, ...runArgs(cmd, batteryDirs[k], w.data, out, mode, opts.timeoutMs, opts.workers), ...(withReport ? ['--json', report] : [])];
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
        ms += performance.now() - t0;
        if (r.status !== 0) throw new Error(`bench ${w.name} --mode ${mode}: run-batt exited with ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`);
        if (withReport) {
          const { cpuMs, threadCpu } = JSON.parse(readFileSync(report, 'utf8')) as RunCpu;
          cpu.push({ cpuMs, threadCpu });
        }
      });
      return { ms, ...(withReport ? { cpu: sumRunCpu(cpu) } : {}) };
    };
    // One discarded run per mode (file-system caches; its report gives the CPU), then the runs, interleaved in a rotating order.
    const cpu = Object.fromEntries(PROCESS_MODES.map((mode) => [mode, once(mode, true).cpu!])) as Record<ProcessMode, RunCpu>;
    const samples: Record<ProcessMode, number[]> = { sequential: [], parallel: [], auto: [] };
    for (let round = 0; round < opts.runs; round++) {
      for (let k = 0; k < PROCESS_MODES.length; k++) {
        const mode = PROCESS_MODES[(round + k) % PROCESS_MODES.length];
        samples[mode].push(once(mode).ms);
      }
      opts.onRound?.(round + 1);
    }
    const modes = PROCESS_MODES.map((mode) => {
      const wall = summarise(samples[mode]);
      return { mode, wall, samples: samples[mode], outliers: outliers(samples[mode], wall), cpu: cpu[mode] };
    });
    const [seq, par, auto] = modes;
    const byId = new Map(w.tasks.map((t) => [t.id, t]));
    const choices = commands.map((cmd) => chooseMode('auto', opts.workers, workSize(cmd.ids.map((id) => byId.get(id)!), (t) => w.batteries.get(t.id)!)));
    const vsFastest = auto.wall.median / Math.min(seq.wall.median, par.wall.median);
    const warnings = runWarnings(opts.loadBefore, availableParallelism(), modes);
    if (vsFastest > 1.1) warnings.push(`--mode auto was ${((vsFastest - 1) * 100).toFixed(0)} % slower than the faster forced mode here`);
    return {
      workload: w.name,
      description: w.description,
      tasks: w.tasks.length,
      processes: commands.length,
      workers: opts.workers,
      modes,
      speedup: seq.wall.median / par.wall.median,
      auto: { modes: choices.map((c) => c.mode), reasons: choices.map((c) => c.reason), vsFastest },
      warnings,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
