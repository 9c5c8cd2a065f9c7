// The validation cache: phase 3a results kept under the output folder, keyed
// by program md5 + task content hash + DSL version + timeout. One append-only
// log per (task, DSL version, timeout): a lookup is one read, a save one
// append of whole lines, nothing is ever rewritten, and a line torn by an
// interrupted run is skipped (that program is simply validated again). A hit
// keeps the program's originally measured time, so its speed bucket does not
// change.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { DSL_VERSION } from '../dsl/index.js';
import type { WireGrid } from '../task/grid.js';
import type { Validated } from '../jobs/validate.js';
import type { Sample } from '../jobs/samples.js';

/** Bump when validation results change meaning (then old entries are simply not found). */
const CACHE_FORMAT = 2;

// Grids as compact text: dimensions and the cells in base64.
type JsonGrid = { h: number; w: number; c: string };
const toJson = (g: WireGrid | null): JsonGrid | null => (g ? { h: g.h, w: g.w, c: Buffer.from(g.cells.buffer, g.cells.byteOffset, g.cells.byteLength).toString('base64') } : null);
const fromJson = (g: JsonGrid | null): WireGrid | null => (g ? { h: g.h, w: g.w, cells: new Uint8Array(Buffer.from(g.c, 'base64')) } : null);

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
  /** Set when a write failed (a full disk, a read-only folder): the cache is off for the rest of the run. */
  disabled?: string;

  /** `onDisabled` hears, once, why the cache stopped being written. */
  constructor(
    private readonly root: string,
    private readonly onDisabled: (reason: string) => void = () => {},
  ) {}

  /** The log for one (task, DSL version, timeout). */
  private logFile(task: string, timeoutMs: number): string {
    const key = createHash('md5').update(`${CACHE_FORMAT}|${task}|${DSL_VERSION}|${timeoutMs}`).digest('hex');
    return path.join(this.root, key.slice(0, 2), `${key}.jsonl`);
  }

  async lookup(task: string, timeoutMs: number, md5s: readonly string[]): Promise<Map<string, Validated>> {
    // A small local file: reading it synchronously costs microseconds, a libuv round trip far more.
    let text = '';
    try {
      text = readFileSync(this.logFile(task, timeoutMs), 'utf8');
    } catch {
      // No log yet: every program is a miss.
    }
    const wanted = new Set(md5s);
    const found = new Map<string, Validated>();
    for (const line of text.split('\n')) {
      if (line.length < 40) continue;
      const md5 = line.slice(8, 40); // lines start with {"md5":"<32 hex>"
      if (!wanted.has(md5) || found.has(md5)) continue;
      try {
        const { md5: _, ...j } = JSON.parse(line);
        found.set(md5, { ...j, misses: j.misses.map(fromJson), ...(j.outputs ? { outputs: j.outputs.map(fromJson) } : {}) });
      } catch {
        // A torn line (an interrupted write): that program is validated again.
      }
    }
    this.hits += found.size;
    this.misses += md5s.filter((m) => !found.has(m)).length;
    return found;
  }

  /**
   * Appends the entries. A write that fails (ENOSPC, EROFS, ...) never fails
   * the run: the log is cut back to its length before the append (no torn
   * line), and the cache is disabled with one warning.
   */
  async save(task: string, timeoutMs: number, entries: readonly (readonly [string, Validated])[]): Promise<void> {
    if (entries.length === 0 || this.disabled !== undefined) return;
    const file = this.logFile(task, timeoutMs);
    const lines = entries.map(([md5, v]) =>
      JSON.stringify({ md5, ...v, misses: v.misses.map(toJson), ...(v.outputs ? { outputs: v.outputs.map(toJson) } : {}) }),
    );
    let before: number | undefined;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      before = (await stat(file).catch(() => undefined))?.size ?? 0;
      // One append of whole lines; O_APPEND keeps concurrent runs from overwriting each other.
      await appendFile(file, lines.join('\n') + '\n');
    } catch (e) {
      if (before !== undefined) await truncate(file, before).catch(() => undefined);
      // Tasks overlap in the pool: another task's save may have failed (and warned) meanwhile.
      if (this.disabled !== undefined) return;
      const err = e as NodeJS.ErrnoException;
      this.disabled = `${err.code ?? err.name}: ${err.message}`;
      this.onDisabled(this.disabled);
    }
  }
}
