// A battery merged into one program graph: every distinct call (same callee
// on the same arguments, after inlining variables) is one node, so identical
// sub-computations are done once per sample however many candidates share
// them, and identical programs end on the same node.
//
// The graph is plain data (it crosses to worker threads): node k is
// [callee, ...args], where a number is an earlier node and a string is a
// leaf: 'I', a primitive or a constant.

import { registry } from '../dsl/registry.js';
import { constantTable } from '../dsl/constants.js';
import { constants } from '../dsl/constants.js';
import { call, type DslFunction, type Value } from '../dsl/values.js';
import { beginBudget, endBudget, tick } from '../dsl/budget.js';
import { statusOf, type Failure } from '../status.js';
import { createHash } from 'node:crypto';
import type { Program, Ref } from './ast.js';

/**
 * The graph as plain shared memory, so it crosses to workers without being
 * copied: node k occupies data[offsets[k] .. offsets[k+1]), callee first,
 * then its arguments. An operand >= 0 is an earlier node; a leaf is negative:
 * -1 the input I, -2 - p the p-th primitive of the registry, -2 - P - c the
 * c-th constant (P primitives).
 */
export interface WireGraph {
  /** Identifies the node list (workers compile a graph once per id). */
  readonly id: string;
  readonly size: number;
  readonly offsets: Int32Array;
  readonly data: Int32Array;
  /** Output node of each candidate, in battery order. */
  readonly outputs: Int32Array;
}

const PRIMS = [...registry.keys()];
const CONSTS = [...constantTable.keys()];
const PRIM_CODE = new Map(PRIMS.map((name, p) => [name, -2 - p]));
const CONST_CODE = new Map(CONSTS.map((name, c) => [name, -2 - PRIMS.length - c]));

function leafCode(r: Ref): number {
  if (r.kind === 'input') return -1;
  return (r.kind === 'prim' ? PRIM_CODE : CONST_CODE).get(r.name)!;
}

/** The value of a leaf code. */
function leafValue(code: number): Value {
  const p = -2 - code;
  return p < PRIMS.length ? registry.get(PRIMS[p])!.fn : constants[CONSTS[p - PRIMS.length]];
}

/** Int32Array on shared memory when available (zero-copy to workers). */
function sharedInts(values: readonly number[]): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(Math.max(4, values.length * 4)), 0, values.length);
  out.set(values);
  return out;
}

export function buildGraph(programs: readonly Program[]): WireGraph {
  const offsets: number[] = [0];
  const data: number[] = [];
  const index = new Map<string, number>();
  // Plain loops and one key string per line: this runs once per battery, mostly before V8 has
  // optimised it, where callbacks, spreads and for-of cost several times a loop (15 ms of a
  // 630-candidate run).
  const outputs: number[] = new Array(programs.length);
  const node: number[] = [];
  for (let c = 0; c < programs.length; c++) {
    const p = programs[c];
    const vars = new Map<string, number>();
    for (let l = 0; l < p.body.length; l++) {
      const a = p.body[l];
      node.length = 0;
      node.push(a.callee.kind === 'var' ? vars.get(a.callee.name)! : leafCode(a.callee));
      let key = String(node[0]);
      for (let m = 0; m < a.args.length; m++) {
        const r = a.args[m];
        const code = r.kind === 'var' ? vars.get(r.name)! : leafCode(r);
        node.push(code);
        key += ',' + code;
      }
      let k = index.get(key);
      if (k === undefined) {
        k = offsets.length - 1;
        for (let m = 0; m < node.length; m++) data.push(node[m]);
        offsets.push(data.length);
        index.set(key, k);
      }
      vars.set(a.target, k);
    }
    outputs[c] = vars.get(p.output)!;
  }
  const id = createHash('md5').update(Int32Array.from(data)).update(Int32Array.from(offsets)).digest('hex');
  return { id, size: offsets.length - 1, offsets: sharedInts(offsets), data: sharedInts(data), outputs: sharedInts(outputs) };
}

/** Node indices needed to compute `outputs`, ascending (a topological order). */
export function neededNodes(graph: WireGraph, outputs: readonly number[]): number[] {
  const need = new Uint8Array(graph.size);
  const stack = [...outputs];
  const { offsets, data } = graph;
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (need[k]) continue;
    need[k] = 1;
    for (let x = offsets[k]; x < offsets[k + 1]; x++) if (data[x] >= 0 && !need[data[x]]) stack.push(data[x]);
  }
  const out: number[] = [];
  for (let k = 0; k < need.length; k++) if (need[k]) out.push(k);
  return out;
}

/** How a node or a candidate failed on one sample (the one status vocabulary). */
export type NodeFailure = Failure;

/** A node with its leaves resolved: operand >= 0 is a node index, -1 the input, -2 a fixed value. */
interface CompiledNode {
  readonly callee: DslFunction | undefined; // a primitive, or undefined when the callee is a node
  readonly calleeNode: number;
  /** A plain array: the graph's thousands of nodes would each allocate a typed array outside V8's heap. */
  readonly ops: readonly number[];
  readonly fixed: Value[];
}

// Score jobs of one task all carry the same graph: compile it once per worker.
const compiledCache = new Map<string, CompiledNode[]>();

function compileGraph(graph: WireGraph): CompiledNode[] {
  const hit = compiledCache.get(graph.id);
  if (hit) return hit;
  const { offsets, data } = graph;
  const compiled: CompiledNode[] = new Array(graph.size);
  for (let k = 0; k < graph.size; k++) {
    const start = offsets[k], end = offsets[k + 1];
    const arity = end - start - 1;
    const ops: number[] = [];
    const fixed: Value[] = new Array(arity);
    for (let a = 0; a < arity; a++) {
      const op = data[start + 1 + a];
      if (op >= -1) ops.push(op);
      else {
        ops.push(-2);
        fixed[a] = leafValue(op);
      }
    }
    const c = data[start];
    compiled[k] = { callee: c < -1 ? (leafValue(c) as DslFunction) : undefined, calleeNode: c >= 0 ? c : -1, ops, fixed };
  }
  if (compiledCache.size >= 4) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(graph.id, compiled);
  return compiled;
}

/**
 * Evaluates the nodes needed for `outputs` on one input. Each node runs under
 * its own time budget; a node that fails fails its dependents alone.
 * Each output's value (or failure) is handed to `judge` as soon as it is
 * computed, and only the judgement is kept: a battery's outputs (a thousand
 * grids or sets per sample) then die young instead of living through the
 * whole sample into the old generation. Returns the judgements, in the order
 * of `outputs`. With `nodeMs`, each node's run time (ms) is written there (0
 * for nodes not run), for callers that attribute cost to the candidates
 * sharing the graph.
 */
export function evaluateGraph<R>(
  graph: WireGraph,
  outputs: readonly number[],
  input: Value,
  timeoutMs: number,
  judge: (v: Value | NodeFailure) => R,
  nodeMs?: Float64Array,
): R[] {
  const nodes = compileGraph(graph);
  // values[k] holds node k's value, or its failure where failed[k] is set.
  const values: (Value | NodeFailure)[] = new Array(graph.size);
  const failed = new Uint8Array(graph.size);
  const { order, lastUse, outputAt } = planOf(graph, nodes, outputs);
  const judged: R[] = new Array(outputs.length);
  for (let i = 0; i < order.length; i++) {
    const k = order[i];
    const node = nodes[k];
    const n = node.ops.length;
    const args: Value[] = new Array(n);
    let from = -1; // a failed operand: this node fails with it
    for (let a = 0; a < n; a++) {
      const op = node.ops[a];
      if (op >= 0) {
        if (failed[op] === 1) {
          from = op;
          break;
        }
        args[a] = values[op] as Value;
      } else args[a] = op === -1 ? input : node.fixed[a];
    }
    if (from < 0 && node.calleeNode >= 0 && failed[node.calleeNode] === 1) from = node.calleeNode;
    if (from >= 0) {
      values[k] = values[from];
      failed[k] = 1;
    } else {
      const started = nodeMs ? performance.now() : 0;
      const v = runNode(node.callee, node.callee === undefined ? (values[node.calleeNode] as Value) : undefined, args, timeoutMs);
      if (nodeMs) nodeMs[k] = performance.now() - started;
      if (v instanceof Thrown) {
        values[k] = v.failure;
        failed[k] = 1;
      } else values[k] = v;
    }
    if (outputAt[k] > 0) {
      judged[outputAt[k] - 1] = judge(values[k]);
      if (lastUse[k] < 0) values[k] = undefined as unknown as Value;
    }
    // Operands whose last use this was (a failed node's too: its other operands may be large).
    for (let a = 0; a < n; a++) {
      const op = node.ops[a];
      if (op >= 0 && lastUse[op] === k) values[op] = undefined as unknown as Value;
    }
    if (node.calleeNode >= 0 && lastUse[node.calleeNode] === k) values[node.calleeNode] = undefined as unknown as Value;
  }
  return judged;
}

/** The nodes to run for some outputs, in order, with each one's last use and place among the outputs. */
interface Plan {
  readonly order: readonly number[];
  /** lastUse[k]: the last node (in order) that takes node k's value, -1 for none. */
  readonly lastUse: Int32Array;
  /** outputAt[k]: k's position in the outputs plus one (0 when k is no output). */
  readonly outputAt: Int32Array;
}

// The samples of a score job, and a search job's tasks, evaluate the same outputs of one graph:
// their plan is made once (a battery's graph has thousands of nodes, walked three times a plan:
// 0.3-0.8 ms each for the six samples of a 630-candidate battery, 5,080 nodes).
const plans = new Map<string, Plan>();

function planOf(graph: WireGraph, nodes: readonly CompiledNode[], outputs: readonly number[]): Plan {
  const key = `${graph.id}:${outputs.join(',')}`;
  const hit = plans.get(key);
  if (hit) return hit;
  const order = neededNodes(graph, outputs);
  // Each intermediate value is dropped after its last use, so grids die young
  // (cheap scavenges) instead of living through the whole sample.
  const lastUse = new Int32Array(graph.size).fill(-1);
  for (let o = 0; o < order.length; o++) {
    const k = order[o];
    const node = nodes[k];
    for (let a = 0; a < node.ops.length; a++) if (node.ops[a] >= 0) lastUse[node.ops[a]] = k;
    if (node.calleeNode >= 0) lastUse[node.calleeNode] = k;
  }
  const outputAt = new Int32Array(graph.size);
  for (let j = 0; j < outputs.length; j++) outputAt[outputs[j]] = j + 1;
  const plan = { order, lastUse, outputAt };
  if (plans.size >= 8) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

/** runNode's answer when the node threw. */
class Thrown {
  constructor(readonly failure: NodeFailure) {}
}

/**
 * One node under its own time budget: a small function of its own, so the
 * evaluation loop above stays small and stable for the optimiser (the
 * try/catch and the megamorphic call live here). Primitives are called with
 * their arguments directly (no spread) for the usual arities.
 */
function runNode(prim: DslFunction | undefined, calleeValue: Value | undefined, args: Value[], timeoutMs: number): Value | Thrown {
  const saved = beginBudget(timeoutMs);
  try {
    if (prim === undefined) return call(calleeValue as Value, ...args);
    let v: Value;
    switch (args.length) {
      case 1:
        v = prim(args[0]);
        break;
      case 2:
        v = prim(args[0], args[1]);
        break;
      case 3:
        v = prim(args[0], args[1], args[2]);
        break;
      case 0:
        v = prim();
        break;
      default:
        v = prim(...args);
    }
    tick();
    return v;
  } catch (e) {
    return new Thrown(statusOf(e));
  } finally {
    endBudget(saved);
  }
}
