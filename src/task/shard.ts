// Shards: `--shard K/N` keeps the K-th of N slices of the selected tasks, so
// CI matrix jobs and Kaggle notebooks can split a run with no server. The
// slices are taken from the task ids in sorted order (stable whatever order
// the files were found in), contiguous and as even as possible (sizes differ
// by at most one), and together they hold every task exactly once.

export interface Shard {
  /** 1-based: 1..n. */
  readonly k: number;
  readonly n: number;
}

export class ShardError extends Error {}

/** Parses "K/N" (1 <= K <= N). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardError(`--shard expects K/N (e.g. 2/4), got '${text}'`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) throw new ShardError(`--shard ${text}: K must be 1 to N, and N at least 1`);
  return { k, n };
}

export const formatShard = (s: Shard): string => `${s.k}/${s.n}`;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The K-th of N contiguous slices of `items` ordered by id. Slice k holds
 * positions [floor((k-1)L/N), floor(kL/N)). The result keeps the id order.
 */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined, idOf: (item: T) => string): T[] {
  if (!shard) return [...items];
  const sorted = [...items].sort((a, b) => byId(idOf(a), idOf(b)));
  const from = Math.floor(((shard.k - 1) * sorted.length) / shard.n);
  const to = Math.floor((shard.k * sorted.length) / shard.n);
  return sorted.slice(from, to);
}
