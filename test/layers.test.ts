// The house's layering: commands -> pipeline -> exec -> jobs -> program, task -> dsl, with no
// import running back up (the base modules errors, status, walk, format, entry, made-from and timing serve every layer).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/shared.js';

const SRC = path.join(REPO_ROOT, 'src');
const RANK: Record<string, number> = { dsl: 0, program: 1, task: 1, jobs: 2, exec: 3, pipeline: 4 };
const BASE = /^(errors|status|walk|format|entry)\.js$|^made-from\.cjs$|^timing\//;

const walk = (d: string): string[] =>
  readdirSync(d).flatMap((f) => {
    const p = path.join(d, f);
    return statSync(p).isDirectory() ? walk(p) : /\.c?ts$/.test(p) ? [p] : [];
  });

/** Imports (static and dynamic) of files in a ranked layer that reach a higher layer or an unranked one. */
function violations(): string[] {
  const out: string[] = [];
  for (const file of walk(SRC)) {
    const from = path.relative(SRC, file);
    const layer = from.split(path.sep)[0];
    if (!(layer in RANK)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), m[1] ?? m[2]));
      if (BASE.test(target.split(path.sep).join('/'))) continue;
      const to = target.split(path.sep)[0];
      if (!(to in RANK) || RANK[to] > RANK[layer]) out.push(`${from} -> ${target}`);
    }
  }
  return out;
}

describe('layering', () => {
  it('no module of dsl, program, task, jobs, exec or pipeline imports one of a higher layer', () => {
    expect(violations()).toEqual([]);
  });
});
