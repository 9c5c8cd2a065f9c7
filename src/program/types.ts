// Static types of program lines, from the registry's signatures. The DSL's
// type names are loose (Python never checks them, and a signature often
// names a union: vmirror returns a Piece whether it was given a Grid or a
// Patch), so two types are compatible when the kinds of value they may
// denote overlap. That still keeps a grid from an integer parameter, a
// function from a grid, a vector from a colour.

import { registry, type TypeName } from '../dsl/registry.js';
import { constantTable } from '../dsl/constants.js';
import type { Program, Ref } from './ast.js';

type Kind = 'int' | 'bool' | 'pair' | 'grid' | 'cell' | 'tuple' | 'tupletuple' | 'object' | 'indices' | 'objects' | 'indicesset' | 'intset' | 'fset' | 'fn';

const ALL: readonly Kind[] = ['int', 'bool', 'pair', 'grid', 'cell', 'tuple', 'tupletuple', 'object', 'indices', 'objects', 'indicesset', 'intset', 'fset', 'fn'];
const SETS: readonly Kind[] = ['object', 'indices', 'objects', 'indicesset', 'intset', 'fset'];
const TUPLES: readonly Kind[] = ['pair', 'grid', 'cell', 'tuple', 'tupletuple'];

/** The kinds of value each type name may denote. */
export const KINDS: Record<TypeName, readonly Kind[]> = {
  Any: ALL,
  Integer: ['int', 'bool'],
  Boolean: ['bool', 'int'],
  Numerical: ['int', 'bool', 'pair'],
  IntegerTuple: ['pair'],
  Grid: ['grid'],
  Cell: ['cell'],
  Tuple: TUPLES,
  TupleTuple: ['tupletuple', 'grid'],
  Object: ['object'],
  Indices: ['indices'],
  Patch: ['object', 'indices'],
  Objects: ['objects'],
  IndicesSet: ['indicesset'],
  IntegerSet: ['intset'],
  FrozenSet: SETS,
  Element: ['grid', 'object'],
  Piece: ['grid', 'object', 'indices'],
  Container: [...TUPLES, ...SETS],
  ContainerContainer: ['grid', 'tupletuple', 'tuple', 'objects', 'indicesset', 'object', 'indices', 'fset'],
  Callable: ['fn'],
};

/** Can a value of type `value` be passed where `param` is expected? */
export function accepts(param: TypeName, value: TypeName): boolean {
  if (param === value || param === 'Any' || value === 'Any') return true;
  const want = KINDS[param];
  return KINDS[value].some((k) => want.includes(k));
}

/** Type of every variable of a program (by name), with `I` a Grid. */
export function variableTypes(program: Program): Map<string, TypeName> {
  const types = new Map<string, TypeName>([['I', 'Grid']]);
  for (const a of program.body) {
    types.set(a.target, a.callee.kind === 'prim' ? registry.get(a.callee.name)!.returns : 'Any');
  }
  return types;
}

export function refType(r: Ref, vars: ReadonlyMap<string, TypeName>): TypeName {
  switch (r.kind) {
    case 'input':
      return 'Grid';
    case 'var':
      return vars.get(r.name) ?? 'Any';
    case 'prim':
      return 'Callable';
    case 'const':
      return constantTable.get(r.name)!.type;
  }
}

/** The first ill-typed argument of a program, or undefined when it is well-typed per the registry. */
export function typeError(program: Program): string | undefined {
  const vars = new Map<string, TypeName>([['I', 'Grid']]);
  for (const a of program.body) {
    if (a.callee.kind === 'prim') {
      const p = registry.get(a.callee.name)!;
      if (p.arity !== a.args.length) return `line ${a.line}: ${p.name} takes ${p.arity} arguments`;
      for (let k = 0; k < a.args.length; k++) {
        const t = refType(a.args[k], vars);
        if (!accepts(p.params[k].type, t)) return `line ${a.line}: ${p.name} argument ${k + 1} (${p.params[k].name}: ${p.params[k].type}) given ${t}`;
      }
      vars.set(a.target, p.returns);
    } else {
      const t = refType(a.callee, vars);
      if (t !== 'Callable' && t !== 'Any') return `line ${a.line}: ${a.callee.kind === 'var' ? a.callee.name : 'I'} (${t}) is not a function`;
      vars.set(a.target, 'Any');
    }
  }
  return undefined;
}
