// Loads ARC tasks: a folder of <id>.json files (ARC-AGI-1/2 layout; a folder
// holding training/ and evaluation/ means both), or a Kaggle
// *_challenges.json with its *_solutions.json beside it. Every grid is
// validated; a bad file is reported (file, pair, fault) and the other tasks
// still load.

import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';

export type GridData = number[][];

export interface Example {
  readonly input: GridData;
  /** Unknown for Kaggle test inputs without a solutions file. */
  readonly output?: GridData;
}

export interface Task {
  readonly id: string;
  readonly train: readonly Example[];
  readonly test: readonly Example[];
  /** The file it came from. */
  readonly source: string;
}

export interface TaskError {
  readonly file: string;
  readonly task?: string;
  readonly message: string;
}

export interface LoadedTasks {
  /** Sorted by id. */
  readonly tasks: Task[];
  readonly errors: TaskError[];
}

export const formatTaskError = (e: TaskError): string => `${e.file}${e.task ? ` (task ${e.task})` : ''}: ${e.message}`;

class TaskFault extends Error {}

/** Validates a grid: a list of 1..30 rows of equal length 1..30, integers 0..9. Throws TaskFault naming the fault. */
function checkGrid(g: unknown, where: string): GridData {
  if (!Array.isArray(g)) throw new TaskFault(`${where}: not a grid (expected a list of rows, got ${describe(g)})`);
  if (g.length < 1 || g.length > 30) throw new TaskFault(`${where}: ${g.length} rows (must be 1 to 30)`);
  // Index loops, not forEach: every cell of every task is checked, mostly while not yet optimised.
  const width = Array.isArray(g[0]) ? g[0].length : -1;
  for (let r = 0; r < g.length; r++) {
    const row: unknown = g[r];
    if (!Array.isArray(row)) throw new TaskFault(`${where}: row ${r} is not a list (${describe(row)})`);
    if (r === 0) {
      if (width < 1 || width > 30) throw new TaskFault(`${where}: ${width} columns (must be 1 to 30)`);
    } else if (row.length !== width) {
      throw new TaskFault(`${where}: ragged rows: row ${r} has ${row.length} cells, row 0 has ${width}`);
    }
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 9) {
        throw new TaskFault(`${where}: cell [${r}][${c}] is ${JSON.stringify(v)} (colours are integers 0 to 9)`);
      }
    }
  }
  return g as GridData;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function checkExamples(list: unknown, kind: 'train' | 'test', outputs: 'required' | 'optional'): Example[] {
  if (!Array.isArray(list)) throw new TaskFault(`'${kind}' is ${list === undefined ? 'missing' : `not a list (${describe(list)})`}`);
  if (kind === 'train' && list.length === 0) throw new TaskFault(`'train' has no pairs`);
  return list.map((pair, k) => {
    const where = `${kind}[${k}]`;
    if (pair === null || typeof pair !== 'object' || Array.isArray(pair)) throw new TaskFault(`${where}: not an object with input/output`);
    const p = pair as { input?: unknown; output?: unknown };
    if (p.input === undefined) throw new TaskFault(`${where}: missing 'input'`);
    const input = checkGrid(p.input, `${where}.input`);
    if (p.output === undefined) {
      if (outputs === 'required') throw new TaskFault(`${where}: missing 'output'`);
      return { input };
    }
    return { input, output: checkGrid(p.output, `${where}.output`) };
  });
}

/** Builds a task from parsed JSON; throws TaskFault. Test outputs are optional (unknown for hidden tests). */
export function toTask(id: string, json: unknown, source: string): Task {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TaskFault(`expected a task object {"train": [...], "test": [...]}, got ${describe(json)}`);
  }
  const t = json as { train?: unknown; test?: unknown };
  const train = checkExamples(t.train, 'train', 'required');
  const test = checkExamples(t.test, 'test', 'optional');
  return { id, train, test, source };
}

/** JSON.parse with a message giving line and column. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (text.trim() === '') throw new TaskFault('malformed JSON: empty file');
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const at = m ? Number(m[1]) : jsonErrorOffset(text);
    const before = text.slice(0, at).split('\n');
    throw new TaskFault(`malformed JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${msg}`);
  }
}

/**
 * Offset of the first syntax error in JSON text (Node 20's messages do not
 * always give one): a small recursive-descent scan of the grammar.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    // Small local files: a synchronous read costs microseconds, an asynchronous one a libuv round
    // trip each (400 training files: 300 ms read one after another, 50 ms this way).
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TaskFault(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a UTF-8 byte-order mark is not content
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

const KAGGLE_CHALLENGES = /_challenges\.json$/;

export interface LoadOptions {
  /** Only these task ids: plain task files of other names are not read (Kaggle files are read whole). */
  readonly only?: readonly string[];
}

/** Loads every task `data` names (or only some: LoadOptions). Throws only when `data` itself does not exist. */
export async function loadTasks(data: string, opts: LoadOptions = {}): Promise<LoadedTasks> {
  const s = await stat(data).catch(() => undefined);
  if (s === undefined) throw new InputError('no such file or folder', { file: data });
  const tasks = new Map<string, Task>();
  const errors: TaskError[] = [];
  const add = (task: Task) => {
    const prev = tasks.get(task.id);
    if (prev) errors.push({ file: task.source, task: task.id, message: `duplicate task id (already loaded from ${prev.source}); ignored` });
    else tasks.set(task.id, task);
  };
  const only = opts.only ? new Set(opts.only) : undefined;
  for (const file of await taskSources(data, only)) {
    if (KAGGLE_CHALLENGES.test(file)) {
      loadKaggle(file, add, errors);
      continue;
    }
    const id = path.basename(file, '.json');
    try {
      add(toTask(id, readJson(file), file));
    } catch (e) {
      if (!(e instanceof TaskFault)) throw e;
      errors.push({ file, task: id, message: e.message });
    }
  }
  return { tasks: [...tasks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), errors };
}

/**
 * The task files and Kaggle challenge files `data` names; of the plain task files in a folder, only
 * those of the `only` ids when given, picked by name before any path is made (a run of one task on
 * a folder of 400 made and took apart 400 paths: 4.7-8 -> 1.6-2.6 ms to load its task, cold).
 */
async function taskSources(data: string, only?: ReadonlySet<string>): Promise<string[]> {
  if (!(await isDir(data))) return [data];
  const entries = await readdir(data);
  const splits = ['training', 'evaluation'].filter((d) => entries.includes(d));
  if (splits.length > 0 && (await Promise.all(splits.map((d) => isDir(path.join(data, d))))).every(Boolean)) {
    const nested = await Promise.all(splits.map((d) => taskSources(path.join(data, d), only)));
    return nested.flat();
  }
  // Every *.json entry, files or not: one that cannot be read is reported, not silently skipped.
  const wanted = (f: string) => only === undefined || KAGGLE_CHALLENGES.test(f) || only.has(f.slice(0, -'.json'.length));
  const files = entries.filter((f) => f.endsWith('.json') && wanted(f)).sort();
  const challenges = files.filter((f) => KAGGLE_CHALLENGES.test(f));
  const plain = files.filter((f) => !KAGGLE_CHALLENGES.test(f) && !/_solutions\.json$/.test(f));
  return [...plain, ...challenges].map((f) => path.join(data, f));
}

function loadKaggle(file: string, add: (t: Task) => void, errors: TaskError[]): void {
  let challenges: unknown;
  try {
    challenges = readJson(file);
  } catch (e) {
    if (!(e instanceof TaskFault)) throw e;
    errors.push({ file, message: e.message });
    return;
  }
  if (challenges === null || typeof challenges !== 'object' || Array.isArray(challenges)) {
    errors.push({ file, message: `expected {task_id: task, ...}, got ${describe(challenges)}` });
    return;
  }
  const solutionsFile = file.replace(KAGGLE_CHALLENGES, '_solutions.json');
  let solutions: Record<string, unknown> | undefined;
  try {
    const s = readJson(solutionsFile);
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new TaskFault(`expected {task_id: [grids]}, got ${describe(s)}`);
    solutions = s as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TaskFault)) throw e;
    const missing = /ENOENT/.test(e.message);
    if (!missing) errors.push({ file: solutionsFile, message: e.message });
    // Without solutions, test outputs are unknown: scoring uses the demos only.
  }
  for (const [id, json] of Object.entries(challenges as Record<string, unknown>)) {
    try {
      let task = toTask(id, json, file);
      const outs = solutions?.[id];
      if (solutions && outs === undefined) {
        errors.push({ file: solutionsFile, task: id, message: 'no solutions for this task; test outputs unknown' });
      } else if (outs !== undefined) {
        if (!Array.isArray(outs) || outs.length !== task.test.length) {
          // A bad solutions entry costs only the test outputs: the task still runs, on its demos.
          errors.push({ file: solutionsFile, task: id, message: `expected ${task.test.length} test output grid(s), got ${Array.isArray(outs) ? outs.length : describe(outs)}; test outputs unknown` });
        } else {
          task = { ...task, test: task.test.map((ex, k) => ({ input: ex.input, output: checkGrid(outs[k], `solutions[${k}]`) })) };
        }
      }
      add(task);
    } catch (e) {
      if (!(e instanceof TaskFault)) throw e;
      errors.push({ file, task: id, message: e.message });
    }
  }
}
