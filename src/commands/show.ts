// `run-batt show TASK`: the task's pairs drawn in the terminal, side by side;
// with a program (--program FILE[:NAME], or the best in --store DIR) its
// outputs too, with ✓ or ✗ per pair.

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPrograms, formatParseError } from '../program/load.js';
import { parseSolvers } from '../program/parse.js';
import { compile } from '../program/compile.js';
import { canonical } from '../program/canonical.js';
import type { Program } from '../program/ast.js';
import { runOnPairs } from '../report/html/grids.js';
import { colourMode, renderPairs, verdict, type PairView } from '../report/grid-term.js';
import { style } from '../report/style.js';
import { EXIT, InputError } from '../errors.js';
import type { ShowOptions } from '../options.js';
import { displayPath, loadSelectedTasks } from './common.js';

/** `FILE` or `FILE:NAME` (a path that exists as given is a file, whatever colons it has). */
export function splitProgramSpec(spec: string): { file: string; name?: string } {
  if (existsSync(spec)) return { file: spec };
  const m = /^(.*):([A-Za-z_][A-Za-z0-9_]*)$/.exec(spec);
  return m ? { file: m[1], name: m[2] } : { file: spec };
}

async function programFromFile(spec: string, taskId: string): Promise<{ program: Program; where: string }> {
  const { file, name } = splitProgramSpec(spec);
  const loaded = await loadPrograms([file]);
  const err = style(process.stderr);
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatParseError(e)} (skipped)`));
  const want = name ?? `solve_${taskId}`;
  const byName = loaded.programs.filter((p) => p.name === want);
  const program = byName.at(-1) ?? (name === undefined && loaded.programs.length === 1 ? loaded.programs[0] : undefined);
  if (!program) {
    const names = loaded.programs.map((p) => p.name);
    throw new InputError(
      `--program: no ${want} in ${file} (${names.length} program(s)${names.length > 0 ? `: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}` : ''}); name one with ${file}:NAME`,
    );
  }
  return { program, where: `${program.name} (${displayPath(program.file)}:${program.line})` };
}

/** The store's best program for the task: highest score, then fastest bucket, then md5 (read only; nothing is cleaned). */
export async function bestStored(store: string, taskId: string): Promise<{ file: string; score: number; tLog: number; md5: string } | undefined> {
  const taskDir = path.join(store, 'solver_dir', `solve_${taskId}`);
  const found: { file: string; score: number; tLog: number; md5: string }[] = [];
  for (const score of await readdir(taskDir).catch(() => [] as string[])) {
    if (!/^\d+$/.test(score)) continue;
    for (const t of await readdir(path.join(taskDir, score)).catch(() => [] as string[])) {
      if (!/^-?\d+$/.test(t)) continue;
      for (const f of await readdir(path.join(taskDir, score, t)).catch(() => [] as string[])) {
        const m = /^([0-9a-f]{32})\.py$/.exec(f);
        const file = path.join(taskDir, score, t, f);
        if (m && existsSync(file)) found.push({ file, score: Number(score), tLog: Number(t), md5: m[1] });
      }
    }
  }
  found.sort((a, b) => b.score - a.score || b.tLog - a.tLog || (a.md5 < b.md5 ? -1 : 1));
  return found[0];
}

export async function showCommand(opts: ShowOptions): Promise<number> {
  const [task] = await loadSelectedTasks(opts.selection);
  const out = style(process.stdout);
  let program: Program | undefined;
  let where = '';
  if (opts.program) ({ program, where } = await programFromFile(opts.program, task.id));
  if (opts.store) {
    const best = await bestStored(opts.store, task.id);
    if (!best) throw new InputError(`--store: no stored program for ${task.id} in ${displayPath(opts.store)} (looked in solver_dir/solve_${task.id}/)`);
    const parsed = parseSolvers(await readFile(best.file, 'utf8'), best.file);
    if (parsed.programs.length === 0) throw new InputError(`--store: ${displayPath(best.file)}: ${parsed.errors[0]?.message ?? 'no program'}`);
    program = parsed.programs[0];
    where = `best stored: score ${best.score}, t_log ${best.tLog} (${displayPath(best.file)})`;
  }
  const pairs = [...task.train.map((p, k) => ({ p, label: `train ${k + 1}` })), ...task.test.map((p, k) => ({ p, label: `test ${k + 1}` }))];
  const results = program ? runOnPairs(compile(program), task, opts.timeoutMs) : undefined;
  const views: PairView[] = pairs.map(({ p, label }, k) => ({ label, input: p.input, ...(p.output ? { output: p.output } : {}), ...(results ? { result: { grid: results[k].output, ...(results[k].error ? { error: results[k].error } : {}) } } : {}) }));

  console.log(`${out.bold(task.id)}  ${out.dim(displayPath(task.source))}  ${task.train.length} train, ${task.test.length} test`);
  if (program) console.log(`program: ${where}  md5 ${canonical(program).md5}`);
  console.log('');
  console.log(renderPairs(views, colourMode(process.stdout)));
  if (program) {
    const judged = views.filter((v) => verdict(v) !== '?');
    const exact = judged.filter((v) => verdict(v) === '✓').length;
    const line = `${exact} / ${judged.length} pairs exact`;
    console.log(exact === judged.length && judged.length > 0 ? out.green(line) : out.yellow(line));
  }
  return EXIT.ok;
}
