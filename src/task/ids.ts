// Task ids are data (a file name, a Kaggle key): any string, not only a
// Python identifier. Where an id has to be a name, it is mapped here, and
// only here: the solver function's name (a Python identifier) and the store
// folder's name (one safe path segment), which maps back to the id.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const IDENT = /^[A-Za-z0-9_]+$/;
const shortHash = (id: string) => createHash('md5').update(id).digest('hex').slice(0, 8);

/** The id as the identifier part of `solve_<ident>`: itself when it is one, else a readable form plus a hash. */
export function taskIdent(id: string): string {
  if (IDENT.test(id)) return id;
  const readable = id.replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 40);
  return `${readable}_${shortHash(id)}`;
}

/** The solver function's name for a task. */
export const solverName = (id: string): string => `solve_${taskIdent(id)}`;

/** Longest folder name we make (file systems allow 255 bytes). */
const MAX_SEGMENT = 240;

/**
 * The task's folder in the store, `solve_<id>`, with every byte outside
 * [A-Za-z0-9_-] percent-encoded (so '/', '..', spaces and non-ASCII cannot
 * escape or confuse the store); a very long id is cut and given a hash.
 */
export const storeFolder = (id: string): string => `solve_${fileSafe(id)}`;

/** The id as one safe path segment (see storeFolder). */
export function fileSafe(id: string): string {
  let enc = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const ch = String.fromCharCode(byte);
    enc += /[A-Za-z0-9_-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (enc.length > MAX_SEGMENT) enc = `${enc.slice(0, MAX_SEGMENT - 10)}~${shortHash(id)}`;
  return enc === '' ? '%' : enc;
}

/** Beside a cut folder name, the file that holds the whole id. */
export const TASK_ID_FILE = 'task-id.txt';

/** Was the id too long to be its folder's name (then TASK_ID_FILE holds it)? */
export const isCut = (folder: string): boolean => folder.includes('~');

/** The task id of a store folder name, or undefined when it is not one (or was cut). */
export function taskOfStoreFolder(name: string): string | undefined {
  if (!name.startsWith('solve_') || name.includes('~')) return undefined;
  try {
    const enc = name.slice('solve_'.length);
    return enc === '%' ? '' : decodeURIComponent(enc);
  } catch {
    return undefined;
  }
}

/** The task a stored program's path is filed under (…/solver_dir/solve_<id>/<score>/<t_log>/<md5>.py), if it is one. */
export function taskOfStorePath(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const k = parts.lastIndexOf('solver_dir');
  if (k < 0 || parts.length !== k + 5 || !parts[k + 1].startsWith('solve_')) return undefined;
  if (isCut(parts[k + 1])) {
    try {
      return readFileSync(path.join(path.dirname(path.dirname(path.dirname(file))), TASK_ID_FILE), 'utf8');
    } catch {
      return undefined;
    }
  }
  return taskOfStoreFolder(parts[k + 1]);
}
