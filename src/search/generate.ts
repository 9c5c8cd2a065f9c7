// Candidates for one search round: type-checked mutants of the round's
// parents, each a program never seen before (by md5), grouped by parent so a
// job's candidates share most of their program graph.

import type { Program } from '../program/ast.js';
import { canonical } from '../program/canonical.js';
import { mutate, pickKind, type Rng } from '../program/mutate.js';
import type { Mix } from '../program/mixes.js';
import { wellTyped } from '../pipeline/card.js';

export interface SearchParent {
  readonly program: Program;
  readonly md5: string;
  /** Where it came from: the library, or the round and task it was a near-miss for. */
  readonly source: string;
  /** Mean ms per task of its candidates (measured), the basis of cost-aware choice. */
  readonly costMs: number;
}

export interface Candidate {
  readonly program: Program;
  readonly md5: string;
  /** Index into the round's parents (-1 for a library program run as it is). */
  readonly parent: number;
  readonly mutation: string;
}

export interface Generated {
  readonly candidates: Candidate[];
  /** Mutants made (kept + rejected + duplicates). */
  readonly generated: number;
  readonly rejected: number;
  readonly duplicates: number;
}

/** `n` split evenly over `k` slots, the remainder to slots drawn at random. */
export function uniformCounts(n: number, k: number, r: Rng): number[] {
  if (k === 0) return [];
  const counts = new Array<number>(k).fill(Math.floor(n / k));
  const order = shuffled([...counts.keys()], r);
  for (let j = 0; j < n % k; j++) counts[order[j]]++;
  return counts;
}

/** `n` split in proportion to `weights` (largest remainders), so every positive weight gets its share. */
export function weightedCounts(n: number, weights: readonly number[], r: Rng): number[] {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (total <= 0) return uniformCounts(n, weights.length, r);
  const exact = weights.map((w) => (n * Math.max(0, w)) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((s, c) => s + c, 0);
  const byRemainder = [...exact.keys()].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || r() - 0.5);
  for (let j = 0; left > 0 && j < byRemainder.length; j++, left--) counts[byRemainder[j]]++;
  return counts;
}

export function shuffled<T>(xs: T[], r: Rng): T[] {
  for (let k = xs.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [xs[k], xs[j]] = [xs[j], xs[k]];
  }
  return xs;
}

/**
 * `xs` ordered by `cost`, the costliest first, equal costs in random order: a search round's jobs
 * (a round ends at a barrier, and a long job started last kept one worker busy while the other
 * waited: 5-10 % of the workers' time in a search).
 */
export function costliestFirst<T>(xs: T[], cost: (x: T) => number, r: Rng): T[] {
  const costs = new Map(xs.map((x) => [x, cost(x)]));
  return shuffled(xs, r).sort((a, b) => costs.get(b)! - costs.get(a)!);
}

export interface MutantOptions {
  readonly mix: Mix;
  /** Share of mutants that get a second mutation on top of the first. */
  readonly twoStep: number;
  /** Attempts per wanted mutant before a parent is given up (most programs have far more neighbours). */
  readonly attempts?: number;
}

/** `counts[p]` new mutants of parent p (fewer when its neighbourhood is exhausted); adds their md5s to `seen`. */
export function mutants(parents: readonly SearchParent[], counts: readonly number[], r: Rng, seen: Set<string>, opts: MutantOptions): Generated {
  const candidates: Candidate[] = [];
  let generated = 0, rejected = 0, duplicates = 0;
  const tries = opts.attempts ?? 20;
  parents.forEach((parent, p) => {
    let made = 0;
    for (let attempt = 0; made < counts[p] && attempt < counts[p] * tries; attempt++) {
      const other = parents[Math.floor(r() * parents.length)];
      let m = mutate(parent.program, other.program, r, pickKind(r, opts.mix));
      if (!m) continue;
      if (r() < opts.twoStep) {
        const again = mutate(m.program, other.program, r, pickKind(r, opts.mix));
        if (again) m = { program: again.program, mutation: `${m.mutation}; ${again.mutation}` };
      }
      generated++;
      if (!wellTyped(m.program)) {
        rejected++;
        continue;
      }
      let md5: string;
      try {
        md5 = canonical(m.program).md5;
      } catch {
        rejected++;
        continue;
      }
      if (seen.has(md5)) {
        duplicates++;
        continue;
      }
      seen.add(md5);
      made++;
      candidates.push({ program: m.program, md5, parent: p, mutation: m.mutation });
    }
  });
  return { candidates, generated, rejected, duplicates };
}
