import { describe, expect, it } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { compile, SolverCache } from '../../src/program/compile.js';
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
});
