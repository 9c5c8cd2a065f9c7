// Where the tasks of a run go: through the pipeline here (LocalRunner, on
// this process's executor), or onto a queue for workers elsewhere
// (QueueRunner, src/queue/submit.ts), whose workers run the very same
// runTask. Commands see one interface and write the same report either way.

import { readFile } from 'node:fs/promises';
import type { Battery, RunContext, TaskReport } from '../pipeline/run.js';
import type { Executor } from '../exec/executor.js';
import type { ModeChoice } from '../exec/auto.js';
import { runTasks } from '../pipeline/tasks.js';
import type { Task } from '../task/load.js';
import type { BatterySource } from './protocol.js';

/** A battery as the pipeline wants it (parsed), and as a queue sends it (its files' text). */
export interface BatteryInput {
  readonly battery: Battery;
  /** The solver files' text, in load order (read on demand: local runs never need it). */
  readonly sources: () => Promise<readonly BatterySource[]>;
}

export interface TaskItem {
  readonly task: Task;
  readonly battery: BatteryInput;
}

/** A RunContext without the executor: the runner decides where jobs run (outDir is the submitter's store in queue mode). */
export type RunSettings = Omit<RunContext, 'executor'>;

export interface RunOutcome {
  /** In task order; a task whose queued job failed has `error` set. */
  readonly reports: TaskReport[];
  readonly interrupted: boolean;
  /** Set when the run stopped early for a reason other than a signal (the queue's Redis was lost): why. */
  readonly lost?: string;
  /** Most tasks that ran at once here (local runs; tasks overlap in the pool). */
  readonly inFlight?: number;
}

export interface TaskRunner {
  /** 'parallel', 'sequential' or 'queue'. */
  readonly mode: string;
  /** Worker threads here, or worker processes seen on the queue. */
  readonly workers: number;
  /** For the summary line: "parallel with 2 worker(s)", "queue redis://... with 2 worker(s)". */
  describe(): string;
  /** Runs the tasks; `onReport` hears each one as it finishes (in any order), with its wall time. */
  run(items: readonly TaskItem[], settings: RunSettings, onReport: (r: TaskReport, ms: number) => void): Promise<RunOutcome>;
  close(): Promise<void>;
}

export function fileSources(files: readonly string[]): () => Promise<BatterySource[]> {
  let loaded: Promise<BatterySource[]> | undefined;
  return () => (loaded ??= Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') }))));
}

/** The tasks through the pipeline on this process's executor (overlapping in the pool: see pipeline/tasks.ts). */
export class LocalRunner implements TaskRunner {
  constructor(
    readonly executor: Executor,
    /** How the mode was chosen (--mode auto says why). */
    readonly choice?: ModeChoice,
  ) {}

  get mode(): string {
    return this.executor.mode;
  }

  get workers(): number {
    return this.executor.workers;
  }

  describe(): string {
    return `${this.executor.mode} with ${this.executor.workers} worker(s)${this.choice ? ` (${this.choice.reason})` : ''}`;
  }

  async run(items: readonly TaskItem[], s: RunSettings, onReport: (r: TaskReport, ms: number) => void): Promise<RunOutcome> {
    const batteries = new Map(items.map((item) => [item.task, item.battery.battery]));
    const r = await runTasks(
      items.map((item) => item.task),
      (task) => batteries.get(task)!,
      { ...s, executor: this.executor },
      (report, _task, ms) => onReport(report, ms),
    );
    return { reports: r.reports, interrupted: r.interrupted, inFlight: r.inFlight };
  }

  async close(): Promise<void> {
    await this.executor.close();
  }
}
