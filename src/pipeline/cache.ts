// The validation cache: phase 3a results kept under the output folder, keyed
// by program md5 + task content hash + DSL version + timeout. One file per
// key, written atomically and never rewritten, so concurrent runs cannot
// corrupt it. A hit keeps the program's originally measured time, so its
// speed bucket does not change.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DSL_VERSION } from '../dsl/index.js';
import type { WireGrid } from '../task/grid.js';
import type { Validated } from './validate.js';
import type { Sample } from './samples.js';

/** Bump when validation results change meaning (then old entries are simply not found). */
const CACHE_FORMAT = 1;

type JsonGrid = { h: number; w: number; cells: number[] };
const toJson = (g: WireGrid | null): JsonGrid | null => (g ? { h: g.h, w: g.w, cells: Array.from(g.cells) } : null);
const fromJson = (g: JsonGrid | null): WireGrid | null => (g ? { h: g.h, w: g.w, cells: Uint8Array.from(g.cells) } : null);

/** A task's content hash: the samples, inputs and outputs. */
export function taskHash(samples: readonly Sample[]): string {
  const h = createHash('md5');
  for (const s of samples) {
    h.update(`${s.input.h}x${s.input.w}:`).update(s.input.cells);
    if (s.output) h.update(`>${s.output.h}x${s.output.w}:`).update(s.output.cells);
    h.update('|');
  }
  return h.digest('hex');
}

export class ValidationCache {
  hits = 0;
  misses = 0;

  constructor(private readonly root: string) {}

  /** The folder for one (task, DSL version, timeout). */
  private bucket(task: string, timeoutMs: number): string {
    const key = createHash('md5').update(`${CACHE_FORMAT}|${task}|${DSL_VERSION}|${timeoutMs}`).digest('hex');
    return path.join(this.root, key.slice(0, 2), key);
  }

  async lookup(task: string, timeoutMs: number, md5s: readonly string[]): Promise<Map<string, Validated>> {
    const dir = this.bucket(task, timeoutMs);
    const present = new Set((await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)));
    const found = new Map<string, Validated>();
    await Promise.all(
      [...new Set(md5s)].filter((m) => present.has(m)).map(async (md5) => {
        try {
          const j = JSON.parse(await readFile(path.join(dir, `${md5}.json`), 'utf8'));
          found.set(md5, { ...j, misses: j.misses.map(fromJson), ...(j.outputs ? { outputs: j.outputs.map(fromJson) } : {}) });
        } catch {
          // An unreadable entry is a miss; it will be written again.
        }
      }),
    );
    this.hits += found.size;
    this.misses += md5s.length - md5s.filter((m) => found.has(m)).length;
    return found;
  }

  async save(task: string, timeoutMs: number, entries: readonly (readonly [string, Validated])[]): Promise<void> {
    if (entries.length === 0) return;
    const dir = this.bucket(task, timeoutMs);
    await mkdir(dir, { recursive: true });
    await Promise.all(entries.map(async ([md5, v]) => {
      const file = path.join(dir, `${md5}.json`);
      const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
      const json = { ...v, misses: v.misses.map(toJson), ...(v.outputs ? { outputs: v.outputs.map(toJson) } : {}) };
      try {
        await writeFile(tmp, JSON.stringify(json), { flag: 'wx' });
        await rename(tmp, file);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    }));
  }
}
