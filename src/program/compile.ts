// Compiles a parsed program to a closure over the registry: each line the
// result depends on becomes a step reading its arguments from a slot array
// (dead lines are dropped). No program text is ever evaluated as JavaScript.

import { registry } from '../dsl/registry.js';
import { constants } from '../dsl/constants.js';
import { call, type DslFunction, type Value } from '../dsl/values.js';
import { tick, work } from '../dsl/budget.js';
import type { Program, Ref } from './ast.js';

export type Solver = (input: Value) => Value;

/** The budget's units a program line is charged (the clock is read every 128 units: every 8 lines at least). */
export const LINE_WORK = 16;

// An operand is a slot index (>= 0; slot 0 is I) or a fixed value.
interface Step {
  readonly fn: DslFunction | undefined; // primitive callee, arity checked at parse
  readonly calleeSlot: number; // variable callee when fn is undefined
  readonly slots: readonly number[]; // -1 where the argument is fixed (a plain array: a typed array is allocated outside V8's heap, microseconds each)
  readonly fixed: Value[];
  readonly target: number;
}

export function compile(program: Program): Solver {
  const slotOf = new Map<string, number>();
  let nextSlot = 1;
  // Only the lines the result depends on run (as in `run`, whose program graph and canonical
  // form drop dead lines): a dead line that throws or loops cannot fail the program.
  // (Plain loops: this runs once per program, interpreted; a check of 400 programs spent 15 ms
  // in the destructuring and callbacks it had.)
  const live = liveLines(program);
  const steps: Step[] = [];
  for (let k = 0; k < program.body.length; k++) {
    if (!live[k]) continue;
    const a = program.body[k];
    const fn = a.callee.kind === 'prim' ? registry.get(a.callee.name)!.fn : undefined;
    const calleeSlot = a.callee.kind === 'var' ? slotOf.get(a.callee.name)! : -1;
    const slots: number[] = [];
    const fixed: Value[] = [];
    for (let m = 0; m < a.args.length; m++) {
      const r = a.args[m];
      slots.push(slotOfRef(r, slotOf));
      fixed.push(r.kind === 'prim' ? registry.get(r.name)!.fn : r.kind === 'const' ? constants[r.name] : null);
    }
    steps.push({ fn, calleeSlot, slots, fixed, target: nextSlot });
    slotOf.set(a.target, nextSlot++);
  }
  const outputSlot = slotOf.get(program.output)!;
  const size = nextSlot;

  return (input: Value): Value => {
    const env: Value[] = new Array(size);
    env[0] = input;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      const fn = step.fn;
      const n = step.slots.length;
      if (fn !== undefined && n <= 3) {
        // The usual case: a primitive of 1-3 arguments, called directly (no argument array, no spread).
        tick();
        const a0 = n > 0 ? operandOf(step, 0, env) : null;
        const a1 = n > 1 ? operandOf(step, 1, env) : null;
        env[step.target] = n === 1 ? fn(a0) : n === 2 ? fn(a0, a1) : n === 3 ? fn(a0, a1, operandOf(step, 2, env)) : fn();
      } else {
        const args: Value[] = new Array(n);
        for (let k = 0; k < n; k++) args[k] = operandOf(step, k, env);
        if (fn !== undefined) {
          tick();
          env[step.target] = fn(...args);
        } else {
          env[step.target] = call(env[step.calleeSlot], ...args);
        }
      }
      // A line counts as LINE_WORK units of work, so the clock is read at least every 8 lines
      // (sooner where primitives charge work of their own): a clock read after every line was a
      // third of a two-line program's time per pair (about 50 ns each, of 150 ns).
      work(LINE_WORK);
    }
    return env[outputSlot];
  };
}

/** An operand's slot: 0 for I, a variable's slot, -1 for a fixed value (a primitive or a constant). */
function slotOfRef(r: Ref, slotOf: Map<string, number>): number {
  return r.kind === 'input' ? 0 : r.kind === 'var' ? slotOf.get(r.name)! : -1;
}

/** A step's k-th argument: a slot's value, or a fixed one. */
function operandOf(step: Step, k: number, env: Value[]): Value {
  const slot = step.slots[k];
  return slot >= 0 ? env[slot] : step.fixed[k];
}

/** Per body line, whether the returned variable depends on it (one backward pass). */
export function liveLines(program: Program): boolean[] {
  // Plain loops (no spread, no for-of): run once per program, mostly interpreted (7 ms of a cold check's 400 programs before).
  const needed = new Set<string>();
  needed.add(program.output);
  const live = new Array<boolean>(program.body.length).fill(false);
  for (let k = program.body.length - 1; k >= 0; k--) {
    const a = program.body[k];
    if (!needed.has(a.target)) continue;
    live[k] = true;
    if (a.callee.kind === 'var') needed.add(a.callee.name);
    for (let m = 0; m < a.args.length; m++) {
      const r = a.args[m];
      if (r.kind === 'var') needed.add(r.name);
    }
  }
  return live;
}

/** Compiles each program identity once (key: its md5 or canonical text) and reuses the closure; bounded. */
export class SolverCache {
  private readonly cache = new Map<string, Solver | undefined>();

  constructor(private readonly capacity = 4096) {}

  /** The compiled program for `key`; `program` is asked for (once) only on a miss. */
  get(key: string, program: () => Program | undefined): Solver | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const p = program();
    const solver = p && compile(p);
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, solver);
    return solver;
  }

  get size(): number {
    return this.cache.size;
  }
}
