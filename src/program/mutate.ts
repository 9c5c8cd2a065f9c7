// Type-aware mutation of solver programs. Every mutation reads the registry's
// signatures and the constants' types: a constant becomes another of its kind
// (colours with colours, vectors with vectors, Booleans with Booleans), a
// primitive one with the same signature, an argument an earlier variable of a
// compatible type; occasionally a line is dropped, or two parents are spliced
// (the second runs on a grid the first computed). The result is type-checked
// by the caller; nothing here evaluates anything.

import { registry } from '../dsl/registry.js';
import { constantTable } from '../dsl/constants.js';
import type { Assignment, Program, Ref } from './ast.js';
import { refText } from './ast.js';
import { accepts, refType, variableTypes } from './types.js';
import { MIXES, type Mix, type MutationKind } from './mixes.js';

export type Rng = () => number;

export interface Mutant {
  readonly program: Program;
  /** What was done, for the candidate's comment. */
  readonly mutation: string;
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const COLOURS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** Constants that may replace `name`: same type, and colours stay colours. */
function constantAlternatives(name: string): string[] {
  const type = constantTable.get(name)!.type;
  if (COLOURS.includes(name)) return COLOURS.filter((c) => c !== name);
  return [...constantTable.values()].filter((c) => c.type === type && c.name !== name).map((c) => c.name);
}

/** Primitives grouped by their exact signature (parameter types and return type). */
const SAME_SIGNATURE: ReadonlyMap<string, string[]> = (() => {
  const bySig = new Map<string, string[]>();
  for (const p of registry.values()) {
    const sig = `${p.params.map((x) => x.type).join(',')}->${p.returns}`;
    bySig.set(sig, [...(bySig.get(sig) ?? []), p.name]);
  }
  const out = new Map<string, string[]>();
  for (const names of bySig.values()) for (const n of names) out.set(n, names.filter((m) => m !== n));
  return out;
})();

/** Positions of a program: callee (arg = -1) or argument k of line `line`. */
interface Site {
  readonly line: number;
  readonly arg: number;
  readonly ref: Ref;
}

function sites(p: Program): Site[] {
  const out: Site[] = [];
  p.body.forEach((a, line) => {
    out.push({ line, arg: -1, ref: a.callee });
    a.args.forEach((ref, arg) => out.push({ line, arg, ref }));
  });
  return out;
}

function replaceAt(p: Program, site: Site, ref: Ref): Program {
  const body = p.body.map((a, k) => {
    if (k !== site.line) return a;
    return site.arg < 0 ? { ...a, callee: ref } : { ...a, args: a.args.map((x, m) => (m === site.arg ? ref : x)) };
  });
  return { ...p, body };
}

function mutateConstant(p: Program, r: Rng): Mutant | undefined {
  const cs = sites(p).filter((s) => s.ref.kind === 'const' && constantAlternatives(s.ref.name).length > 0);
  if (cs.length === 0) return undefined;
  const s = pick(r, cs);
  const to = pick(r, constantAlternatives(refText(s.ref)));
  return { program: replaceAt(p, s, { kind: 'const', name: to }), mutation: `constant ${refText(s.ref)} -> ${to} (line ${s.line + 1})` };
}

function mutatePrimitive(p: Program, r: Rng): Mutant | undefined {
  const ps = sites(p).filter((s) => s.ref.kind === 'prim' && (SAME_SIGNATURE.get(s.ref.name)?.length ?? 0) > 0);
  if (ps.length === 0) return undefined;
  const s = pick(r, ps);
  const to = pick(r, SAME_SIGNATURE.get(refText(s.ref))!);
  return { program: replaceAt(p, s, { kind: 'prim', name: to }), mutation: `primitive ${refText(s.ref)} -> ${to} (line ${s.line + 1})` };
}

function mutateArgument(p: Program, r: Rng): Mutant | undefined {
  const types = variableTypes(p);
  const options: { site: Site; to: Ref }[] = [];
  p.body.forEach((a, line) => {
    if (a.callee.kind !== 'prim') return;
    const params = registry.get(a.callee.name)!.params;
    const earlier: Ref[] = [{ kind: 'input' }, ...p.body.slice(0, line).map((b) => ({ kind: 'var', name: b.target }) as Ref)];
    a.args.forEach((ref, arg) => {
      if (ref.kind !== 'var' && ref.kind !== 'input') return;
      for (const to of earlier) {
        if (refText(to) === refText(ref)) continue;
        const t = refType(to, types);
        if (t !== 'Any' && accepts(params[arg].type, t)) options.push({ site: { line, arg, ref }, to });
      }
    });
  });
  if (options.length === 0) return undefined;
  const { site, to } = pick(r, options);
  return { program: replaceAt(p, site, to), mutation: `argument ${refText(site.ref)} -> ${refText(to)} (line ${site.line + 1})` };
}

function dropLine(p: Program, r: Rng): Mutant | undefined {
  const types = variableTypes(p);
  const options: { line: number; by: Ref }[] = [];
  p.body.forEach((a, line) => {
    if (a.target === p.output) return;
    const t = types.get(a.target)!;
    for (const arg of a.args) {
      if ((arg.kind === 'var' || arg.kind === 'input') && accepts(t, refType(arg, types)) && refType(arg, types) !== 'Any') options.push({ line, by: arg });
    }
  });
  if (options.length === 0) return undefined;
  const { line, by } = pick(r, options);
  const gone = p.body[line].target;
  const swap = (x: Ref): Ref => (x.kind === 'var' && x.name === gone ? by : x);
  const body = p.body.filter((_, k) => k !== line).map((a) => ({ ...a, callee: swap(a.callee), args: a.args.map(swap) }));
  return { program: { ...p, body }, mutation: `drop line ${line + 1} (${gone} -> ${refText(by)})` };
}

/** The second parent runs on a grid the first computed (or on I): a two-stage program. */
function splice(p: Program, q: Program, r: Rng): Mutant | undefined {
  const types = variableTypes(p);
  const grids = p.body.filter((a) => types.get(a.target) === 'Grid' && a.target !== p.output);
  if (grids.length === 0 || q.body.length === 0) return undefined;
  const at = pick(r, grids);
  const cut = p.body.indexOf(at);
  const rename = (x: Ref): Ref => (x.kind === 'input' ? { kind: 'var', name: at.target } : x.kind === 'var' ? { kind: 'var', name: `q_${x.name}` } : x);
  const tail: Assignment[] = q.body.map((a) => ({ ...a, target: `q_${a.target}`, callee: rename(a.callee), args: a.args.map(rename) }));
  const body = [...p.body.slice(0, cut + 1), ...tail];
  return { program: { ...p, body, output: `q_${q.output}` }, mutation: `splice ${q.name} after ${at.target} (line ${cut + 1})` };
}

export function pickKind(r: Rng, mix: Mix = MIXES.default): MutationKind {
  let x = r();
  let last: MutationKind = 'constant';
  for (const k of Object.keys(mix) as MutationKind[]) {
    if (mix[k] <= 0) continue;
    last = k;
    if (x < mix[k]) return k;
    x -= mix[k];
  }
  return last;
}

/** One mutation of `p` (with `other` as the second parent for splices), or undefined if that kind does not apply. */
export function mutate(p: Program, other: Program, r: Rng, kind: MutationKind = pickKind(r)): Mutant | undefined {
  switch (kind) {
    case 'constant':
      return mutateConstant(p, r);
    case 'primitive':
      return mutatePrimitive(p, r);
    case 'argument':
      return mutateArgument(p, r);
    case 'drop':
      return dropLine(p, r);
    case 'splice':
      return splice(p, other, r);
  }
}

