// The run-batt command line: options and help. The commands live in src/commands/, each loaded
// only when it runs (so that --help, --version and a usage error load none of them).

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { GROUP_TITLES } from './dsl/groups.js';
import { defaultWorkers } from './exec/cores.js';
import { style } from './report/style.js';
import { EXIT, InputError } from './errors.js';
import { DEFAULT_CARD_SIZE, SHIPPED_TASKS, resolveBench, resolveCard, resolveCheck, resolveMerge, resolveReport, resolveRun, resolveSearch, resolveShow, resolveWorker, type Parsed } from './options.js';
import { nonNegativeInt, positiveInt, positiveNumber } from './commands/args.js';
import { ALL_BENCHES } from './bench/names.js';
import { parseDuration } from './search/duration.js';
import { MIXES } from './program/mixes.js';
import { DEFAULT_ROUND_SIZE } from './options.js';
import { parseShard, ShardError } from './task/shard.js';
import { LOCK_DURATION_MS } from './queue/protocol.js';

const PREFIX = 'run-batt: ';

/** A command's parsed options with where each came from, for the resolver. */
const parsed = (cmd: Command): Parsed => ({ values: cmd.opts(), source: (key) => cmd.getOptionValueSource(key) });
const warn = (message: string) => console.error(style(process.stderr).yellow(`warning: ${message}`));

const dataOption = () =>
  new Option('--data <path>', 'task folder (ARC layout; training/ + evaluation/ means both) or Kaggle *_challenges.json').default(SHIPPED_TASKS, 'the shipped tasks/');
const timeoutOption = (dflt: number, what: string) => new Option('-t, --timeout <sec>', `time limit per program per ${what}, in seconds`).argParser(positiveNumber).default(dflt);
const sizeOption = () => new Option('-n, --size <n>', 'candidates per battery (parents + children)').argParser(positiveInt).default(DEFAULT_CARD_SIZE);
const seedOption = () => new Option('--seed <n>', 'random seed for mutations (same seed, same battery)').argParser(nonNegativeInt).default(1);

/** Checked here (commander names the option), converted in the resolver. */
const durationArg = (v: string): string => {
  parseDuration(v);
  return v;
};

const shareArg = (v: string): number => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return x;
};

const shardOption = () =>
  new Option('--shard <k/n>', 'only the K-th of N slices of the selected tasks (by sorted id), e.g. 2/4; run-batt merge joins the shards\' --json reports').argParser((v: string) => {
    try {
      return parseShard(v);
    } catch (e) {
      if (e instanceof ShardError) throw new InvalidArgumentError(e.message);
      throw e;
    }
  });

/** Distributed runs: shared by run and search. */
function distributedOptions(cmd: Command): Command {
  return cmd
    .option('--queue <url>', 'run the jobs on a BullMQ queue at redis://HOST:PORT (run-batt worker takes them): run sends one job per task, search its batches and verifications')
    .addOption(shardOption())
    .option('--metrics <file>', 'write Prometheus metrics (text format) to <file> at the end');
}

/** Which tasks: shared by run and search. */
function selectionOptions(cmd: Command): Command {
  return cmd
    .option('-i, --ids <id...>', 'task ids (exact)')
    .addOption(new Option('-s, --start <n>', 'first task of a slice of the sorted ids (0-based)').argParser(nonNegativeInt))
    .addOption(new Option('-c, --count <n>', 'number of tasks in the slice').argParser(positiveInt))
    .addOption(dataOption());
}

/** Options shared by the commands that run the pipeline. */
function pipelineOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-w, --workers <n>', 'worker threads in parallel mode').argParser(positiveInt).default(defaultWorkers(), 'available cores'))
    .addOption(new Option('--mode <mode>', 'where programs run: auto (main thread for small work, the pool for large), parallel (worker pool), sequential (main thread)').choices(['auto', 'parallel', 'sequential']).default('auto'))
    .addOption(new Option('--keep <n>', 'programs validated and stored per task').argParser(positiveInt).default(32))
    .addOption(new Option('--memory <mb>', 'heap limit per worker thread, in MB').argParser(positiveInt).default(1024))
    .option('--library <dir...>', 'more solver libraries for parents (besides solvers/)')
    .option('--submission <file>', 'write a Kaggle submission: two attempts per test input')
    .option('--no-cache', 'bypass the validation cache (<store>/cache/)');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('run-batt')
    .description('Run batteries of ARC-DSL solver programs on ARC tasks: check, score, deduplicate, validate and time them.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run-batt --help for usage)')
    .configureHelp({ sortOptions: false })
    .addHelpText('after', `
'run' is the default command: 'run-batt --timing -i 007bbfb7 -b tmp_dir' is 'run-batt run ...'.
'run-batt <command> --help' explains each command's options.

Examples:
  run-batt --timing -i 007bbfb7 -b tmp_dir          generate a battery for 007bbfb7, run it, time it
  run-batt check solvers --data ../shared/arc/arc-agi-1/training
  run-batt search -c 12 --generations 3
  run-batt bench --workload large
  run-batt show 007bbfb7 --program solvers/solvers.py     draw a task and a program's outputs in the terminal
  run-batt --html report.html -i 007bbfb7 -b tmp_dir      the run as one HTML page (grids, programs, timing)

Exit status: 0 ok, 1 run failed, 2 usage or input error, 130 interrupted.`)
    .exitOverride();

  distributedOptions(pipelineOptions(
    selectionOptions(
      program
        .command('run', { isDefault: true })
        .description('run a battery of candidate programs on ARC tasks: score, filter, canonicalise, validate, store the winners (the default command)'),
    )

      .option('-b, --battery <dir>', 'the battery: every solver program in the *.py files under <dir>; none there: one is generated first')
      .addOption(timeoutOption(1, 'sample'))
      .option('--timing', 'print the per-phase timing table (wall, in-job time, CPU, items)')
      .option('--json <file>', "write the whole report as JSON to <file> ('-' for stdout)")
      .option('--html <file>', 'write the report as one self-contained HTML page: grids, best programs, timing')
      .option('--out <dir>', 'store folder (default: the battery folder, else tmp_dir)')
      .option('-q, --quiet', 'no line per task, only the summary (and --timing)')
      .addOption(sizeOption())
      .addOption(seedOption()),
  ))
    .addHelpText('after', `
Phases, per task: load, score samples, filter, batch inline, validate, store, differs.
Statuses: ok (every known sample exact), wrong, error (with the exception class), timeout, oom.
Without -b the solver library solvers/ is the battery; -b DIR with no solver files in DIR
generates DIR/batt.py first (like run-batt card).
Exit status: 0 when the run completed, 1 when it failed (a bug, or a store the machine could not
write, e.g. a full disk), 2 on usage or input errors, 130 when interrupted (Ctrl-C, SIGTERM: the
partial report is still written).

Examples:
  run-batt --timing -i 007bbfb7 -b tmp_dir
  run-batt --data ../shared/arc/arc-agi-1/training -i 007bbfb7 --timing --mode sequential
  run-batt --data ../shared/arc/kaggle/arc-agi_evaluation_challenges.json --out kaggle_out --submission kaggle_out/submission.json`)
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/run.js')).runCommand(resolveRun(parsed(cmd), warn));
    });

  program
    .command('card')
    .description('generate a battery: parents from the library and the store, plus type-checked mutated children, into DIR/batt.py')
    .requiredOption('-i, --ids <id...>', 'the task(s) the battery is for')
    .requiredOption('-b, --battery <dir>', 'where batt.py goes (its solver_dir/ store, if any, supplies parents too)')
    .addOption(sizeOption())
    .addOption(seedOption())
    .addOption(dataOption())
    .option('--library <dir...>', 'more solver libraries for parents (besides solvers/)')
    .addHelpText('after', `
Mutations: a constant becomes another of its kind (colours, vectors, Booleans), a primitive one with
the same signature, an argument an earlier variable of a compatible type; occasionally a line is
dropped or two parents are spliced. Ill-typed children are rejected and counted, duplicates too.

Example:
  run-batt card -i 007bbfb7 -b tmp_dir -n 1000 --seed 7`)
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/search.js')).cardCommand(resolveCard(parsed(cmd), warn));
    });

  distributedOptions(pipelineOptions(
    selectionOptions(
      program
        .command('search')
        .description('cross-task mutation search: rounds of mutants of the library and of near-misses, every candidate tried on every selected task'),
    )
      .addOption(new Option('--time <duration>', 'wall-clock budget (e.g. 90s, 15m, 1h): the report is written within it + 30 s').argParser(durationArg))
      .addOption(new Option('--generations <g>', 'mutation rounds after the library round (default: 3, or as many as --time allows)').argParser(nonNegativeInt))
      .addOption(new Option('-n, --size <n>', 'candidates per mutation round').argParser(positiveInt).default(DEFAULT_ROUND_SIZE))
      .addOption(new Option('--mix <preset>', 'mutation mix').choices(Object.keys(MIXES)).default('codeit'))
      .addOption(new Option('--two-step <share>', 'share of mutants given a second mutation (0..1)').argParser(shareArg).default(0.2))
      .addOption(seedOption())
      .option('--out <dir>', 'store, validation cache and search state; a second run with the same folder continues', 'search_out')
      .addOption(timeoutOption(0.1, 'demo'))
      .option('--json <file>', "write the report as JSON ('-' for stdout)")
      .option('--html <file>', 'write the report as one self-contained HTML page: solved per round, grids, best programs')
      .option('--leave-own-out', "never credit a task with its own library solver (solve_<id>) or that solver's mutants")
      .option('-q, --quiet', 'no per-round lines, only the summary'),
  ))
    .addHelpText('after', `
Round 0 runs the library as it is (skipped when --out holds an earlier search of the same library
and tasks); round 1 mutates every library program evenly; later rounds take half their mutants from
the library (cheaper programs more often) and half from the near-misses and stored bests of the
unsolved tasks. Every candidate is tried on every selected task's demos, a pair stopping at its first
wrong demo; a program seen before (same md5, kept in <out>/search/seen.txt) is never run again.
Candidates that fit every demo are validated on demos and known test outputs and stored in <out>.
Mixes: codeit (constant 0.5, primitive 0.25, variable 0.25, as CodeIt's baseline), default (adds
line drops and splices). Exit status: 0 done, 1 failed, 2 usage or input error, 130 interrupted
(the partial report is still written).

Examples:
  run-batt search --data ../shared/arc/arc-agi-1/evaluation --library ../shared/arc-dsl --time 15m
  run-batt search -c 12 --generations 3 --json report.json`)
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/search.js')).searchCommand(resolveSearch(parsed(cmd), warn));
    });

  program
    .command('check')
    .description('run each solve_<id> in the solver files on task <id> (every train and test pair) and report which tasks are solved')
    .argument('<solvers...>', 'solver files, or folders searched for *.py files')
    .addOption(dataOption())
    .addOption(timeoutOption(5, 'pair'))
    .option('--json <file>', "write the results as JSON to <file> ('-' for stdout)")
    .option('--html <file>', 'write the results as one self-contained HTML page: every pair drawn, with the outputs')
    .option('-q, --quiet', 'print only the summary line, not the per-task table')
    .option('--all', 'list every task in the table (past 50 tasks it lists the unsolved and the 10 slowest)')
    .addOption(shardOption())
    .addHelpText('after', `
Exit status: 0 when the check ran (whatever was solved), 2 on usage or input errors.

Examples:
  run-batt check solvers                                       the shipped library on the shipped tasks
  run-batt check solvers --data ../shared/arc/arc-agi-1/training --json check.json`)
    .action(async (paths: string[], _opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/check.js')).checkCommand(resolveCheck(paths, parsed(cmd)));
    });

  program
    .command('worker')
    .description('take jobs from a BullMQ queue (task jobs of run --queue, executor jobs of search --queue) and run them on this machine\'s pool')
    .requiredOption('--queue <url>', 'the queue: redis://HOST:PORT[/DB][?queue=NAME]')
    .addOption(new Option('--concurrency <n>', 'worker threads in the pool, and tasks taken at once').argParser(positiveInt).default(defaultWorkers(), 'available cores'))
    .addOption(new Option('--metrics-port <port>', 'serve Prometheus metrics at http://HOST:PORT/metrics (0: any free port, printed)').argParser(nonNegativeInt))
    .option('--metrics-host <host>', 'address the metrics server listens on', '0.0.0.0')
    .addOption(new Option('--memory <mb>', 'heap limit per worker thread, in MB').argParser(positiveInt).default(1024))
    .option('--cache-dir <dir>', 'keep a validation cache of this worker\'s own under <dir>/cache/')
    .addOption(new Option('--lock-duration <ms>', 'job lock: a worker that dies is noticed, and its job restarted elsewhere, within about this long plus 1.5 s').argParser(positiveInt).default(LOCK_DURATION_MS))
    .option('-q, --quiet', 'no line per job, only warnings')
    .option('-v, --verbose', 'also a line per executor job of a search (start and done), which are many and short')
    .addHelpText('after', `
A worker needs no shared filesystem: each job brings its task and options, the battery comes
from Redis (once per battery), and the programs to store go back to the submitting run, which
writes the store and the report. Start any number of workers, on any machines that reach Redis.
SIGINT/SIGTERM: finish the running jobs, then exit; a second signal exits at once (the jobs
are retried by another worker).
Exit status: 0 after a signal, 2 when Redis cannot be reached or the options are wrong.

Examples:
  run-batt worker --queue redis://10.0.0.5:6379 --metrics-port 9464
  run-batt --queue redis://10.0.0.5:6379 --data ../shared/arc/arc-agi-1/training -b batt --json report.json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = resolveWorker(parsed(cmd));
      // Loaded only here: bullmq and prom-client take about a second to load.
      const { workerCommand } = await import('./commands/worker.js');
      process.exitCode = await workerCommand(opts);
    });

  program
    .command('merge')
    .description("combine the --json reports of shards (run, search or check) into one, and their Kaggle submissions into one")
    .argument('<files...>', 'the shards\' JSON reports and/or submissions (the kind of each is read from its content)')
    .option('-o, --output <file>', "the merged report ('-' for stdout)", '-')
    .option('--submission <file>', 'the merged submission, when submissions are among the inputs')
    .addHelpText('after', `
A task found in two inputs is an error (the shards overlap). When every report names its
shard (--shard K/N), missing shards are listed and the merged report is marked incomplete.

Example:
  run-batt merge shard1.json shard2.json shard3.json -o report.json
  run-batt merge sub1.json sub2.json -o submission.json`)
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/merge.js')).mergeCommand(resolveMerge(files, parsed(cmd)));
    });

  program
    .command('bench')
    .description('benchmarks: the full pipeline in sequential and parallel mode (interleaved), and DSL primitives')
    .option('--workload <name...>', `workloads to run: ${ALL_BENCHES.join(', ')} (default: all)`)
    .addOption(new Option('--runs <n>', 'measured runs per mode and workload').argParser(positiveInt).default(5))
    .option('--json <file>', "write every figure as JSON ('-' for stdout)")
    .option('--export-markdown <file>', 'write a Markdown table: workload, mode, mean ± σ, min, max, relative')
    .option('--export-github <file>', "write the GitHub benchmark action's customSmallerIsBetter JSON ({name, unit, value, range})")
    .option('--baseline <file>', 'compare with an earlier --json report; exit 1 on a regression')
    .addOption(new Option('--max-regression <pct>', 'allowed slowdown of a median, in percent (beyond the combined margins of error)').argParser(positiveNumber).default(25))
    .option('--data <path>', 'tasks for the arc workload (default: ../shared/arc/arc-agi-1/training) and the library workload (default: the shipped tasks/)')
    .option('--library <dir...>', 'arc-dsl-format solver files or folders for the library workload (implies --workload library)')
    .option('--python <dsl_dir>', "library workload: also run the solvers under python3 with the DSL in <dsl_dir> (dsl.py, constants.py, solvers.py) and print the ratios")
    .addOption(new Option('-w, --workers <n>', 'worker threads in parallel mode').argParser(positiveInt).default(defaultWorkers(), 'available cores'))
    .option('--processes', 'run the pipeline workloads as whole run-batt processes, as users start them (sequential, parallel and auto), instead of warm runs in this process')
    .addOption(timeoutOption(1, 'sample'))
    .addHelpText('after', `
Workloads (fixed and seeded):
  small   6 shipped tasks, generated 200-candidate batteries
  large   3 shipped tasks, generated 1200-candidate batteries
  arc     ARC-AGI-1 training, the solver library as battery (skipped when the data is absent)
  mutants 10 real training tasks, one 1000-candidate battery mutated from ../shared/arc-dsl's solvers
  007bbfb7 real 007bbfb7, a 1000-candidate battery mutated from arc-dsl's solvers
  harness real 007bbfb7, a 630-candidate battery (the Python harness's 128-parent shape)
  dsl     per-call time of every primitive on recorded real-grid arguments (top 20 printed)
  library the solvers of --library on their tasks (--data), per task, in this process as check runs
          them; with --python DSL_DIR also under python3, in the same run, with the ratios
          (skipped, saying so, when python3 is missing). Runs only when named or with --library.
Exit status: 0, or 1 when --baseline finds a regression.

Examples:
  npm run bench
  run-batt bench --workload large --runs 10 --json bench.json
  run-batt bench --workload small --baseline bench.json --max-regression 25
  run-batt bench --workload 007bbfb7 harness mutants --processes
  run-batt bench --library ../shared/arc-dsl --data ../shared/arc/arc-agi-1/training --python ~/arc-dsl --runs 3`)
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/bench.js')).benchCommand(resolveBench(parsed(cmd)));
    });

  program
    .command('show')
    .description("draw a task's pairs in the terminal, side by side; with a program, its outputs and ✓/✗ per pair")
    .argument('<task>', 'task id (exact)')
    .addOption(dataOption())
    .option('--program <file[:name]>', "run this program on every pair (default name: solve_<task>, or the file's only program)")
    .option('--store <dir>', "run the store's best program for the task (solver_dir/solve_<task>/, highest score, then fastest)")
    .addOption(timeoutOption(5, 'pair'))
    .addHelpText('after', `
Colours: 24-bit where the terminal says so (COLORTERM=truecolor), else 256 colours; digits when
stdout is not a terminal or NO_COLOR is set (FORCE_COLOR=1 forces colour). A differing output cell
shows '><' (digits: an 'x' after it).

Examples:
  run-batt show 007bbfb7
  run-batt show 007bbfb7 --program solvers/solvers.py:solve_007bbfb7
  run-batt show 007bbfb7 --store tmp_dir --data ../shared/arc/arc-agi-1/training`)
    .action(async (task: string, _opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/show.js')).showCommand(resolveShow(task, parsed(cmd)));
    });

  program
    .command('report')
    .description('the HTML page of a saved --json report of run, search or check')
    .argument('<report.json>', 'a report written by --json')
    .option('-o, --output <file>', "the page to write (default: the report's name with .html; '-' for stdout)")
    .option('--title <text>', 'the page title')
    .addHelpText('after', `
Example:
  run-batt check solvers --json check.json && run-batt report check.json -o check.html`)
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      process.exitCode = await (await import('./commands/report.js')).reportCommand(resolveReport(file, parsed(cmd)));
    });

  program
    .command('primitives')
    .description('list the DSL primitives with their signatures, from the registry')
    .option('--group <group>', `only one group: ${Object.keys(GROUP_TITLES).join(', ')}`)
    .option('--json', 'print JSON: [{name, group, params: [{name, type}], returns}]')
    .action(async (opts: { group?: string; json?: boolean }) => {
      if (opts.group && !(opts.group in GROUP_TITLES)) throw new InputError(`unknown group '${opts.group}' (${Object.keys(GROUP_TITLES).join(', ')})`);
      const [{ registry }, { writeJson }] = await Promise.all([import('./dsl/registry.js'), import('./commands/common.js')]);
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

/** The first argument names no command (the default command 'run' takes no arguments). */
function unknownCommand(program: Command, argv: readonly string[]): string | undefined {
  const first = argv[2];
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (names.includes(first) || first === 'help') return undefined;
  return first;
}

/** A closed stdout (`run-batt --help | head -1`) ends the process quietly: nobody is reading. */
function quietOnEpipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
    throw e;
  });
}

export async function main(argv: string[] = process.argv): Promise<number> {
  quietOnEpipe();
  const program = buildProgram();
  const err = style(process.stderr);
  // Commander's own messages ("error: unknown option ...") get the same prefix as ours.
  const outputError = (text: string, write: (s: string) => void) => write(err.red(text.replace(/^error: /, PREFIX)));
  program.configureOutput({ outputError });
  for (const c of program.commands) c.configureOutput({ outputError });
  try {
    const unknown = unknownCommand(program, argv);
    if (unknown !== undefined) {
      const names = program.commands.map((c) => c.name()).filter((n) => n !== 'help');
      throw new InputError(`unknown command '${unknown}' (commands: ${names.join(', ')}; run-batt --help for usage)`);
    }
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander has printed its message.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof InputError) {
      console.error(err.red(PREFIX + e.message));
      return EXIT.usage;
    }
    // Anything else is a bug: its stack, exit 1.
    console.error(err.red(`${PREFIX}internal error: ${(e as Error)?.stack ?? e}`));
    return EXIT.failed;
  }
}
