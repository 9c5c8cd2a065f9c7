// Parser for the straight-line solver format of arc-dsl's `solvers.py`:
//
//   def solve_<id>(I):
//       x1 = callee(arg, arg, ...)
//       ...
//       O = callee(...)
//       return O
//
// Programs are data: names resolve only against the DSL registry, the
// constants and earlier variables, never against JavaScript. A program that
// does not parse is reported with file:line and skipped; the rest of the file
// still loads.

import { registry, type TypeName } from '../dsl/registry.js';
import { constantTable } from '../dsl/constants.js';
import type { Assignment, ParseError, Program, Ref } from './ast.js';

export interface ParseResult {
  readonly programs: Program[];
  readonly errors: ParseError[];
}

// A type hint, as harmless annotation: `Grid`, `dsl.Grid`, `Tuple[int, int]`.
const HINT = String.raw`[A-Za-z_][\w.]*(?:\[[\w.,\s\[\]]*\])?`;
const DEF = new RegExp(String.raw`^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*I\s*(?::\s*${HINT}\s*)?\)\s*(?:->\s*${HINT}\s*)?:\s*$`);
const ANY_DEF = /^def\s+([A-Za-z_][A-Za-z0-9_]*)/;
const ASSIGN = new RegExp(String.raw`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*${HINT}\s*)?=\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$`);
const RETURN = /^return\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** Assignments a program may have: far beyond any real solver (arc-dsl's longest has under 100); the work stays linear up to here. */
export const MAX_PROGRAM_LINES = 20_000;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IGNORED = /^(import\s|from\s+\S+\s+import\s)/;

/** Names that could reach the host if a later stage ever looked them up carelessly. */
const RESERVED = new Set([
  'I', 'constructor', 'prototype', '__proto__', 'process', 'require', 'eval', 'globalThis',
  'global', 'Function', 'import', 'module', 'exports', 'this', 'self', 'window',
]);

/** What the parser knows about a variable: its DSL type and, for functions, the arity if known. */
interface VarInfo {
  readonly type: TypeName;
  readonly arity?: number;
  /** The Ref every use of the variable shares (Refs are immutable). */
  readonly ref: Ref;
}
/** What a call gives the variable it is assigned to. */
type CallInfo = Omit<VarInfo, 'ref'>;

class ProgramError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/**
 * A text's lines one at a time, as `split(/\r?\n/)` would give them, without an array of them all:
 * a battery's thousands of lines lived until the whole file was parsed, copied by every scavenge on
 * the way and then promoted.
 */
class Lines {
  /** The current line's index (0-based); `line` is undefined past the last. */
  k = 0;
  line: string | undefined;
  private pos = 0;
  constructor(private readonly text: string) {
    this.read();
  }
  next(): void {
    this.k++;
    this.read();
  }
  private read(): void {
    const { text } = this;
    if (this.pos > text.length) {
      this.line = undefined;
      return;
    }
    const nl = text.indexOf('\n', this.pos);
    const end = nl < 0 ? text.length : nl;
    // The '\r' of a '\r\n' is not part of the line; a last line's own '\r' (no '\n' after it) is.
    const cut = nl >= 0 && end > this.pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.line = text.slice(this.pos, cut);
    this.pos = end + 1;
  }
}

export function parseSolvers(text: string, file: string): ParseResult {
  const programs: Program[] = [];
  const errors: ParseError[] = [];
  // A UTF-8 byte-order mark is not part of the first line.
  const lines = new Lines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let pendingComments: string[] = [];
  while (lines.line !== undefined) {
    const raw = lines.line;
    const stripped = stripComment(raw);
    const trimmed = stripped.trim();
    if (trimmed === '') {
      const comment = raw.trim();
      if (comment.startsWith('#')) pendingComments.push(comment.slice(1).trim());
      else pendingComments = [];
      lines.next();
      continue;
    }
    if (IGNORED.test(trimmed) && !/^\s/.test(stripped)) {
      lines.next();
      continue;
    }
    const def = DEF.exec(trimmed);
    if (!def || /^\s/.test(stripped)) {
      // One message for the statement, not one per line of its block: skip its indented lines.
      errors.push({ file, line: lines.k + 1, message: notASolver(trimmed, /^\s/.test(stripped)) });
      lines.next();
      while (lines.line !== undefined) {
        const s = stripComment(lines.line);
        if (s.trim() !== '' && !/^\s/.test(s)) break;
        lines.next();
      }
      pendingComments = [];
      continue;
    }
    // Collect the function body: indented lines (and blank/comment lines) after the def.
    const start = lines.k;
    const body: { text: string; line: number }[] = [];
    lines.next();
    while (lines.line !== undefined) {
      const s = stripComment(lines.line);
      const t = s.trim();
      if (t === '') {
        lines.next();
        continue;
      }
      if (!/^\s/.test(s)) break;
      body.push({ text: t, line: lines.k + 1 });
      lines.next();
    }
    const name = def[1];
    try {
      programs.push(parseFunction(name, body, file, start + 1, pendingComments));
    } catch (e) {
      if (!(e instanceof ProgramError)) throw e;
      errors.push({ file, line: e.line, program: name, message: e.message });
    }
    pendingComments = [];
  }
  return { programs, errors };
}

function parseFunction(
  name: string,
  body: readonly { text: string; line: number }[],
  file: string,
  defLine: number,
  comments: readonly string[],
): Program {
  if (!name.startsWith('solve_') || name.length <= 'solve_'.length) {
    throw new ProgramError(defLine, `function '${name}' is not named solve_<task>`);
  }
  if (body.length > MAX_PROGRAM_LINES + 1) {
    throw new ProgramError(defLine, `function '${name}' has ${body.length} lines, more than the limit of ${MAX_PROGRAM_LINES}`);
  }
  const vars = new Map<string, VarInfo>();
  const assignments: Assignment[] = [];
  let output: string | undefined;
  for (const { text, line } of body) {
    if (output !== undefined) throw new ProgramError(line, `code after 'return ${output}'`);
    if (text.includes(';')) throw new ProgramError(line, `one statement per line: split '${clip(text)}' at ';'`);
    if (/^return\b/.test(text)) {
      output = returned(text, vars, line);
      continue;
    }
    // The common shape by one small regular expression; anything else (type hints, odd spacing, faults) by the full ones.
    const fast = scanAssignment(text);
    let target: string, callee: Ref, args: Ref[];
    if (fast) {
      target = fast[0];
      checkTarget(target, vars, line);
      callee = resolveName(fast[1], vars, line);
      // Made to length (an array grown by push keeps room for 16, and lives as long as the program),
      // and packed, by a loop over a copy (with map() and a closure the cold parse of 630 candidates
      // took 32 against 28 ms, medians of 20 interleaved).
      const refs: (string | Ref)[] = fast.slice(2);
      for (let i = 0; i < refs.length; i++) refs[i] = resolveName(refs[i] as string, vars, line);
      args = refs as Ref[];
    } else {
      const m = ASSIGN.exec(text);
      if (!m) throw new ProgramError(line, `expected 'name = callee(args)' or 'return O', found '${clip(text)}'`);
      target = m[1];
      checkTarget(target, vars, line);
      callee = resolve(m[2], vars, line);
      args = splitArgs(m[3], line).map((a) => resolve(a, vars, line));
    }
    const info = checkCall(callee, args, vars, line);
    vars.set(target, { type: info.type, arity: info.arity, ref: { kind: 'var', name: target } });
    assignments.push({ target, callee, args, line });
  }
  if (output === undefined) throw new ProgramError(defLine, `function '${name}' has no 'return'`);
  if (assignments.length === 0) throw new ProgramError(defLine, `function '${name}' has no body`);
  return { name, taskId: name.slice('solve_'.length), body: assignments, output, file, line: defLine, comments };
}

function checkTarget(target: string, vars: ReadonlyMap<string, VarInfo>, line: number): void {
  if (RESERVED.has(target) || target.startsWith('__')) throw new ProgramError(line, `'${target}' cannot be assigned`);
  if (registry.has(target)) throw new ProgramError(line, `'${target}' is a primitive and cannot be assigned`);
  if (constantTable.has(target)) throw new ProgramError(line, `'${target}' is a constant and cannot be assigned`);
  if (vars.has(target)) throw new ProgramError(line, `variable '${target}' is reassigned`);
}

function resolve(name: string, vars: ReadonlyMap<string, VarInfo>, line: number): Ref {
  if (!IDENT.test(name)) throw new ProgramError(line, `'${clip(name)}' is not a name (only I, variables, primitives and constants may appear)`);
  return resolveName(name, vars, line);
}

/** The input, primitives and constants are the same Ref everywhere (they are immutable): one object each. */
const INPUT: Ref = { kind: 'input' };
const LEAVES = new Map<string, Ref>([
  ...[...registry.keys()].map((name): [string, Ref] => [name, { kind: 'prim', name }]),
  ...[...constantTable.keys()].map((name): [string, Ref] => [name, { kind: 'const', name }]),
]);

/** resolve, for a name already known to be an identifier. */
function resolveName(name: string, vars: ReadonlyMap<string, VarInfo>, line: number): Ref {
  if (name === 'I') return INPUT;
  const v = vars.get(name);
  if (v) return v.ref;
  const leaf = LEAVES.get(name);
  if (leaf) return leaf;
  if (RESERVED.has(name) || name.startsWith('__')) throw new ProgramError(line, `'${name}' is not allowed in a program`);
  throw new ProgramError(line, `unknown name '${name}' (not a primitive, constant or earlier variable)`);
}

// The common shape, `target = callee(a, b, ...)`: identifiers and spaces only. One regular
// expression, which V8 runs as machine code from its second use (a loop of our own over the
// characters, a call per character, ran in V8's interpreter for most of a cold parse).
const SIMPLE = /^([A-Za-z_]\w*) *= *([A-Za-z_]\w*) *\( *([A-Za-z_]\w*(?: *, *[A-Za-z_]\w*)*) *\) *$/;
const COMMA = / *, */;

/**
 * `target = callee(a, b, ...)` (identifiers, optional spaces) as [target, callee, a, b, ...];
 * undefined for any other text, which the regular expressions then parse or reject with a message.
 */
export function scanAssignment(text: string): string[] | undefined {
  const m = SIMPLE.exec(text);
  if (m === null) return undefined;
  const args = m[3];
  if (!args.includes(',')) return [m[1], m[2], args];
  const out = args.split(COMMA);
  out.unshift(m[1], m[2]);
  return out;
}

function splitArgs(text: string, line: number): string[] {
  const t = text.trim();
  if (t === '') throw new ProgramError(line, 'a call needs at least one argument');
  const parts = t.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new ProgramError(line, `malformed argument list '(${clip(t)})'`);
  return parts;
}

/** Checks what can be known statically and returns the type of the result. */
function checkCall(callee: Ref, args: readonly Ref[], vars: ReadonlyMap<string, VarInfo>, line: number): CallInfo {
  if (callee.kind === 'input' || callee.kind === 'const') {
    throw new ProgramError(line, `'${callee.kind === 'input' ? 'I' : callee.name}' is not a function`);
  }
  if (callee.kind === 'var') {
    const v = vars.get(callee.name)!;
    if (v.type !== 'Callable' && v.type !== 'Any') {
      throw new ProgramError(line, `variable '${callee.name}' holds ${v.type}, not a function`);
    }
    if (v.arity !== undefined && v.arity !== args.length) {
      throw new ProgramError(line, `'${callee.name}' takes ${v.arity} argument(s), ${args.length} given`);
    }
    return { type: 'Any' };
  }
  const p = registry.get(callee.name)!;
  if (p.arity !== args.length) {
    throw new ProgramError(line, `${p.name} takes ${p.arity} argument(s), ${args.length} given (${p.signature})`);
  }
  return { type: p.returns, arity: p.returns === 'Callable' ? builtArity(p.name, args, vars) : undefined };
}

/** Arity of a function built by a higher-order primitive (PRIMITIVES.md §7.5), when known. */
function builtArity(name: string, args: readonly Ref[], vars: ReadonlyMap<string, VarInfo>): number | undefined {
  switch (name) {
    case 'compose':
    case 'chain':
    case 'fork':
    case 'matcher':
      return 1;
    case 'rbind':
    case 'lbind': {
      const n = refArity(args[0], vars);
      if (n === undefined) return undefined;
      return n === 2 ? 1 : n === 3 ? 2 : 3;
    }
    default:
      return undefined;
  }
}

function refArity(r: Ref, vars: ReadonlyMap<string, VarInfo>): number | undefined {
  if (r.kind === 'prim') return registry.get(r.name)!.arity;
  if (r.kind === 'var') return vars.get(r.name)!.arity;
  return undefined;
}

/** The variable a `return` line returns, or why it cannot be returned. */
function returned(text: string, vars: ReadonlyMap<string, VarInfo>, line: number): string {
  const ret = RETURN.exec(text);
  if (!ret) {
    const what = text.slice('return'.length).trim();
    if (what === '') throw new ProgramError(line, `'return' needs the variable to return, e.g. 'return O'`);
    throw new ProgramError(line, `'return' takes a variable, not '${clip(what)}': assign it first ('O = ...', then 'return O')`);
  }
  const v = ret[1];
  if (vars.has(v)) return v;
  if (v === 'I') throw new ProgramError(line, `'return I' returns the input unchanged: return a variable the program computes (e.g. 'O = identity(I)', then 'return O')`);
  if (registry.has(v) || constantTable.has(v)) {
    throw new ProgramError(line, `'return ${v}' returns ${registry.has(v) ? 'a primitive' : 'a constant'}: return a variable the program computes`);
  }
  throw new ProgramError(line, `return of undefined variable '${v}'`);
}

/** Why a top-level statement is not the start of a solver. */
function notASolver(trimmed: string, indented: boolean): string {
  if (indented) return `an indented line outside any function: '${clip(trimmed)}'`;
  const def = ANY_DEF.exec(trimmed);
  if (def) {
    return def[1].startsWith('solve_')
      ? `${def[1]}: a solver takes exactly one parameter, I ('def ${def[1]}(I):'), found '${clip(trimmed)}'`
      : `'${def[1]}' is not a solver (expected 'def solve_<task>(I):'); skipped with its body`;
  }
  return `expected 'def solve_<task>(I):', found '${clip(trimmed)}'`;
}

function stripComment(line: string): string {
  const at = line.indexOf('#');
  return at < 0 ? line : line.slice(0, at);
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
