// A worker's batteries: fetched from Redis once per content hash, parsed
// exactly as the submitter parsed them (same file names, same order, so the
// same candidates in the same order), and kept for the next task.

import { parseSolvers } from '../program/parse.js';
import { buildGraph } from '../program/graph.js';
import type { Program } from '../program/ast.js';
import type { Battery } from '../pipeline/run.js';
import { batteryHash, type BatterySource } from './protocol.js';

export function parseSources(sources: readonly BatterySource[]): Battery {
  const programs: Program[] = [];
  for (const s of sources) programs.push(...parseSolvers(s.text, s.file).programs);
  return { programs, graph: buildGraph(programs) };
}

export class BatteryFault extends Error {}

/** What a worker loads once and keeps: the most recently used few, by key; a load that fails is forgotten (tried again next time). */
export class RecentLoads<V> {
  private readonly entries = new Map<string, Promise<V>>();

  constructor(private readonly size: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    let p = this.entries.get(key);
    if (p) {
      this.entries.delete(key);
      this.entries.set(key, p); // most recent last
      return p;
    }
    p = load();
    this.entries.set(key, p);
    p.catch(() => this.entries.delete(key));
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }
}

/** Parsed batteries by content hash, the most recently used few. */
export class BatteryCache {
  private readonly recent: RecentLoads<Battery>;
  fetches = 0;

  constructor(private readonly fetch: (key: string) => Promise<string | null>, size = 8) {
    this.recent = new RecentLoads(size);
  }

  get(hash: string, key: string): Promise<Battery> {
    return this.recent.get(hash, () => this.load(hash, key));
  }

  private async load(hash: string, key: string): Promise<Battery> {
    this.fetches++;
    const text = await this.fetch(key);
    if (text === null) throw new BatteryFault(`battery ${hash.slice(0, 12)} is not in Redis (key ${key}): its run has ended or was cancelled`);
    let sources: BatterySource[];
    try {
      sources = JSON.parse(text);
    } catch (e) {
      throw new BatteryFault(`battery ${hash.slice(0, 12)}: malformed JSON in Redis: ${(e as Error).message}`);
    }
    if (!Array.isArray(sources) || !sources.every((s) => s && typeof s.file === 'string' && typeof s.text === 'string')) {
      throw new BatteryFault(`battery ${hash.slice(0, 12)}: expected a list of {file, text}`);
    }
    if (batteryHash(sources) !== hash) throw new BatteryFault(`battery ${hash.slice(0, 12)}: content does not match its hash`);
    return parseSources(sources);
  }
}
