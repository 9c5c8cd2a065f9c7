// The cooperative budget stops a runaway inside one long primitive call too,
// not only between calls; and packed and generic sets agree.
import { describe, expect, it } from 'vitest';
import { withBudget, BudgetError } from '../../src/dsl/budget.js';
import { primitives as P } from '../../src/dsl/index.js';
import type { Value } from '../../src/dsl/values.js';

const LIMIT = 30;

/** Runs `fn` under a LIMIT ms budget; returns how long it ran and what it threw. */
function stopped(fn: () => unknown): { ms: number; error: unknown } {
  const t0 = performance.now();
  let error: unknown;
  try {
    withBudget(LIMIT, fn);
  } catch (e) {
    error = e;
  }
  return { ms: performance.now() - t0, error };
}

describe('budget inside one primitive call', () => {
  // The bound is generous (the machine is shared); before the fix these ran 1-2 s past their limit.
  const SLACK = 250;

  it('stops product(interval(0, 2000, 1), interval(0, 2000, 1)) and its use near the limit', () => {
    const r = stopped(() => P.apply(P.first, P.product(P.interval(0, 2000, 1), P.interval(0, 2000, 1))));
    expect(r.error).toBeInstanceOf(BudgetError);
    expect((r.error as BudgetError).kind).toBe('timeout');
    expect(r.ms).toBeLessThan(LIMIT + SLACK);
  });

  it('stops a product of non-integer items (the generic set path) near the limit', () => {
    const pairs = P.apply(P.toivec, P.interval(0, 2000, 1) as Value[]) as Value;
    const r = stopped(() => P.product(P.interval(0, 2000, 1), pairs));
    expect(r.error).toBeInstanceOf(BudgetError);
    expect(r.ms).toBeLessThan(LIMIT + SLACK);
  });

  // asobject built a tuple per cell and then packed and sorted them: 1.7 s for a 2000 x 2000 grid,
  // not charged. A grid of colours 0..15 is now packed by a counting sort, charged per row.
  it('stops asobject of 2000x2000 grids near the limit', () => {
    const grid = P.canvas(0, [2000, 2000]);
    const r = stopped(() => P.apply(P.asobject, [grid, grid, grid, grid, grid, grid, grid, grid]));
    expect(r.error).toBeInstanceOf(BudgetError);
    expect((r.error as BudgetError).kind).toBe('timeout');
    expect(r.ms).toBeLessThan(LIMIT + SLACK);
  });

  it('stops occurrences of a 10x10 object in a 2000x2000 grid near the limit', () => {
    const grid = P.canvas(0, [2000, 2000]);
    const obj = P.asobject(P.canvas(0, [10, 10]));
    const r = stopped(() => P.occurrences(grid, obj));
    expect(r.error).toBeInstanceOf(BudgetError);
    expect(r.ms).toBeLessThan(LIMIT + SLACK);
  });

  // arc-dsl mutants build such grids (hconcat of a task grid and a 3 x 480,000 canvas), and objects
  // of one ran 550-880 ms past a 200 ms limit: it charged each object only once it was complete.
  // The grid here is wider, so the old code fails the bound clearly.
  it('stops objects of a 3 x 1,300,000 grid (one huge object) near the limit', () => {
    const grid = P.hconcat(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      P.canvas(0, [3, 1_300_000]),
    );
    for (const flags of [[true, true, false], [false, false, false]] as const) {
      const r = stopped(() => P.objects(grid, ...flags));
      expect(r.error, `objects(grid, ${flags})`).toBeInstanceOf(BudgetError);
      expect(r.ms, `objects(grid, ${flags})`).toBeLessThan(LIMIT + SLACK);
    }
  });

  // Found by running every primitive on inputs near the 4,000,000-item cap under a 20 ms budget
  // (each of these ran 1-2.5 s, budget or not).
  describe('other long calls near the item cap', () => {
    const tall = P.canvas(0, [1_300_000, 3]);
    const striped = P.vconcat(P.canvas(1, [650_000, 3]), P.canvas(2, [650_000, 3]));
    const left = P.toindices(P.asindices(P.canvas(0, [20_000, 1])));
    const right = P.shift(left, [0, 5_000]);
    const big = P.canvas(1, [2000, 2000]);
    const square = P.asindices(big);
    // Sets of integers keep CPython's iteration order (a simulated hash table) and are probed by hashing.
    const ints = P.interval(0, 2_000_000, 1), ints21 = P.interval(0, 2_100_000, 1);
    const setA = P.combine(P.initset(-1), ints), setB = P.combine(P.initset(-2), ints);
    const cases: [string, () => unknown][] = [
      ['manhattan of two patches of 20,000 locations', () => P.manhattan(left, right)],
      ['initset of a set of 4,000,000 locations', () => P.initset(square)],
      ['multiply(3,000,000, (t, t)): tuples of 12,000,000 items', () => P.multiply(3_000_000, [[0, 1, 2, 3], [0, 1, 2, 3]])],
      ['hsplit of a 1,300,000 x 3 grid in 3', () => P.hsplit(tall, 3)],
      ['vsplit of a 1,300,000 x 3 grid in 1,000', () => P.vsplit(tall, 1000)],
      ['partition of a 1,300,000 x 3 grid of two colours', () => P.partition(striped)],
      ['rot90 of a 2000 x 2000 grid', () => P.rot90(big)],
      ['cellwise of two 2000 x 2000 grids', () => P.cellwise(big, big, 0)],
      ['dedupe of a tuple of 2,000,000 integers', () => P.dedupe(ints)],
      // A primitive passed as the function does not tick, so the loops of the higher-order
      // primitives charge their items; and power(vmirror, 999) is 999 mirrors of 2,000 rows.
      ['order(2,000,000 integers, identity)', () => P.order(ints, P.identity)],
      ['papply(astuple, 2,000,000 integers, the same)', () => P.papply(P.astuple, ints, ints)],
      ['power(vmirror, 999) of a 2000 x 2000 grid', () => (P.power(P.vmirror, 999) as (g: unknown) => unknown)(big)],
      ['mostcommon of a tuple of 2,000,000 integers', () => P.mostcommon(ints)],
      ['equality of two sets of 2,000,000 integers', () => P.equality(setA, setB)],
      ['intersection of two sets of 2,000,000 integers', () => P.intersection(setA, setB)],
      ['difference of two sets of 2,000,000 integers', () => P.difference(setA, setB)],
    ];
    it('add of pairs of tuples of 2,000,000 + 2,100,000 integers: refused (over the item cap), at once', () => {
      const r = stopped(() => P.add([ints, ints], [ints21, ints21]));
      expect(r.error).toBeInstanceOf(BudgetError);
      expect((r.error as BudgetError).kind).toBe('memory');
      expect(r.ms).toBeLessThan(LIMIT + SLACK);
    });
    for (const [name, fn] of cases)
      it(`${name}: stops (or ends) near the limit`, () => {
        const r = stopped(fn);
        if (r.error !== undefined) expect(r.error).toBeInstanceOf(BudgetError);
        expect(r.ms).toBeLessThan(LIMIT + SLACK);
      });
  });

  it('lets a long call finish when the budget allows it', () => {
    const s = withBudget(10_000, () => P.product(P.interval(0, 300, 1), P.interval(0, 300, 1)));
    expect(P.size(s)).toBe(90_000);
  });
});
