// Phase "store": the winners on disk.
//
//   solver_md5/<md5>.py                                   the expanded program, written once
//   solver_dir/solve_<task>/<score>/<t_log>/<md5>.py      relative symlink to it
//
// At most `keep` programs per task: the lowest score goes first, then the
// slowest. Every write is atomic (a temporary name, then rename), so an
// interrupted run leaves no half-written file; links left dangling by an
// earlier interrupted run are removed.

import { mkdir, readdir, readlink, rename, rm, rmdir, stat, symlink, writeFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import { isCut, storeFolder, TASK_ID_FILE } from '../task/ids.js';
import { InputError } from '../errors.js';

export interface Winner {
  readonly md5: string;
  readonly score: number;
  readonly tLog: number;
  /** The program's expanded text. */
  readonly text: string;
}

export interface StoredEntry {
  readonly md5: string;
  readonly score: number;
  readonly tLog: number;
  readonly link: string;
}

export interface StoreResult {
  readonly written: number;
  readonly kept: StoredEntry[];
  readonly removed: number;
}

const tmpName = (file: string) => `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

async function exists(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined)) !== undefined;
}

/** Writes `text` to `file` unless it exists (the md5 store is write-once), atomically. */
async function writeOnce(file: string, text: string): Promise<boolean> {
  if (await exists(file)) return false;
  const tmp = tmpName(file);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    // A full disk or a vanished folder leaves no half-written file behind.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  return true;
}

async function linkAtomically(target: string, link: string): Promise<void> {
  const tmp = tmpName(link);
  try {
    await symlink(target, tmp);
    await rename(tmp, link);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** The entries stored for a task, with their score and speed from the path; dangling links and temporaries removed. */
export async function listTask(taskDir: string): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  for (const score of await readdir(taskDir).catch(() => [] as string[])) {
    const scoreDir = path.join(taskDir, score);
    for (const t of await readdir(scoreDir).catch(() => [] as string[])) {
      const tDir = path.join(scoreDir, t);
      for (const f of await readdir(tDir).catch(() => [] as string[])) {
        const link = path.join(tDir, f);
        if (f.includes('.tmp-')) {
          // A temporary of a run that died is debris; one of a live concurrent run is its business.
          if (!ownerAlive(f)) await rm(link, { force: true });
          continue;
        }
        const m = /^([0-9a-f]{32})\.py$/.exec(f);
        if (!m) continue;
        const target = await readlink(link).catch(() => undefined);
        if (target === undefined || !(await stat(path.resolve(tDir, target)).catch(() => undefined))) {
          await rm(link, { force: true });
          continue;
        }
        entries.push({ md5: m[1], score: Number(score), tLog: Number(t), link });
      }
    }
  }
  return entries;
}

/** Is the process that made this temporary (`name.tmp-<pid>-<random>`) still running? */
function ownerAlive(name: string): boolean {
  const pid = Number(/\.tmp-(\d+)-/.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const better = (a: StoredEntry, b: StoredEntry) => b.score - a.score || b.tLog - a.tLog || (a.md5 < b.md5 ? -1 : a.md5 > b.md5 ? 1 : 0);

export async function storeWinners(outDir: string, taskId: string, winners: readonly Winner[], keep = 32): Promise<StoreResult> {
  const md5Dir = path.join(outDir, 'solver_md5');
  const taskDir = path.join(outDir, 'solver_dir', storeFolder(taskId));
  for (const dir of [md5Dir, path.dirname(taskDir), taskDir]) {
    const s = await stat(dir).catch(() => undefined);
    if (s && !s.isDirectory()) throw new InputError('a file is where the store needs a folder', { file: dir, task: taskId });
  }
  await mkdir(md5Dir, { recursive: true });
  if (isCut(path.basename(taskDir))) {
    // The id was too long for its folder's name: the whole id beside it.
    await mkdir(taskDir, { recursive: true });
    await writeOnce(path.join(taskDir, TASK_ID_FILE), taskId);
  }
  // Independent files: written concurrently (each write is still atomic).
  const written = (await Promise.all(winners.map((w) => writeOnce(path.join(md5Dir, `${w.md5}.py`), w.text)))).filter(Boolean).length;
  const existing = await listTask(taskDir);
  const fresh = new Set(winners.map((w) => w.md5));
  // A program measured again replaces its earlier entry (its score or speed bucket may differ).
  await Promise.all(existing.filter((e) => fresh.has(e.md5)).map((e) => rm(e.link, { force: true })));
  const entries = existing.filter((e) => !fresh.has(e.md5));
  const dirs = new Set(winners.map((w) => path.join(taskDir, String(w.score), String(w.tLog))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  await Promise.all(
    winners.map((w) => {
      const dir = path.join(taskDir, String(w.score), String(w.tLog));
      const link = path.join(dir, `${w.md5}.py`);
      entries.push({ md5: w.md5, score: w.score, tLog: w.tLog, link });
      return linkAtomically(path.relative(dir, path.join(md5Dir, `${w.md5}.py`)), link);
    }),
  );
  entries.sort(better);
  const dropped = entries.slice(keep);
  for (const e of dropped) {
    await rm(e.link, { force: true });
    await rmdir(path.dirname(e.link)).catch(() => undefined);
    await rmdir(path.dirname(path.dirname(e.link))).catch(() => undefined);
  }
  return { written, kept: entries.slice(0, keep), removed: dropped.length };
}
