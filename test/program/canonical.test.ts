import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { canonical, expand, expressionText } from '../../src/program/canonical.js';
import { registry } from '../../src/dsl/registry.js';
import { constantTable } from '../../src/dsl/constants.js';
import { rng } from '../../src/task/generate.js';
import { REPO_ROOT } from '../helpers/shared.js';
import type { Program } from '../../src/program/ast.js';

function roundTrip(p: Program): void {
  const c = canonical(p);
  const text = expand(c.text, p.taskId);
  const again = parseSolvers(text, 'expanded.py');
  expect(again.errors).toEqual([]);
  expect(again.programs).toHaveLength(1);
  expect(canonical(again.programs[0]).md5).toBe(c.md5);
  // Expansion is a fixed point.
  expect(expand(canonical(again.programs[0]).text, p.taskId)).toBe(text);
}

/** A random straight-line program: registry arities, arguments drawn from I, earlier variables, constants and primitives. */
function randomProgram(seed: number): string {
  const r = rng(seed);
  const prims = [...registry.values()];
  const consts = [...constantTable.keys()];
  const lines: string[] = [];
  const vars = ['I'];
  const n = 1 + Math.floor(r() * 20);
  for (let k = 1; k <= n; k++) {
    const p = prims[Math.floor(r() * prims.length)];
    const args = p.params.map(() => {
      const x = r();
      if (x < 0.6) return vars[Math.floor(r() * vars.length)];
      if (x < 0.85) return consts[Math.floor(r() * consts.length)];
      return prims[Math.floor(r() * prims.length)].name;
    });
    const target = k === n ? 'O' : `x${k}`;
    lines.push(`    ${target} = ${p.name}(${args.join(', ')})`);
    vars.push(target);
  }
  return `def solve_gen${seed}(I):\n${lines.join('\n')}\n    return O\n`;
}

describe('canonical form', () => {
  it('ignores variable names, line order and dead lines', () => {
    const a = parseSolvers('def solve_a(I):\n    x1 = vmirror(I)\n    x2 = hmirror(I)\n    O = hconcat(x1, x2)\n    return O\n', 'a').programs[0];
    const b = parseSolvers('def solve_b(I):\n    y = hmirror(I)\n    dead = rot90(I)\n    z = vmirror(I)\n    O = hconcat(z, y)\n    return O\n', 'b').programs[0];
    expect(canonical(a).text).toBe('x1 = vmirror(I)\nx2 = hmirror(I)\nO = hconcat(x1, x2)');
    expect(canonical(b).text).toBe(canonical(a).text);
    expect(canonical(a).md5).toBe(canonical(b).md5);
    expect(expressionText(a)).toBe('hconcat(vmirror(I), hmirror(I))');
  });

  it('expands shared sub-expressions once', () => {
    const p = parseSolvers('def solve_a(I):\n    x1 = vmirror(I)\n    x2 = hconcat(x1, x1)\n    O = vconcat(x2, x2)\n    return O\n', 'a').programs[0];
    expect(expand(canonical(p).text, 'a')).toBe('def solve_a(I):\n    x1 = vmirror(I)\n    x2 = hconcat(x1, x1)\n    O = vconcat(x2, x2)\n    return O\n');
  });

  it('keeps calls of function-valued expressions', () => {
    const p = parseSolvers('def solve_a(I):\n    x1 = rbind(upscale, TWO)\n    O = x1(I)\n    return O\n', 'a').programs[0];
    expect(canonical(p).text).toBe('x1 = rbind(upscale, TWO)\nO = x1(I)');
    expect(expressionText(p)).toBe('rbind(upscale, TWO)(I)');
    roundTrip(p);
  });

  it('round-trips every shipped solver', () => {
    const r = parseSolvers(readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8'), 'solvers.py');
    expect(r.errors).toEqual([]);
    expect(r.programs.length).toBeGreaterThanOrEqual(12);
    r.programs.forEach(roundTrip);
  });

  it('round-trips 500 generated programs', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = parseSolvers(randomProgram(seed), 'gen.py');
      expect(r.errors).toEqual([]);
      roundTrip(r.programs[0]);
    }
  });

  const external = process.env.ARC_DSL_SOLVERS;
  it.skipIf(!external || !existsSync(external))('round-trips an external solvers.py (ARC_DSL_SOLVERS)', () => {
    const r = parseSolvers(readFileSync(external!, 'utf8'), external!);
    expect(r.errors).toEqual([]);
    r.programs.forEach(roundTrip);
  });
});
