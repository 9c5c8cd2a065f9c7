// The run-batt command line.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import Table from 'cli-table3';
import { loadPrograms, formatParseError } from './program/load.js';
import { loadTasks, formatTaskError } from './task/load.js';
import { planCheck, runCheck, type CheckResult } from './pipeline/check.js';
import { style, formatMs, formatRate } from './report/style.js';
import { Progress } from './report/progress.js';
import { registry } from './dsl/registry.js';
import { selectTasks, SelectionError } from './task/select.js';
import { loadBattery } from './pipeline/battery.js';
import { runTask, watchdogMs, type TaskReport } from './pipeline/run.js';
import { createExecutor, defaultWorkers, type Mode } from './exec/executor.js';
import { sumPhases, type PhaseTiming } from './timing/phases.js';
import { COMPACT, runJson, statusLine, taskLine, timingTable } from './report/run-report.js';
import { GROUP_TITLES } from './dsl/docs.js';

/** Exit codes: 0 ok, 1 run failed, 2 usage or input error, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export class UsageError extends Error {}

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHIPPED_TASKS = path.join(PACKAGE_ROOT, 'tasks');
export const SHIPPED_SOLVERS = path.join(PACKAGE_ROOT, 'solvers');

/** A path as the user would like to read it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function writeJson(file: string, data: unknown): void {
  const text = JSON.stringify(data, null, 2) + '\n';
  if (file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}

interface CheckCliOptions {
  data: string;
  json?: string;
  timeout: number;
  quiet?: boolean;
}

async function checkCommand(paths: string[], opts: CheckCliOptions): Promise<number> {
  const out = style(process.stdout);
  const err = style(process.stderr);
  const wallStart = performance.now();
  let loaded;
  try {
    loaded = await loadPrograms(paths);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  if (loaded.files.length === 0) throw new UsageError(`no solver files (*.py) found in ${paths.join(', ')}`);
  let tasks;
  try {
    tasks = await loadTasks(opts.data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const e of tasks.errors) console.error(err.yellow(`warning: ${formatTaskError(e)}`));
  const plan = planCheck(loaded.programs, tasks.tasks);
  for (const p of plan.shadowed) console.error(err.yellow(`warning: ${p.file}:${p.line}: ${p.name} is defined again later; the last definition is checked`));
  if (plan.missing.length > 0) {
    const ids = plan.missing.map((p) => p.taskId);
    console.error(err.dim(`note: ${ids.length} solver(s) have no task in ${displayPath(opts.data)}: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', ...' : ''}`));
  }
  if (plan.runs.length === 0) throw new UsageError(`none of the ${loaded.programs.length} solver(s) matches a task in ${displayPath(opts.data)}`);

  const progress = new Progress(plan.runs.length, 'check');
  const results = runCheck(plan, { timeoutMs: opts.timeout * 1000, onResult: (r) => progress.tick(r.id) });
  progress.finish();
  const wallMs = performance.now() - wallStart;
  const runMs = results.reduce((s, r) => s + r.ms, 0);
  const pairs = results.reduce((s, r) => s + r.pairs, 0);
  const solved = results.filter((r) => r.solved).length;

  if (!opts.quiet) console.log(checkTable(results, out));
  const summary = `solved ${solved} / ${results.length}`;
  console.log(
    `${solved === results.length ? out.green.bold(summary) : out.bold(summary)}   ` +
      out.dim(`${pairs} pair runs in ${formatMs(runMs)} (${formatRate(pairs, runMs)} pairs/s), wall ${formatMs(wallMs)}`),
  );
  if (opts.json) {
    writeJson(opts.json, {
      tasks: results.map(({ id, solved, pairs, pairsOk, ms, error }) => ({ id, solved, pairs, pairsOk, ms: round(ms), ...(error ? { error } : {}) })),
      solved,
      total: results.length,
      wallMs: round(wallMs),
    });
  }
  return EXIT.ok;
}


interface RunCliOptions {
  ids?: string[];
  start?: number;
  count?: number;
  data: string;
  battery?: string;
  timeout: number;
  workers: number;
  mode: Mode;
  timing?: boolean;
  json?: string;
  out?: string;
  keep: number;
  memory: number;
}

async function runCommand(opts: RunCliOptions): Promise<number> {
  const out = style(process.stdout);
  const err = style(process.stderr);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  let loaded;
  try {
    loaded = await loadTasks(opts.data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatTaskError(e)}`));
  let tasks;
  try {
    tasks = selectTasks(loaded.tasks, { ids: opts.ids, start: opts.start, count: opts.count });
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(e.message);
    throw e;
  }
  if (tasks.length === 0) throw new UsageError(`no tasks selected from ${displayPath(opts.data)}`);

  const { battery, files, errors, fromLibrary } = await loadBattery(opts.battery, SHIPPED_SOLVERS);
  if (fromLibrary) {
    const why = opts.battery ? `no solver files in ${opts.battery}` : 'no battery given (-b)';
    console.error(err.dim(`note: ${why}: the solver library ${displayPath(SHIPPED_SOLVERS)} is the battery`));
  }
  for (const e of errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  if (battery.programs.length === 0) throw new UsageError(`the battery has no valid programs (${files.length} file(s))`);
  const outDir = opts.out ?? opts.battery ?? 'tmp_dir';

  const executor = createExecutor(opts.mode, {
    workers: opts.workers,
    memoryMb: opts.memory,
    watchdogMs: watchdogMs(opts.timeout * 1000),
    onError: (e) => console.error(err.yellow(`warning: worker pool: ${e.message}`)),
  });
  const poolStart: PhaseTiming[] = [];
  const reports: TaskReport[] = [];
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await executor.start();
    const cpu1 = process.cpuUsage(cpu0);
    poolStart.push({ name: 'pool start', wallMs: performance.now() - t0, taskMs: 0, cpuMs: (cpu1.user + cpu1.system) / 1000, items: executor.mode === 'parallel' ? executor.workers : 0 });

    const progress = new Progress(tasks.length, 'run');
    for (const task of tasks) {
      const tt = performance.now();
      const report = await runTask(task, battery, { executor, timeoutMs: opts.timeout * 1000, outDir, keep: opts.keep });
      reports.push(report);
      progress.finish();
      const known = [...task.train, ...task.test].filter((p) => p.output).length;
      console.log(taskLine(report, out, performance.now() - tt, known));
      progress.tick(task.id);
    }
    progress.finish();
  } finally {
    await executor.close();
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const phases = [...poolStart, ...sumPhases(reports.map((r) => r.phases))];
  if (opts.timing) {
    console.log(timingTable(phases, out, reports.length));
    console.log(statusLine(reports));
  }
  console.log(out.dim(`${reports.length} task(s), ${executor.mode} with ${executor.workers} worker(s), wall ${formatMs(wallMs)}, cpu ${formatMs(cpuMs)}; store: ${displayPath(outDir)}`));
  if (opts.json) writeJson(opts.json, runJson(reports, phases, wallMs, cpuMs, executor.mode, executor.workers));
  return EXIT.ok;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function checkTable(results: readonly CheckResult[], c: ReturnType<typeof style>): string {
  const table = new Table({
    head: ['task', 'solved', 'pairs ok', 'time', 'reason'],
    style: { head: c.level > 0 ? ['cyan'] : [], border: c.level > 0 ? ['grey'] : [] },
    colAligns: ['left', 'center', 'right', 'right', 'left'],
    chars: COMPACT,
  });
  for (const r of results) {
    table.push([
      r.id,
      r.solved ? c.green('yes') : c.red('no'),
      `${r.pairsOk} / ${r.pairs}`,
      formatMs(r.ms),
      r.error ? c.dim(r.error.length > 60 ? r.error.slice(0, 57) + '...' : r.error) : '',
    ]);
  }
  return table.toString();
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('run-batt')
    .description('Run batteries of ARC-DSL solver programs on ARC tasks: check, score, deduplicate, validate and time them.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run-batt --help for usage)')
    .configureHelp({ sortOptions: false })
    .exitOverride();

  program
    .command('run', { isDefault: true })
    .description('run a battery of candidate programs on ARC tasks: score, filter, canonicalise, validate, store the winners (the default command)')
    .option('-i, --ids <id...>', 'task ids to run (exact)')
    .addOption(new Option('-s, --start <n>', 'first task of a slice of the sorted ids (0-based)').argParser(nonNegativeInt))
    .addOption(new Option('-c, --count <n>', 'number of tasks in the slice').argParser(positiveInt))
    .addOption(new Option('--data <path>', 'task folder (ARC layout; training/ + evaluation/ means both) or Kaggle *_challenges.json').default(SHIPPED_TASKS, 'the shipped tasks/'))
    .option('-b, --battery <dir>', 'the battery: every solver program in the *.py files under <dir> (empty or missing: the solver library solvers/)')
    .addOption(new Option('-t, --timeout <sec>', 'time limit per program per sample, in seconds').argParser(positiveNumber).default(1))
    .addOption(new Option('-w, --workers <n>', 'worker threads in parallel mode').argParser(positiveInt).default(defaultWorkers(), 'available cores'))
    .addOption(new Option('--mode <mode>', 'where programs run').choices(['parallel', 'sequential']).default('parallel'))
    .option('--timing', 'print the per-phase timing table (wall, in-job time, CPU, items)')
    .option('--json <file>', "write the whole report as JSON to <file> ('-' for stdout)")
    .option('--out <dir>', 'store folder (default: the battery folder, else tmp_dir)')
    .addOption(new Option('--keep <n>', 'programs validated and stored per task').argParser(positiveInt).default(32))
    .addOption(new Option('--memory <mb>', 'heap limit per worker thread, in MB').argParser(positiveInt).default(1024))
    .addHelpText('after', `
Phases, per task: load, score samples, filter, batch inline, validate, store, differs.
Statuses: ok (every known sample exact), wrong, error (with the exception class), timeout, oom.
Exit status: 0 when the run completed, 1 when it failed, 2 on usage or input errors.

Examples:
  run-batt --timing -i 007bbfb7 -b tmp_dir
  run-batt --data ../shared/arc/arc-agi-1/training -i 007bbfb7 --timing --mode sequential
  run-batt -s 0 -c 10 -b my_battery --json report.json`)
    .action(async (opts: RunCliOptions) => {
      process.exitCode = await runCommand(opts);
    });

  program
    .command('check')
    .description('run each solve_<id> in the solver files on task <id> (every train and test pair) and report which tasks are solved')
    .argument('<solvers...>', 'solver files, or folders searched for *.py files')
    .addOption(new Option('--data <path>', 'task folder (ARC layout; training/ + evaluation/ means both) or Kaggle *_challenges.json').default(SHIPPED_TASKS, 'the shipped tasks/'))
    .addOption(new Option('-t, --timeout <sec>', 'time limit per program per pair, in seconds').argParser(positiveNumber).default(5))
    .option('--json <file>', "write the results as JSON to <file> ('-' for stdout)")
    .option('-q, --quiet', 'print only the summary line, not the per-task table')
    .addHelpText('after', `
Exit status: 0 when the check ran (whatever was solved), 2 on usage or input errors.

Examples:
  run-batt check solvers                                       the shipped library on the shipped tasks
  run-batt check solvers --data ../shared/arc/arc-agi-1/training --json check.json`)
    .action(async (paths: string[], opts: CheckCliOptions) => {
      process.exitCode = await checkCommand(paths, opts);
    });

  program
    .command('primitives')
    .description('list the DSL primitives with their signatures, from the registry')
    .option('--group <group>', `only one group: ${Object.keys(GROUP_TITLES).join(', ')}`)
    .option('--json', 'print JSON: [{name, group, params: [{name, type}], returns}]')
    .action((opts: { group?: string; json?: boolean }) => {
      if (opts.group && !(opts.group in GROUP_TITLES)) throw new UsageError(`unknown group '${opts.group}' (${Object.keys(GROUP_TITLES).join(', ')})`);
      const prims = [...registry.values()].filter((p) => !opts.group || p.group === opts.group);
      if (opts.json) {
        writeJson('-', prims.map(({ name, group, params, returns }) => ({ name, group, params, returns })));
        return;
      }
      const c = style(process.stdout);
      for (const p of prims) console.log(`${c.dim(p.group.padEnd(10))} ${p.signature}`);
    });

  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      console.error(style(process.stderr).red(`run-batt: ${e.message}`));
      return EXIT.usage;
    }
    console.error(style(process.stderr).red(`run-batt: ${(e as Error).stack ?? e}`));
    return EXIT.failed;
  }
}
