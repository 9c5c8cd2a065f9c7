import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry, primitives, constants, toCanonical, fromCanonical } from '../../src/index.js';
import * as logic from '../../src/dsl/logic.js';
import * as containers from '../../src/dsl/containers.js';
import * as grids from '../../src/dsl/grids.js';
import * as patches from '../../src/dsl/patches.js';
import * as higher from '../../src/dsl/higher.js';
import { primitivesMarkdown } from '../../src/dsl/docs.js';
import { REPO_ROOT } from '../helpers/shared.js';

describe('registry', () => {
  it('has the 160 primitives with arities 1-4 (79 / 66 / 14 / 1)', () => {
    expect(registry.size).toBe(160);
    const arities = [...registry.values()].map((p) => p.arity);
    expect([1, 2, 3, 4].map((n) => arities.filter((a) => a === n).length)).toEqual([79, 66, 14, 1]);
    for (const p of registry.values()) expect(primitives[p.name].arity).toBe(p.arity);
  });

  it('every exported function of a group module is registered under that group', () => {
    const modules = { logic, containers, grids, patches, higher };
    for (const [group, mod] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function') continue;
        const info = registry.get(name.replace(/_$/, ''));
        expect(info?.group, `${group}.${name}`).toBe(group);
      }
    }
  });

  it('exposes the library API: primitives, constants, toCanonical, fromCanonical', () => {
    const g = fromCanonical([[1, 0], [0, 2]]);
    expect(toCanonical(primitives.vmirror(g))).toBe('[[0,1],[2,0]]');
    expect(toCanonical(primitives.ofcolor(g, constants.TWO))).toBe('{"set":[[1,1]]}');
    expect(toCanonical(fromCanonical({ set: [[0, 10], [0, 1], [0, 2]] }))).toBe('{"set":[[0,10],[0,1],[0,2]]}');
    expect(constants.THREE_BY_THREE).toEqual([3, 3]);
    expect(constants.T).toBe(true);
  });

  it('docs/primitives.md is generated from the registry and up to date (npm run docs)', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'docs', 'primitives.md'), 'utf8')).toBe(primitivesMarkdown());
  });
});
