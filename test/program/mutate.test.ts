import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSolvers } from '../../src/program/parse.js';
import { formatProgram } from '../../src/program/ast.js';
import { mutate } from '../../src/program/mutate.js';
import type { MutationKind } from '../../src/program/mixes.js';
import { typeError } from '../../src/program/types.js';
import { collectParents, makeCard, wellTyped } from '../../src/pipeline/card.js';
import { rng } from '../../src/task/generate.js';
import { REPO_ROOT } from '../helpers/shared.js';

const library = parseSolvers(readFileSync(path.join(REPO_ROOT, 'solvers', 'solvers.py'), 'utf8'), 'solvers.py').programs;

describe('type-aware mutation', () => {
  it('the shipped library is well-typed per the registry', () => {
    for (const p of library) expect(typeError(p), p.name).toBeUndefined();
  });

  for (const kind of ['constant', 'primitive', 'argument', 'drop', 'splice'] as MutationKind[]) {
    it(`${kind} mutations keep programs well-typed (or are rejected by the checker)`, () => {
      const r = rng(42);
      let made = 0;
      for (let k = 0; k < 400; k++) {
        const p = library[k % library.length];
        const m = mutate(p, library[(k * 7) % library.length], r, kind);
        if (!m) continue;
        made++;
        // Mutations that only swap like for like never break typing.
        if (kind === 'constant' || kind === 'primitive') expect(typeError(m.program), m.mutation).toBeUndefined();
        // Every mutant re-parses: its text is a straight-line program that parses back to the same program.
        const text = formatProgram(m.program);
        const back = parseSolvers(text, 'mutant.py');
        expect(back.errors, `${m.mutation}\n${text}`).toEqual([]);
        expect(back.programs).toHaveLength(1);
        expect(formatProgram(back.programs[0])).toBe(text);
      }
      expect(made).toBeGreaterThan(0);
    });
  }

  it('every candidate of a generated battery parses and is well-typed', async () => {
    const parents = await collectParents(['007bbfb7'], [path.join(REPO_ROOT, 'solvers')], []);
    const card = makeCard(parents, '007bbfb7', 300, 3);
    const parsed = parseSolvers(card.text, 'batt.py');
    expect(parsed.errors).toEqual([]);
    expect(parsed.programs).toHaveLength(card.counts.candidates);
    expect(card.counts.candidates).toBe(300);
    expect(card.counts.generated).toBe(card.counts.children + card.counts.rejected + card.counts.duplicates);
    for (const p of parsed.programs) expect(wellTyped(p), p.name).toBe(true);
    // Each child names its parent and its mutation.
    expect(card.text).toMatch(/# parent: solve_\w+ from .*\n# mutation: (constant|primitive|argument|drop|splice)/);
  });

  it('the same seed gives a byte-identical battery; another seed another one', async () => {
    const parents = await collectParents(['007bbfb7'], [path.join(REPO_ROOT, 'solvers')], []);
    expect(makeCard(parents, '007bbfb7', 200, 9).text).toBe(makeCard(parents, '007bbfb7', 200, 9).text);
    expect(makeCard(parents, '007bbfb7', 200, 10).text).not.toBe(makeCard(parents, '007bbfb7', 200, 9).text);
  });
});
