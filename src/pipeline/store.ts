// Phase "store": the winners on disk.
//
//   solver_md5/<md5>.py                                   the expanded program, written once
//   solver_dir/solve_<task>/<score>/<t_log>/<md5>.py      relative symlink to it
//
// At most `keep` programs per task: the lowest score goes first, then the
// slowest. Every write is atomic (a temporary name, then rename), so an
// interrupted run leaves no half-written file; links left dangling by an
// earlier interrupted run are removed.
//
// The calls are synchronous: a task's store is a few small files and links,
// and each promise round trip through libuv's thread pool cost more than the
// system call (the phase took 4-9 ms for six winners of a 630-candidate run,
// 2 ms now).

import { lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

const exists = (p: string): boolean => lstatSync(p, { throwIfNoEntry: false }) !== undefined;
const statOf = (p: string) => statSync(p, { throwIfNoEntry: false });
/** A folder's entries, none when it is missing (or unreadable). */
function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Writes `text` to `file` unless it exists (the md5 store is write-once), atomically. */
function writeOnce(file: string, text: string): boolean {
  if (exists(file)) return false;
  const tmp = tmpName(file);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    // A full disk or a vanished folder leaves no half-written file behind.
    rmQuietly(tmp);
    throw e;
  }
  return true;
}

function linkAtomically(target: string, link: string): void {
  const tmp = tmpName(link);
  try {
    symlinkSync(target, tmp);
    renameSync(tmp, link);
  } catch (e) {
    rmQuietly(tmp);
    throw e;
  }
}

function rmQuietly(p: string): void {
  try {
    rmSync(p, { force: true });
  } catch {
    // already reported by the caller's error
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or gone: either is fine
  }
}

/** The entries stored for a task, with their score and speed from the path; dangling links and temporaries removed. */
export function listTask(taskDir: string): StoredEntry[] {
  const entries: StoredEntry[] = [];
  for (const score of entriesOf(taskDir)) {
    const scoreDir = path.join(taskDir, score);
    for (const t of entriesOf(scoreDir)) {
      const tDir = path.join(scoreDir, t);
      for (const f of entriesOf(tDir)) {
        const link = path.join(tDir, f);
        if (f.includes('.tmp-')) {
          // A temporary of a run that died is debris; one of a live concurrent run is its business.
          if (!ownerAlive(f)) rmSync(link, { force: true });
          continue;
        }
        const m = /^([0-9a-f]{32})\.py$/.exec(f);
        if (!m) continue;
        let target: string | undefined;
        try {
          target = readlinkSync(link);
        } catch {
          target = undefined;
        }
        if (target === undefined || !statOf(path.resolve(tDir, target))) {
          rmSync(link, { force: true });
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
    const s = statOf(dir);
    if (s && !s.isDirectory()) throw new InputError('a file is where the store needs a folder', { file: dir, task: taskId });
  }
  mkdirSync(md5Dir, { recursive: true });
  if (isCut(path.basename(taskDir))) {
    // The id was too long for its folder's name: the whole id beside it.
    mkdirSync(taskDir, { recursive: true });
    writeOnce(path.join(taskDir, TASK_ID_FILE), taskId);
  }
  let written = 0;
  for (const w of winners) if (writeOnce(path.join(md5Dir, `${w.md5}.py`), w.text)) written++;
  const existing = listTask(taskDir);
  const fresh = new Set(winners.map((w) => w.md5));
  // A program measured again replaces its earlier entry (its score or speed bucket may differ).
  for (const e of existing) if (fresh.has(e.md5)) rmSync(e.link, { force: true });
  const entries = existing.filter((e) => !fresh.has(e.md5));
  for (const w of winners) {
    const dir = path.join(taskDir, String(w.score), String(w.tLog));
    mkdirSync(dir, { recursive: true });
    const link = path.join(dir, `${w.md5}.py`);
    entries.push({ md5: w.md5, score: w.score, tLog: w.tLog, link });
    linkAtomically(path.relative(dir, path.join(md5Dir, `${w.md5}.py`)), link);
  }
  entries.sort(better);
  const dropped = entries.slice(keep);
  for (const e of dropped) {
    rmSync(e.link, { force: true });
    rmdirQuietly(path.dirname(e.link));
    rmdirQuietly(path.dirname(path.dirname(e.link)));
  }
  return { written, kept: entries.slice(0, keep), removed: dropped.length };
}
