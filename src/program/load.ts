// Loads solver programs from files and folders (every *.py under a folder).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { walkFiles } from '../walk.js';
import { parseSolvers } from './parse.js';
import type { ParseError, Program } from './ast.js';
import { InputError } from '../errors.js';

export interface LoadedPrograms {
  readonly programs: Program[];
  readonly errors: ParseError[];
  readonly files: string[];
  /** Files read but holding no `def solve_` function (e.g. arc-dsl's dsl.py, tests.py): not solver files, skipped without warnings. */
  readonly skipped: string[];
}

/** A solver file defines at least one `solve_` function; anything else under a folder (a DSL module, tests) is not one. */
const SOLVER_DEF = /^\uFEFF?def\s+solve_/m;

/** Expands files and folders to the solver files they name, sorted, without duplicates. */
export async function solverFiles(paths: readonly string[], ignore: readonly string[] = []): Promise<string[]> {
  const files = new Set<string>();
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (s === undefined) throw new InputError('no such file or folder', { file: p });
    if (s.isDirectory()) {
      // Links are followed, loops are not (each folder once, a loop skipped with a warning).
      const skip = ignore.map((g) => g.replace(/\/\*\*$/, ''));
      const found = await walkFiles(p, { match: (name) => name.endsWith('.py'), skip, warn: (m) => console.error(`warning: ${m}`) });
      for (const f of found) files.add(path.join(p, f));
    } else {
      files.add(p);
    }
  }
  return [...files];
}

/**
 * An upper bound on the calls the solver texts hold: every call is an assignment and every
 * assignment has one '=' (comments may add more). Counted before parsing, so that a run can
 * decide early, and cheaply, whether its work could be large.
 */
export function maxCalls(texts: readonly string[]): number {
  let n = 0;
  for (const t of texts) for (let at = t.indexOf('='); at >= 0; at = t.indexOf('=', at + 1)) n++;
  return n;
}

export interface LoadHooks {
  /** Called once every file is read, before any is parsed, with maxCalls of the solver texts. */
  readonly onRead?: (maxCalls: number) => void;
}

export async function loadPrograms(paths: readonly string[], hooks: LoadHooks = {}): Promise<LoadedPrograms> {
  const files = await solverFiles(paths);
  const programs: Program[] = [];
  const errors: ParseError[] = [];
  const skipped: string[] = [];
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push({ file, line: 0, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    if (!SOLVER_DEF.test(text)) {
      if (text.trim() !== '') skipped.push(file);
      continue;
    }
    texts.push({ file, text });
  }
  hooks.onRead?.(maxCalls(texts.map((t) => t.text)));
  for (const { file, text } of texts) {
    const r = parseSolvers(text, file);
    for (const p of r.programs) programs.push(p);
    for (const e of r.errors) errors.push(e);
  }
  return { programs, errors, files, skipped };
}

export const formatParseError = (e: ParseError): string =>
  `${e.file}:${e.line}: ${e.program ? `${e.program}: ` : ''}${e.message}`;
