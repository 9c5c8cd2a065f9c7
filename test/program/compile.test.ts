import { describe, expect, it, vi } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { compile, SolverCache, LINE_WORK } from '../../src/program/compile.js';
import { toCanonical } from '../../src/dsl/index.js';
import { withBudget, BudgetError } from '../../src/dsl/budget.js';

const program = parseSolvers('def solve_a(I):\n    x1 = rbind(upscale, TWO)\n    x2 = x1(I)\n    O = vmirror(x2)\n    return O\n', 'a.py').programs[0];

describe('compiled programs', () => {
  it('run as closures over the registry, calling variables that hold functions', () => {
    expect(toCanonical(compile(program)([[1, 2]]))).toBe('[[2,2,1,1],[2,2,1,1]]');
  });

  it('are compiled once per identity and reused', () => {
    const cache = new SolverCache(2);
    let parses = 0;
    const get = () => cache.get('k', () => (parses++, program));
    expect(get()).toBe(get());
    expect(parses).toBe(1);
    cache.get('k2', () => program);
    cache.get('k3', () => program);
    expect(cache.size).toBe(2);
  });

  it('stop a runaway at the time budget', () => {
    const runaway = parseSolvers(
      ['def solve_r(I):', '    x1 = power(rot90, TEN)', ...[2, 3, 4, 5, 6, 7, 8].map((k) => `    x${k} = power(x${k - 1}, TEN)`), '    O = x8(I)', '    return O'].join('\n'),
      'r.py',
    ).programs[0];
    const t0 = performance.now();
    expect(() => withBudget(100, () => compile(runaway)([[1]]))).toThrow(BudgetError);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('read the clock once per 128 units of work, a line counting LINE_WORK, and still stop at an expired deadline', () => {
    const lines = 64;
    const long = parseSolvers(['def solve_l(I):', '    x1 = identity(I)', ...Array.from({ length: lines - 1 }, (_, k) => `    x${k + 2} = identity(x${k + 1})`), `    O = identity(x${lines})`, '    return O'].join('\n'), 'l.py').programs[0];
    const solver = compile(long);
    const now = vi.spyOn(performance, 'now');
    try {
      withBudget(5000, () => solver([[1]]));
      // withBudget's own read, then one per 128 units: each line is LINE_WORK units and a tick.
      expect(now.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil(((lines + 1) * (LINE_WORK + 1)) / 128) + 1);
    } finally {
      now.mockRestore();
    }
    expect(() => withBudget(-1, () => solver([[1]]))).toThrow(BudgetError);
  });
});
