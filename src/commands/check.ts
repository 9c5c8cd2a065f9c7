// `run-batt check`: each solve_<id> on task <id>.

import Table from 'cli-table3';
import { loadPrograms, formatParseError } from '../program/load.js';
import { loadTasks, formatTaskError } from '../task/load.js';
import { planCheck, runCheck, type CheckResult } from '../pipeline/check.js';
import { style, formatMs, formatRate } from '../report/style.js';
import { Progress } from '../report/progress.js';
import { COMPACT, tableStyle } from '../report/run-report.js';
import { roundedThreadCpu, threadCpuSince, threadTimes } from '../timing/threads.js';
import { EXIT, InputError } from '../errors.js';
import type { CheckOptions } from '../options.js';
import { formatShard, selectShard } from '../task/shard.js';
import { taskOfStorePath } from '../task/ids.js';
import { checkReportFiles, displayPath, humanLog, humanStream, writeJson } from './common.js';
import { roundMs } from '../format.js';
import { cpuMsSince } from '../timing/phases.js';
import { formatProgram } from '../program/ast.js';
import { canonical } from '../program/canonical.js';
import { encodeGrid, taskGrids } from '../report/html/grids.js';
import { writeHtmlReport } from './report.js';

export async function checkCommand(opts: CheckOptions): Promise<number> {
  const out = style(humanStream(opts.outputs));
  const log = humanLog(opts.outputs);
  const err = style(process.stderr);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const threadsStart = threadTimes();
  await checkReportFiles(opts.outputs);
  const loaded = await loadPrograms(opts.paths);
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  if (loaded.skipped.length > 0) console.error(err.dim(`note: ${loaded.skipped.length} file(s) without solve_ functions skipped: ${loaded.skipped.slice(0, 4).join(', ')}${loaded.skipped.length > 4 ? ', ...' : ''}`));
  if (loaded.files.length === 0) throw new InputError(`no solver files (*.py) found in ${opts.paths.join(', ')}`);
  // Only the tasks some solver is for are read (a stored program is checked on the task of its link).
  const tasks = await loadTasks(opts.data, { only: loaded.programs.map((p) => taskOfStorePath(p.file) ?? p.taskId) });
  for (const e of tasks.errors) console.error(err.yellow(`warning: ${formatTaskError(e)}`));
  const full = planCheck(loaded.programs, tasks.tasks);
  const plan = opts.shard ? { ...full, runs: selectShard(full.runs, opts.shard, (r) => r.task.id) } : full;
  if (opts.shard) console.error(err.dim(`note: shard ${formatShard(opts.shard)}: ${plan.runs.length} of ${full.runs.length} task(s)`));
  for (const p of plan.shadowed) console.error(err.yellow(`warning: ${p.file}:${p.line}: ${p.name} is defined again later; the last definition is checked`));
  if (plan.missing.length > 0) {
    const ids = plan.missing.map((p) => p.taskId);
    console.error(err.dim(`note: ${ids.length} solver(s) have no task in ${displayPath(opts.data)}: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', ...' : ''}`));
  }
  if (full.runs.length === 0) throw new InputError(`none of the ${loaded.programs.length} solver(s) matches a task in ${displayPath(opts.data)}`);

  const progress = new Progress(plan.runs.length, 'check');
  const reports = Boolean(opts.outputs.json || opts.outputs.html);
  const results = runCheck(plan, { timeoutMs: opts.timeoutMs, onResult: (r) => progress.tick(r.id), keepOutputs: reports });
  progress.finish();
  const wallMs = performance.now() - wallStart;
  const cpuMs = cpuMsSince(cpuStart);
  // The programs run in this thread; the other threads are V8's compiler and collector (and libuv).
  const threadCpu = threadCpuSince(threadsStart);
  const runMs = results.reduce((s, r) => s + r.ms, 0);
  const pairs = results.reduce((s, r) => s + r.pairs, 0);
  const solved = results.filter((r) => r.solved).length;

  if (!opts.outputs.quiet) {
    const listed = listedTasks(results, opts.all);
    log(checkTable(listed.rows, out));
    if (listed.hidden > 0) log(out.dim(`(${listed.hidden} more solved task(s) not listed: past ${FULL_TABLE_MAX} tasks the table holds the unsolved and the ${SLOWEST_LISTED} slowest; --all lists every task, --json writes them all)`));
  }
  const summary = `solved ${solved} / ${results.length}`;
  log(
    `${solved === results.length ? out.green.bold(summary) : out.bold(summary)}   ` +
      out.dim(`${pairs} pair runs in ${formatMs(runMs)} (${formatRate(pairs, runMs)} pairs/s), wall ${formatMs(wallMs)}`),
  );
  if (reports) {
    // The HTML report's grids and each solver's outputs on every pair (kept from the timed check).
    const json = {
      tasks: results.map(({ id, solved, pairs, pairsOk, ms, error, outputs }, k) => {
        const { program, task } = plan.runs[k];
        const solver = { name: program.name, file: `${program.file}:${program.line}`, md5: md5Of(program), source: formatProgram(program), outputs: outputs!.map((o) => (o ? encodeGrid(o) : null)) };
        return { id, solved, pairs, pairsOk, ms: roundMs(ms), ...(error ? { error } : {}), grids: taskGrids(task), program: solver };
      }),
      solved,
      total: results.length,
      wallMs: roundMs(wallMs),
      cpuMs: roundMs(cpuMs),
      threadCpu: threadCpu ? roundedThreadCpu(threadCpu) : null,
      ...(opts.shard ? { shard: opts.shard } : {}),
    };
    if (opts.outputs.json) writeJson(opts.outputs.json, json);
    if (opts.outputs.html) writeHtmlReport(opts.outputs.html, json);
  }
  return EXIT.ok;
}


function md5Of(program: Parameters<typeof canonical>[0]): string | undefined {
  try {
    return canonical(program).md5;
  } catch {
    return undefined;
  }
}

/** Tasks up to which the table lists every one. */
export const FULL_TABLE_MAX = 50;
/** Solved tasks a longer table lists: the slowest. */
export const SLOWEST_LISTED = 10;

/**
 * The table's rows, in the results' order: every task when asked (`--all`) or when there are at
 * most FULL_TABLE_MAX; beyond, the unsolved ones and the SLOWEST_LISTED slowest solved ones. (A
 * table of 400 rows took 70-90 ms of cli-table3's time, a seventh of a check of arc-dsl's solvers.)
 */
export function listedTasks(results: readonly CheckResult[], all: boolean): { rows: CheckResult[]; hidden: number } {
  if (all || results.length <= FULL_TABLE_MAX) return { rows: [...results], hidden: 0 };
  const slowest = new Set(results.filter((r) => r.solved).sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_LISTED));
  const rows = results.filter((r) => !r.solved || slowest.has(r));
  return { rows, hidden: results.length - rows.length };
}

function checkTable(results: readonly CheckResult[], c: ReturnType<typeof style>): string {
  const table = new Table({
    head: ['task', 'solved', 'pairs ok', 'time', 'reason'],
    style: tableStyle(c),
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

