// The DSL contract: every recorded call of ../shared/dsl/conformance.json.
// Order-dependent cases (PRIMITIVES.md §5) accept what their `order` field allows.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fromCanonical, primitives, toCanonical, type Json, type Value } from '../../src/dsl/index.js';
import { call } from '../../src/dsl/values.js';
import { sharedPath } from '../helpers/shared.js';

interface Case {
  id: string;
  fn: string;
  args: Json[];
  then_call?: Json[];
  out?: Json;
  error?: string;
  order?: { alts?: Json[]; groups?: number[] };
}

const file = sharedPath('dsl', 'conformance.json');
const cases: Case[] = file ? JSON.parse(readFileSync(file, 'utf8')).cases : [];

function accepts(c: Case, got: string): boolean {
  if (!c.order) return got === JSON.stringify(c.out);
  if (c.order.alts) return c.order.alts.some((a) => JSON.stringify(a) === got);
  const want = c.out as Json[];
  const have = JSON.parse(got) as Json[];
  if (!Array.isArray(have) || have.length !== want.length) return false;
  let i = 0;
  for (const n of c.order.groups ?? []) {
    const a = want.slice(i, i + n).map((x) => JSON.stringify(x)).sort();
    const b = have.slice(i, i + n).map((x) => JSON.stringify(x)).sort();
    if (a.join('\n') !== b.join('\n')) return false;
    i += n;
  }
  return true;
}

/** Runs one case; returns a failure message or undefined. */
export function runCase(c: Case): string | undefined {
  let result: Value;
  try {
    const f = primitives[c.fn];
    const r = f(...c.args.map(fromCanonical));
    result = c.then_call ? call(r, ...c.then_call.map(fromCanonical)) : r;
  } catch (e) {
    if (c.error) return undefined;
    return `${c.id}: threw ${(e as Error).message}, expected ${JSON.stringify(c.out)}`;
  }
  if (c.error) return `${c.id}: expected ${c.error}, got ${toCanonical(result)}`;
  const got = toCanonical(result);
  if (accepts(c, got)) return undefined;
  return `${c.id}: got ${got.slice(0, 300)}, expected ${JSON.stringify(c.out).slice(0, 300)}${c.order ? ' (up to set order)' : ''}`;
}

const byFn = new Map<string, Case[]>();
for (const c of cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
const only = process.env.CONFORMANCE_ONLY?.split(',');
const counts: string[] = [];

describe.skipIf(cases.length === 0)('DSL conformance (../shared/dsl/conformance.json)', () => {
  it('covers every primitive of the registry', () => {
    expect([...byFn.keys()].sort()).toEqual(Object.keys(primitives).sort());
  });
  for (const [fn, fnCases] of byFn) {
    if (only && !only.includes(fn)) continue;
    it(`${fn} (${fnCases.length} cases)`, () => {
      const failures = fnCases.map(runCase).filter((m): m is string => m !== undefined);
      counts.push(`${fn} ${fnCases.length - failures.length}/${fnCases.length}`);
      expect(failures.length, failures.slice(0, 8).join('\n')).toBe(0);
    });
  }
  afterAll(() => {
    if (process.env.CONFORMANCE_REPORT) console.log(`per-primitive passes:\n${counts.join('\n')}`);
  });
});
