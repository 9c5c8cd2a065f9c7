// The command line resolved once: commander's parsed options become one
// typed options object per command, with units converted here and nowhere
// else (seconds to milliseconds), the solver libraries listed once, and a
// warning for every option that does nothing in the combination given.
//
// Adding an option: declare it in cli.ts, add its field to the settings
// group it belongs to below, and read it in that group's resolver.

import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';
import type { RequestedMode } from './exec/auto.js';
import { parseDuration } from './search/duration.js';
import type { Shard } from './task/shard.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHIPPED_TASKS = path.join(PACKAGE_ROOT, 'tasks');
export const SHIPPED_SOLVERS = path.join(PACKAGE_ROOT, 'solvers');
export const DEFAULT_CARD_SIZE = 500;
/** Candidates per search round unless -n says otherwise. */
export const DEFAULT_ROUND_SIZE = 1000;
/** Smallest worker heap (MB) with which a worker can start and run programs at all. */
const MIN_MEMORY_MB = 16;

/** Which tasks. */
export interface Selection {
  /** A task folder or a Kaggle challenges file. */
  readonly data: string;
  readonly ids?: readonly string[];
  readonly start?: number;
  readonly count?: number;
}

/** Where programs run. */
export interface PoolSettings {
  /** sequential, parallel, or auto (decided from the work once it is loaded). */
  readonly mode: RequestedMode;
  readonly workers: number;
  /** Heap cap per worker thread. */
  readonly memoryMb: number;
}

/** Where winners and the validation cache go. */
export interface StoreSettings {
  readonly dir: string;
  /** Programs validated and stored per task. */
  readonly keep: number;
  readonly cache: boolean;
}

/** Battery generation. */
export interface CardSettings {
  readonly size: number;
  readonly seed: number;
}

/** What is printed and written. */
export interface Outputs {
  readonly json?: string;
  /** The HTML report (--html, or report's -o). */
  readonly html?: string;
  /** The flag that named it (for messages): --html, or -o for report. */
  readonly htmlFlag?: string;
  readonly submission?: string;
  /** bench: the Markdown table and the GitHub benchmark action's JSON. */
  readonly exportMarkdown?: string;
  readonly exportGithub?: string;
  readonly timing: boolean;
  readonly quiet: boolean;
  /** A report goes to stdout ('-'): then every human-readable line goes to stderr. */
  readonly stdoutIsData: boolean;
  /** --metrics: Prometheus metrics (text format) written here at the end. */
  readonly metrics?: string;
}

/** Runs past one machine: a queue and shards. */
export interface Distribution {
  /** --queue: the tasks run on a BullMQ queue at this redis:// URL (workers elsewhere), not here. */
  readonly queue?: string;
  /** --shard K/N: only this slice of the selected tasks. */
  readonly shard?: Shard;
}

export interface RunOptions {
  readonly command: 'run';
  readonly selection: Selection;
  /** The solver libraries: the shipped one first, then --library. */
  readonly libraries: readonly string[];
  /** -b: the battery folder (or file); absent: the shipped library is the battery. */
  readonly battery?: string;
  readonly timeoutMs: number;
  readonly pool: PoolSettings;
  readonly store: StoreSettings;
  readonly card: CardSettings;
  readonly outputs: Outputs;
  readonly distribution: Distribution;
}

/** How a search proceeds. */
export interface SearchSettings {
  /** Mutation rounds after the library round (Infinity: as many as the budget allows). */
  readonly generations: number;
  /** Wall-clock budget (--time). */
  readonly budgetMs?: number;
  /** Candidates per mutation round (-n). */
  readonly perRound: number;
  readonly seed: number;
  /** Mutation mix preset (a key of MIXES). */
  readonly mix: string;
  /** Share of two-step mutants. */
  readonly twoStep: number;
  /** Never credit a task with its own library solver or that solver's mutants. */
  readonly leaveOwnOut: boolean;
}

export interface SearchOptions {
  readonly command: 'search';
  readonly selection: Selection;
  readonly libraries: readonly string[];
  readonly timeoutMs: number;
  readonly search: SearchSettings;
  readonly pool: PoolSettings;
  readonly store: StoreSettings;
  readonly outputs: Outputs;
  readonly distribution: Distribution;
}

export interface CardOptions {
  readonly command: 'card';
  readonly selection: Selection;
  readonly libraries: readonly string[];
  readonly battery: string;
  readonly card: CardSettings;
}

export interface CheckOptions {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly data: string;
  readonly timeoutMs: number;
  readonly outputs: Outputs;
  readonly shard?: Shard;
  /** List every task in the table, however many. */
  readonly all: boolean;
}

export interface WorkerOptions {
  readonly command: 'worker';
  readonly queue: string;
  /** Pool threads, and jobs (tasks) taken at once. */
  readonly concurrency: number;
  readonly memoryMb: number;
  readonly metricsPort?: number;
  readonly metricsHost: string;
  /** A validation cache of the worker's own (<dir>/cache/). */
  readonly cacheDir?: string;
  readonly lockDurationMs: number;
  readonly quiet: boolean;
  /** A line per executor job (search --queue) too. */
  readonly verbose: boolean;
}

export interface MergeOptions {
  readonly command: 'merge';
  readonly files: readonly string[];
  /** The merged report ('-': stdout). */
  readonly output: string;
  /** The merged submission. */
  readonly submission?: string;
}

export interface BenchOptions {
  readonly command: 'bench';
  readonly workloads?: readonly string[];
  readonly runs: number;
  readonly data?: string;
  readonly baseline?: string;
  readonly maxRegressionPct: number;
  readonly timeoutMs: number;
  readonly workers: number;
  readonly outputs: Outputs;
  /** Solver files or folders for the library workload. */
  readonly library?: readonly string[];
  /** A folder with arc-dsl's dsl.py, constants.py and the same solvers, for the library workload's CPython side. */
  readonly python?: string;
  /** Run the pipeline workloads as whole run-batt processes (hyperfine's way) instead of in this process. */
  readonly processes: boolean;
}

/** Commander's parsed values, and where each came from ('default', 'cli', ...). */
export interface Parsed {
  readonly values: Record<string, unknown>;
  readonly source: (key: string) => string | undefined;
}

type Warn = (message: string) => void;

const str = (v: unknown) => (v === undefined ? undefined : String(v));
const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
const given = (p: Parsed, key: string) => p.source(key) === 'cli' || p.source(key) === 'env';

/** Seconds from the command line, as milliseconds: the one conversion. */
const secondsToMs = (s: number): number => s * 1000;

function selection(p: Parsed, warn: Warn): Selection {
  const v = p.values;
  const ids = strs(v.ids);
  if (ids && (v.start !== undefined || v.count !== undefined)) warn('-s/--start and -c/--count are ignored with -i/--ids');
  return { data: String(v.data ?? SHIPPED_TASKS), ...(ids ? { ids } : { start: v.start as number | undefined, count: v.count as number | undefined }) };
}

const libraries = (p: Parsed): string[] => [SHIPPED_SOLVERS, ...(strs(p.values.library) ?? [])];

function pool(p: Parsed, warn: Warn): PoolSettings {
  const mode = p.values.mode as RequestedMode;
  if (mode === 'sequential' && given(p, 'workers')) warn('-w/--workers has no effect with --mode sequential');
  if (mode === 'sequential' && given(p, 'memory')) warn('--memory has no effect with --mode sequential (programs run in the main thread)');
  const memoryMb = p.values.memory as number;
  if (memoryMb < MIN_MEMORY_MB) throw new InputError(`--memory ${memoryMb}: a worker needs at least ${MIN_MEMORY_MB} MB`);
  return { mode, workers: p.values.workers as number, memoryMb };
}

const card = (p: Parsed): CardSettings => ({ size: p.values.size as number, seed: p.values.seed as number });

function outputs(p: Parsed): Outputs {
  const json = str(p.values.json);
  const html = str(p.values.html);
  const submission = str(p.values.submission);
  const exportMarkdown = str(p.values.exportMarkdown);
  const exportGithub = str(p.values.exportGithub);
  const metrics = str(p.values.metrics);
  if (metrics === '-') throw new InputError('--metrics needs a file (for the node-exporter textfile collector), not stdout');
  const toStdout = [['--json', json], ['--html', html], ['--submission', submission], ['--export-markdown', exportMarkdown], ['--export-github', exportGithub]]
    .filter(([, f]) => f === '-')
    .map(([flag]) => flag);
  if (toStdout.length > 1) throw new InputError(`${toStdout.map((f) => `${f} -`).join(' and ')} cannot ${toStdout.length === 2 ? 'both' : 'all'} go to stdout`);
  return {
    json,
    ...(html !== undefined ? { html } : {}),
    ...(exportMarkdown !== undefined ? { exportMarkdown } : {}),
    ...(exportGithub !== undefined ? { exportGithub } : {}),
    ...(metrics !== undefined ? { metrics } : {}),
    submission,
    timing: Boolean(p.values.timing),
    quiet: Boolean(p.values.quiet),
    stdoutIsData: toStdout.length > 0,
  };
}

/** --queue and --shard; with --queue, the local pool's options are the workers' business. */
function distribution(p: Parsed, warn: Warn): Distribution {
  const queue = str(p.values.queue);
  const shard = p.values.shard as Shard | undefined;
  if (queue !== undefined) {
    for (const [key, flag] of [['workers', '-w/--workers'], ['mode', '--mode'], ['memory', '--memory']] as const) {
      if (given(p, key)) warn(`${flag} has no effect with --queue (each worker has its own --concurrency and --memory)`);
    }
  }
  return { ...(queue !== undefined ? { queue } : {}), ...(shard ? { shard } : {}) };
}

/** Every file a command will write its report to, by flag (checked before any work). */
export function reportFiles(o: Outputs): { flag: string; file: string }[] {
  const files: { flag: string; file: string }[] = [];
  if (o.json !== undefined && o.json !== '-') files.push({ flag: '--json', file: o.json });
  if (o.submission !== undefined && o.submission !== '-') files.push({ flag: '--submission', file: o.submission });
  if (o.html !== undefined && o.html !== '-') files.push({ flag: o.htmlFlag ?? '--html', file: o.html });
  if (o.exportMarkdown !== undefined && o.exportMarkdown !== '-') files.push({ flag: '--export-markdown', file: o.exportMarkdown });
  if (o.exportGithub !== undefined && o.exportGithub !== '-') files.push({ flag: '--export-github', file: o.exportGithub });
  if (o.metrics !== undefined) files.push({ flag: '--metrics', file: o.metrics });
  return files;
}

/** The store without --out: the battery folder (the folder of a battery file), else tmp_dir. */
function defaultStore(battery: string | undefined): string {
  if (battery === undefined) return 'tmp_dir';
  return statSync(battery, { throwIfNoEntry: false })?.isFile() ? path.dirname(battery) : battery;
}

/** Is `inner` the folder `outer` or inside it? */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function resolveRun(p: Parsed, warn: Warn): RunOptions {
  const v = p.values;
  const battery = str(v.battery);
  const outputsResolved = outputs(p);
  if (outputsResolved.json === '-' && outputsResolved.submission === '-') throw new InputError("--json - and --submission - cannot both go to stdout");
  const store = str(v.out) ?? defaultStore(battery);
  for (const lib of libraries(p)) {
    if (isInside(store, lib)) warn(`the store ${store} is inside the solver library ${lib}: stored programs will be read as library programs (parents) from now on; use --out DIR elsewhere`);
  }
  return {
    command: 'run',
    selection: selection(p, warn),
    libraries: libraries(p),
    ...(battery !== undefined ? { battery } : {}),
    timeoutMs: secondsToMs(v.timeout as number),
    pool: pool(p, warn),
    store: { dir: str(v.out) ?? defaultStore(battery), keep: v.keep as number, cache: v.cache !== false },
    card: card(p),
    outputs: outputsResolved,
    distribution: distribution(p, warn),
  };
}

export function resolveSearch(p: Parsed, warn: Warn): SearchOptions {
  const v = p.values;
  const o = outputs(p);
  if (o.json === '-' && o.submission === '-') throw new InputError("--json - and --submission - cannot both go to stdout");
  const budgetMs = v.time === undefined ? undefined : parseDuration(String(v.time));
  return {
    command: 'search',
    selection: selection(p, warn),
    libraries: libraries(p),
    timeoutMs: secondsToMs(v.timeout as number),
    search: {
      // Without --generations: 3 rounds, or as many as --time allows.
      generations: v.generations !== undefined ? (v.generations as number) : budgetMs !== undefined ? Infinity : 3,
      ...(budgetMs !== undefined ? { budgetMs } : {}),
      perRound: v.size as number,
      seed: v.seed as number,
      mix: String(v.mix),
      twoStep: v.twoStep as number,
      leaveOwnOut: Boolean(v.leaveOwnOut),
    },
    pool: pool(p, warn),
    store: { dir: String(v.out), keep: v.keep as number, cache: v.cache !== false },
    outputs: o,
    distribution: distribution(p, warn),
  };
}

export function resolveCard(p: Parsed, warn: Warn): CardOptions {
  return { command: 'card', selection: selection(p, warn), libraries: libraries(p), battery: String(p.values.battery), card: card(p) };
}

export function resolveCheck(paths: readonly string[], p: Parsed): CheckOptions {
  const shard = p.values.shard as Shard | undefined;
  return { command: 'check', paths, data: String(p.values.data ?? SHIPPED_TASKS), timeoutMs: secondsToMs(p.values.timeout as number), outputs: outputs(p), ...(shard ? { shard } : {}), all: p.values.all === true };
}

/** Shortest job lock we accept: below it, a busy but live worker could lose its jobs. */
export const MIN_LOCK_MS = 1000;

export function resolveWorker(p: Parsed): WorkerOptions {
  const v = p.values;
  const lockDurationMs = v.lockDuration as number;
  if (lockDurationMs < MIN_LOCK_MS) throw new InputError(`--lock-duration ${lockDurationMs}: at least ${MIN_LOCK_MS} ms`);
  const memoryMb = v.memory as number;
  if (memoryMb < MIN_MEMORY_MB) throw new InputError(`--memory ${memoryMb}: a worker needs at least ${MIN_MEMORY_MB} MB`);
  return {
    command: 'worker',
    queue: String(v.queue),
    concurrency: v.concurrency as number,
    memoryMb,
    ...(v.metricsPort !== undefined ? { metricsPort: v.metricsPort as number } : {}),
    metricsHost: String(v.metricsHost),
    ...(v.cacheDir !== undefined ? { cacheDir: String(v.cacheDir) } : {}),
    lockDurationMs,
    quiet: Boolean(v.quiet),
    verbose: Boolean(v.verbose) && !v.quiet,
  };
}

export function resolveMerge(files: readonly string[], p: Parsed): MergeOptions {
  const submission = str(p.values.submission);
  return { command: 'merge', files, output: String(p.values.output), ...(submission !== undefined ? { submission } : {}) };
}

export function resolveBench(p: Parsed): BenchOptions {
  const v = p.values;
  return {
    command: 'bench',
    ...(strs(v.workload) ? { workloads: strs(v.workload)! } : {}),
    runs: v.runs as number,
    ...(v.data !== undefined ? { data: String(v.data) } : {}),
    ...(v.baseline !== undefined ? { baseline: String(v.baseline) } : {}),
    maxRegressionPct: v.maxRegression as number,
    timeoutMs: secondsToMs(v.timeout as number),
    workers: v.workers as number,
    outputs: outputs(p),
    ...(strs(v.library) ? { library: strs(v.library)! } : {}),
    ...(v.python !== undefined ? { python: String(v.python) } : {}),
    processes: v.processes === true,
  };
}

export interface ShowOptions {
  readonly command: 'show';
  readonly task: string;
  readonly selection: Selection;
  /** --program FILE[:NAME]. */
  readonly program?: string;
  /** --store DIR: the store's best program for the task. */
  readonly store?: string;
  readonly timeoutMs: number;
}

export function resolveShow(task: string, p: Parsed): ShowOptions {
  const v = p.values;
  if (v.program !== undefined && v.store !== undefined) throw new InputError('give --program or --store, not both');
  return {
    command: 'show',
    task,
    selection: { data: String(v.data ?? SHIPPED_TASKS), ids: [task] },
    ...(v.program !== undefined ? { program: String(v.program) } : {}),
    ...(v.store !== undefined ? { store: String(v.store) } : {}),
    timeoutMs: secondsToMs(v.timeout as number),
  };
}

export interface ReportOptions {
  readonly command: 'report';
  /** The saved --json report. */
  readonly input: string;
  readonly title?: string;
  readonly outputs: Outputs;
}

/** REPORT.json -> REPORT.html (any other name: name.html). */
export const defaultHtmlName = (file: string): string => (/\.json$/i.test(file) ? file.replace(/\.json$/i, '.html') : `${file}.html`);

export function resolveReport(input: string, p: Parsed): ReportOptions {
  const html = str(p.values.output) ?? defaultHtmlName(input);
  return {
    command: 'report',
    input,
    ...(p.values.title !== undefined ? { title: String(p.values.title) } : {}),
    outputs: { html, htmlFlag: '-o', timing: false, quiet: false, stdoutIsData: html === '-' },
  };
}
