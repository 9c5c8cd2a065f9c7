// What `run-batt run` prints and writes: per-task lines, the --timing table
// and the JSON report.

import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { PhaseTiming } from '../timing/phases.js';
import { totalOf } from '../timing/phases.js';
import type { TaskReport } from '../pipeline/run.js';
import { STATUSES } from '../status.js';
import { formatMs, formatRate } from './style.js';
import type { ThreadCpu } from '../timing/threads.js';
import { roundMs, thousands } from '../format.js';

export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** A table's colours: cyan heads and grey borders, only where `c` colours (a TTY, no NO_COLOR). */
export const tableStyle = (c: ChalkInstance) => ({ head: c.level > 0 ? ['cyan'] : [], border: c.level > 0 ? ['grey'] : [] });

const ms = (x: number) => (x >= 100 ? thousands(Math.round(x)) : x.toFixed(1));

/** When tasks overlapped: the whole run's wall and CPU (the phase rows then overlap and do not add up to it). */
export interface Overlap {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly inFlight: number;
}

export function timingTable(phases: readonly PhaseTiming[], c: ChalkInstance, tasks: number, overlap?: Overlap): string {
  const table = new Table({
    head: ['phase', 'wall ms', 'task ms', 'cpu ms', 'cpu/wall', 'items', 'items/s'],
    style: tableStyle(c),
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    chars: COMPACT,
  });
  const row = (p: PhaseTiming, bold = false) => {
    const cells = [p.name, ms(p.wallMs), ms(p.taskMs), ms(p.cpuMs), p.wallMs > 0 ? (p.cpuMs / p.wallMs).toFixed(2) : '-', thousands(p.items), formatRate(p.items, p.wallMs)];
    return bold ? cells.map((x) => c.bold(x)) : cells;
  };
  for (const p of phases) table.push(row(p));
  const total = totalOf(phases);
  if (overlap) {
    table.push(row({ ...total, name: 'sum of phases' }));
    table.push(row({ ...total, name: 'whole run', wallMs: overlap.wallMs, cpuMs: overlap.cpuMs }, true));
    const note = c.dim(`${tasks} tasks, up to ${overlap.inFlight} in flight at once: each phase row sums that phase over the tasks, and the rows overlap in time; the whole run is the process (wall, cpu); task ms = time inside jobs; cpu = process user+sys, all threads`);
    return `${table.toString()}\n${note}`;
  }
  table.push(row(total, true));
  const note = tasks > 1 ? c.dim(`phases summed over ${tasks} tasks; task ms = time inside jobs (summed over workers); cpu = process user+sys, all threads`) : c.dim('task ms = time inside jobs (summed over workers); cpu = process user+sys, all threads');
  return `${table.toString()}\n${note}`;
}

/**
 * The run's CPU by thread, under the timing table: where the process's CPU went (the main thread,
 * the pool's workers, and the threads V8 compiles and collects garbage on, with libuv's).
 */
export function threadLine(t: ThreadCpu, c: ChalkInstance): string {
  const workers = t.workers > 0 ? `, ${t.workers} worker(s) ${formatMs(t.workersMs)}` : '';
  return c.dim(`cpu by thread: main ${formatMs(t.mainMs)}${workers}, other threads ${formatMs(t.otherMs)} (V8's compiler and garbage collector, libuv)`);
}

export function statusLine(reports: readonly TaskReport[]): string {
  const candidates = reports.reduce((s, r) => s + r.candidates, 0);
  const unique = reports.reduce((s, r) => s + r.unique, 0);
  const counts = STATUSES.map((st) => `${st} ${reports.reduce((s, r) => s + r.statuses[st], 0)}`).join(', ');
  const best = reports.map((r) => `${r.id} ${r.best ? r.best.score : '-'}`).join(', ');
  return `candidates ${candidates}, unique ${unique}; statuses: ${counts}; best score: ${best}`;
}

export function taskLine(r: TaskReport, c: ChalkInstance, wallMs: number): string {
  if (r.error !== undefined) return `${c.red('failed')}  ${c.bold(r.id)}  ${r.error}`;
  const solved = r.solved;
  const best = r.best ? `best ${r.best.score} (t_log ${r.best.tLog}) ${r.best.md5}` : 'no valid program';
  const counts = STATUSES.filter((s) => r.statuses[s] > 0).map((s) => `${s} ${r.statuses[s]}`).join(' ');
  return `${solved ? c.green('solved') : c.yellow('  open')}  ${c.bold(r.id)}  ${r.candidates} candidates, ${r.unique} unique  [${counts}]  ${best}  ${c.dim(`${ms(wallMs)} ms`)}`;
}

export interface RunJson {
  readonly tasks: unknown[];
  readonly phases: { name: string; wallMs: number; taskMs: number; cpuMs: number; items: number }[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly mode: string;
  readonly workers: number;
}

/** `extras`: more fields per task id (the HTML report's grids, best programs and task time). */
export function runJson(reports: readonly TaskReport[], phases: readonly PhaseTiming[], wallMs: number, cpuMs: number, mode: string, workers: number, extras?: ReadonlyMap<string, object>): RunJson {
  return {
    tasks: reports.map((r) => ({
      id: r.id,
      candidates: r.candidates,
      unique: r.unique,
      statuses: r.statuses,
      best: r.best,
      solved: r.solved,
      stored: r.stored,
      ...(r.storeFault ? { storeError: r.storeFault.message } : {}),
      cache: r.cache,
      ...(r.error !== undefined ? { error: r.error } : {}),
      // Program texts go only with the best programs (`top`, in extras).
      programs: r.programs.map(({ source: _source, ...p }) => ({ ...p, ...(p.ms !== undefined ? { ms: roundMs(p.ms) } : {}) })),
      ...extras?.get(r.id),
    })),
    phases: phases.map((p) => ({ name: p.name, wallMs: roundMs(p.wallMs), taskMs: roundMs(p.taskMs), cpuMs: roundMs(p.cpuMs), items: p.items })),
    wallMs: roundMs(wallMs),
    cpuMs: roundMs(cpuMs),
    mode,
    workers,
  };
}
