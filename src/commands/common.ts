// Shared pieces of the commands: exit codes, paths, option parsers, output.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import { loadTasks, formatTaskError, type Task } from '../task/load.js';
import { selectTasks, SelectionError, type Selection } from '../task/select.js';
import { style } from '../report/style.js';

/** Exit codes: 0 ok, 1 run failed, 2 usage or input error, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export class UsageError extends Error {}

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHIPPED_TASKS = path.join(PACKAGE_ROOT, 'tasks');
export const SHIPPED_SOLVERS = path.join(PACKAGE_ROOT, 'solvers');

/** A path as the user would like to read it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function writeJson(file: string, data: unknown): void {
  const text = JSON.stringify(data, null, 2) + '\n';
  if (file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}

export const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Loads the data and selects tasks; problems with files are warnings, a bad selection a usage error. */
export async function loadSelectedTasks(data: string, selection: Selection): Promise<Task[]> {
  const err = style(process.stderr);
  let loaded;
  try {
    loaded = await loadTasks(data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const e of loaded.errors) console.error(err.yellow(`warning: ${formatTaskError(e)}`));
  let tasks;
  try {
    tasks = selectTasks(loaded.tasks, selection);
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(e.message);
    throw e;
  }
  if (tasks.length === 0) throw new UsageError(`no tasks selected from ${displayPath(data)}`);
  return tasks;
}
