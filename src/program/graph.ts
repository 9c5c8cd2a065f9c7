// A battery merged into one program graph: every distinct call (same callee
// on the same arguments, after inlining variables) is one node, so identical
// sub-computations are done once per sample however many candidates share
// them, and identical programs end on the same node.
//
// The graph is plain data (it crosses to worker threads): node k is
// [callee, ...args], where a number is an earlier node and a string is a
// leaf: 'I', a primitive or a constant.

import { registry } from '../dsl/registry.js';
import { constants } from '../dsl/constants.js';
import { call, type DslFunction, type Value } from '../dsl/values.js';
import { BudgetError, withBudget } from '../dsl/budget.js';
import type { Program, Ref } from './ast.js';
import { refText } from './ast.js';

export type Operand = number | string;
export type GraphNode = readonly Operand[];

export interface WireGraph {
  readonly nodes: readonly GraphNode[];
  /** Output node of each candidate, in battery order. */
  readonly outputs: readonly number[];
}

export function buildGraph(programs: readonly Program[]): WireGraph {
  const nodes: GraphNode[] = [];
  const index = new Map<string, number>();
  const outputs = programs.map((p) => {
    const vars = new Map<string, Operand>();
    const operand = (r: Ref): Operand => (r.kind === 'var' ? vars.get(r.name)! : refText(r));
    for (const a of p.body) {
      const node: GraphNode = [operand(a.callee), ...a.args.map(operand)];
      const key = node.join(',');
      let k = index.get(key);
      if (k === undefined) {
        k = nodes.length;
        nodes.push(node);
        index.set(key, k);
      }
      vars.set(a.target, k);
    }
    return vars.get(p.output) as number;
  });
  return { nodes, outputs };
}

/** Node indices needed to compute `outputs`, ascending (a topological order). */
export function neededNodes(graph: WireGraph, outputs: readonly number[]): number[] {
  const need = new Uint8Array(graph.nodes.length);
  const stack = [...outputs];
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (need[k]) continue;
    need[k] = 1;
    for (const op of graph.nodes[k]) if (typeof op === 'number' && !need[op]) stack.push(op);
  }
  const out: number[] = [];
  for (let k = 0; k < need.length; k++) if (need[k]) out.push(k);
  return out;
}

/** How a node or a candidate ended on one sample. */
export const RunStatus = { Ok: 0, Error: 1, Timeout: 2, Memory: 3 } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export interface NodeFailure {
  readonly status: RunStatus;
  readonly error: string;
}

export function classify(e: unknown): NodeFailure {
  if (e instanceof BudgetError) return { status: e.kind === 'timeout' ? RunStatus.Timeout : RunStatus.Memory, error: e.name };
  if (e instanceof RangeError && /Invalid (array|typed array|string) length|allocation failed|Array buffer allocation/i.test(e.message)) {
    return { status: RunStatus.Memory, error: 'RangeError' };
  }
  const name = (e as Error)?.name ?? 'Error';
  return { status: RunStatus.Error, error: name };
}

const FAILED = Symbol('failed');
interface Failed {
  readonly [FAILED]: true;
  readonly failure: NodeFailure;
}
const isFailed = (v: unknown): v is Failed => typeof v === 'object' && v !== null && FAILED in v;

/**
 * Evaluates the nodes needed for `outputs` on one input. Each node runs under
 * its own time budget; a node that fails fails its dependents alone.
 * Returns, per output, its value or its failure.
 */
export function evaluateGraph(
  graph: WireGraph,
  outputs: readonly number[],
  input: Value,
  timeoutMs: number,
): (Value | NodeFailure)[] {
  const values: (Value | Failed)[] = new Array(graph.nodes.length);
  const leaf = (name: string): Value => (name === 'I' ? input : (registry.get(name)?.fn ?? constants[name]));
  for (const k of neededNodes(graph, outputs)) {
    const node = graph.nodes[k];
    let failed: Failed | undefined;
    const args: Value[] = new Array(node.length - 1);
    for (let a = 1; a < node.length; a++) {
      const op = node[a];
      const v = typeof op === 'number' ? values[op] : leaf(op);
      if (isFailed(v)) {
        failed = v;
        break;
      }
      args[a - 1] = v as Value;
    }
    const calleeOp = node[0];
    const callee = typeof calleeOp === 'number' ? values[calleeOp] : leaf(calleeOp);
    if (!failed && isFailed(callee)) failed = callee;
    if (failed) {
      values[k] = failed;
      continue;
    }
    try {
      values[k] = withBudget(timeoutMs, () => call(callee as DslFunction, ...args));
    } catch (e) {
      values[k] = { [FAILED]: true, failure: classify(e) };
    }
  }
  return outputs.map((k) => {
    const v = values[k];
    return isFailed(v) ? v.failure : (v as Value);
  });
}
