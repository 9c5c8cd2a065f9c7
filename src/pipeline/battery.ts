// The battery: every solver program in the solver files under a folder,
// merged into one program graph.

import { existsSync } from 'node:fs';
import { loadPrograms, solverFiles, type LoadHooks } from '../program/load.js';
import { buildGraph } from '../program/graph.js';
import type { ParseError } from '../program/ast.js';
import type { Battery } from './run.js';

export const STORE_FOLDERS = ['solver_md5/**', 'solver_dir/**'];

export interface LoadedBattery {
  readonly battery: Battery;
  readonly files: string[];
  readonly errors: ParseError[];
  /** True when the folder held no solver files and the library stood in. */
  readonly fromLibrary: boolean;
}

/** Loads the battery under `dir`; an empty or missing `dir` means the solver library. */
export async function loadBattery(dir: string | undefined, library: string, hooks: LoadHooks = {}): Promise<LoadedBattery> {
  // The store (solver_md5/, solver_dir/) usually lives in the battery folder: it is not part of the battery.
  let files = dir && existsSync(dir) ? await solverFiles([dir], STORE_FOLDERS) : [];
  const fromLibrary = files.length === 0;
  if (fromLibrary) files = await solverFiles([library]);
  const loaded = await loadPrograms(files, hooks);
  return { battery: { programs: loaded.programs, graph: buildGraph(loaded.programs) }, files, errors: loaded.errors, fromLibrary };
}
