// Canonical form of a program, computed on its expression graph (a DAG).
//
// Every line is a call; identical calls on identical arguments are one node
// (hash-consing), so a sub-expression used twice is one node, not two copies.
// The canonical text names each node reachable from the result once, in a
// fixed order (depth-first from the result, callee before arguments, left to
// right, each node after everything it uses), as `x1`, `x2`, ... and `O` for
// the result:
//
//   x1 = hconcat(I, I)
//   x2 = hconcat(x1, I)
//   O = vconcat(x2, x2)
//
// It depends neither on variable names nor on line order, and dead lines
// vanish; two programs get the same text exactly when inlining every
// variable would give the same nested expression. Its md5 is the program's
// identity. Size and time are linear in the program (a chain of lines each
// using the previous one twice stays as long as the program, where the
// inlined expression would double with every line), and nothing recurses, so
// no program can overflow the stack here.

import { createHash } from 'node:crypto';
import type { Program, Ref } from './ast.js';
import { refText } from './ast.js';

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

export interface Canonical {
  /** The straight-line body described above, lines joined by `\n`. */
  readonly text: string;
  readonly md5: string;
}

/** A node operand: a leaf name (`I`, a primitive, a constant) or an earlier node's index. */
type Operand = string | number;

interface Dag {
  /** Node k: [callee, ...args]. Operands that are numbers are earlier nodes. */
  readonly nodes: readonly (readonly Operand[])[];
  readonly root: number;
}

/** The program's expression graph with identical calls merged (every line, dead ones too). */
function programDag(program: Program): Dag {
  const nodes: Operand[][] = [];
  const index = new Map<string, number>();
  const vars = new Map<string, number>();
  const operand = (r: Ref): Operand => (r.kind === 'var' ? vars.get(r.name)! : refText(r));
  for (const a of program.body) {
    const node = [operand(a.callee), ...a.args.map(operand)];
    // Leaf names are identifiers and node indices digits: the two never look alike.
    const key = node.join(',');
    let k = index.get(key);
    if (k === undefined) {
      k = nodes.length;
      nodes.push(node);
      index.set(key, k);
    }
    vars.set(a.target, k);
  }
  return { nodes, root: vars.get(program.output)! };
}

/** Reachable nodes in canonical order (post-order from the root, callee then arguments, left to right), iteratively. */
function canonicalOrder(dag: Dag): number[] {
  const order: number[] = [];
  const state = new Uint8Array(dag.nodes.length); // 0 unseen, 1 on the stack, 2 done
  // Stack of [node, next operand position].
  const stack: [number, number][] = [[dag.root, 0]];
  state[dag.root] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = dag.nodes[top[0]];
    let pushed = false;
    while (top[1] < node.length) {
      const o = node[top[1]++];
      if (typeof o === 'number' && state[o] === 0) {
        state[o] = 1;
        stack.push([o, 0]);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      state[top[0]] = 2;
      order.push(top[0]);
    }
  }
  return order;
}

export function canonical(program: Program): Canonical {
  const dag = programDag(program);
  const order = canonicalOrder(dag);
  const name = new Map<number, string>();
  const lines: string[] = new Array(order.length);
  order.forEach((k, n) => {
    const v = k === dag.root ? 'O' : `x${n + 1}`;
    const [callee, ...args] = dag.nodes[k].map((o) => (typeof o === 'number' ? name.get(o)! : o));
    lines[n] = `${v} = ${callee}(${args.join(', ')})`;
    name.set(k, v);
  });
  const text = lines.join('\n');
  return { text, md5: md5(text) };
}

/** The readable straight-line program of a canonical text: `def solve_<task>(I):`, its lines, `return O`. */
export function expand(text: string, taskId: string, comments: readonly string[] = []): string {
  const header = comments.map((c) => `# ${c}`);
  const body = text.split('\n').map((line) => `    ${line}`);
  return [...header, `def solve_${taskId}(I):`, ...body, '    return O', ''].join('\n');
}

/**
 * The program as one nested expression with every variable inlined, e.g.
 * `fill(I, ZERO, ofcolor(upscale(I, THREE), ZERO))`, for people to read; it
 * can be exponentially long, so it stops at `maxChars` (ending in `...`).
 * Work is bounded by `maxChars` plus the program's size.
 */
export function expressionText(program: Program, maxChars = 2000): string {
  const dag = programDag(program);
  const limit = Math.max(3, maxChars);
  // Work stack: a string to write, or a node to open.
  const stack: Operand[] = [dag.root];
  const out: string[] = [];
  let length = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'number') {
      const [callee, ...args] = dag.nodes[item];
      stack.push(')');
      for (let a = args.length - 1; a >= 0; a--) {
        stack.push(args[a]);
        if (a > 0) stack.push(', ');
      }
      stack.push('(', callee);
      continue;
    }
    out.push(item);
    length += item.length;
    if (length > limit) return out.join('').slice(0, limit - 3) + '...';
  }
  return out.join('');
}
