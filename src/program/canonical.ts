// Canonical form of a program: every variable inlined into one nested
// expression, so the text depends neither on variable names nor on line order
// (and dead lines vanish). Its md5 is the program's identity. `expand` turns
// the expression back into a readable straight-line program in which every
// shared sub-expression is computed once.

import { createHash } from 'node:crypto';
import type { Program, Ref } from './ast.js';
import { refText } from './ast.js';

/** Inlined text is capped: a program whose expression tree is larger is rejected rather than hashed. */
export const MAX_CANONICAL_CHARS = 1 << 20;

export class CanonicalTooLarge extends Error {}

/** The nested expression, e.g. `fill(I, ZERO, ofcolor(upscale(I, THREE), ZERO))`. */
export function canonicalText(program: Program): string {
  const texts = new Map<string, string>();
  const text = (r: Ref): string => (r.kind === 'var' ? texts.get(r.name)! : refText(r));
  for (const a of program.body) {
    const t = `${text(a.callee)}(${a.args.map(text).join(', ')})`;
    if (t.length > MAX_CANONICAL_CHARS) {
      throw new CanonicalTooLarge(`${program.file}:${a.line}: inlined program exceeds ${MAX_CANONICAL_CHARS} characters`);
    }
    texts.set(a.target, t);
  }
  return texts.get(program.output)!;
}

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

export interface Canonical {
  readonly text: string;
  readonly md5: string;
}

export function canonical(program: Program): Canonical {
  const text = canonicalText(program);
  return { text, md5: md5(text) };
}

// ---------------------------------------------------------------------------
// Expansion

type Expr = { readonly leaf: string } | { readonly callee: Expr; readonly args: readonly Expr[]; readonly key: string };

/** Parses a canonical expression (names, calls, commas; nothing else). */
function parseExpr(text: string): Expr {
  let pos = 0;
  const name = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos, pos + 64));
    if (!m) throw new Error(`bad canonical text at ${pos}: ${text.slice(pos, pos + 20)}`);
    pos += m[0].length;
    return m[0];
  };
  const expr = (): Expr => {
    let e: Expr = { leaf: name() };
    while (text[pos] === '(') {
      const start = pos;
      pos++;
      const args: Expr[] = [];
      for (;;) {
        args.push(expr());
        if (text[pos] === ',') {
          pos += 2; // ", "
          continue;
        }
        if (text[pos] !== ')') throw new Error(`bad canonical text at ${pos}`);
        pos++;
        break;
      }
      e = { callee: e, args, key: `${start}` };
    }
    return e;
  };
  const e = expr();
  if (pos !== text.length) throw new Error(`trailing canonical text at ${pos}`);
  return e;
}

/**
 * A straight-line program computing `text`: one line per distinct call,
 * in first-use order, variables x1, x2, ... and O for the result.
 */
export function expand(text: string, taskId: string, comments: readonly string[] = []): string {
  const root = parseExpr(text);
  const lines: string[] = [];
  const varOf = new Map<string, string>(); // sub-expression text -> variable
  let counter = 0;
  const render = (e: Expr): string => ('leaf' in e ? e.leaf : `${render(e.callee)}(${e.args.map(render).join(', ')})`);
  const emit = (e: Expr, isRoot: boolean): string => {
    if ('leaf' in e) return e.leaf;
    const key = render(e);
    const known = varOf.get(key);
    if (known !== undefined) return known;
    const callee = emit(e.callee, false);
    const args = e.args.map((a) => emit(a, false));
    const v = isRoot ? 'O' : `x${++counter}`;
    lines.push(`    ${v} = ${callee}(${args.join(', ')})`);
    varOf.set(key, v);
    return v;
  };
  const out = emit(root, true);
  const header = comments.map((c) => `# ${c}`);
  return [...header, `def solve_${taskId}(I):`, ...lines, `    return ${out}`, ''].join('\n');
}
