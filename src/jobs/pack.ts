// The demos of every selected task packed into shared memory, so a search job
// carries all of them to a worker without copying: a worker decodes a pack
// once (by id) and keeps it for the following jobs.

import { createHash } from 'node:crypto';
import type { Task } from '../task/load.js';
import { fromWire, type WireGrid } from '../task/grid.js';
import type { Value } from '../dsl/values.js';

export interface TaskPack {
  /** Identifies the contents (workers decode a pack once per id). */
  readonly id: string;
  readonly tasks: number;
  /** Demos of task t are demo indices demoStart[t] .. demoStart[t+1]. */
  readonly demoStart: Int32Array;
  /** Per demo: input h, w, offset, then output h, w, offset (into cells). */
  readonly dims: Int32Array;
  readonly cells: Uint8Array;
}

function shared<T extends Int32Array | Uint8Array>(make: (b: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(Math.max(8, bytes)));
}

/** Packs the demos (train pairs) of `tasks`, in order. Test pairs stay out: the search never sees them. */
export function packTasks(tasks: readonly Task[]): TaskPack {
  const grids: number[][][] = [];
  const starts = [0];
  for (const t of tasks) {
    for (const ex of t.train) grids.push(ex.input, ex.output!);
    starts.push(starts[starts.length - 1] + t.train.length);
  }
  const total = grids.reduce((s, g) => s + g.length * g[0].length, 0);
  const cells = shared((b) => new Uint8Array(b, 0, total), total);
  const dims = shared((b) => new Int32Array(b, 0, grids.length * 3), grids.length * 12);
  let off = 0;
  grids.forEach((g, k) => {
    const h = g.length, w = g[0].length;
    for (let i = 0; i < h; i++) cells.set(g[i], off + i * w);
    dims.set([h, w, off], k * 3);
    off += h * w;
  });
  const demoStart = shared((b) => new Int32Array(b, 0, starts.length), starts.length * 4);
  demoStart.set(starts);
  const id = createHash('md5').update(tasks.map((t) => t.id).join(',')).update(cells).update(dims).digest('hex');
  return { id, tasks: tasks.length, demoStart, dims, cells };
}

export interface Demo {
  readonly input: Value;
  readonly output: WireGrid;
}

const decoded = new Map<string, Demo[][]>();

/** The pack's demos per task, decoded once per worker (the last two packs are kept). */
export function demosOf(pack: TaskPack): Demo[][] {
  const hit = decoded.get(pack.id);
  if (hit) return hit;
  const grid = (k: number): WireGrid => {
    const [h, w, off] = pack.dims.subarray(k * 3, k * 3 + 3);
    return { h, w, cells: pack.cells.subarray(off, off + h * w) };
  };
  const out: Demo[][] = [];
  for (let t = 0; t < pack.tasks; t++) {
    const demos: Demo[] = [];
    for (let d = pack.demoStart[t]; d < pack.demoStart[t + 1]; d++) demos.push({ input: fromWire(grid(2 * d)), output: grid(2 * d + 1) });
    out.push(demos);
  }
  if (decoded.size >= 2) decoded.delete(decoded.keys().next().value!);
  decoded.set(pack.id, out);
  return out;
}

/** The same pack in shared memory (a pack decoded from the queue arrives in ordinary buffers). */
export function sharePack(pack: TaskPack): TaskPack {
  const ints = (a: Int32Array) => {
    const out = shared((b) => new Int32Array(b, 0, a.length), a.byteLength);
    out.set(a);
    return out;
  };
  const cells = shared((b) => new Uint8Array(b, 0, pack.cells.length), pack.cells.byteLength);
  cells.set(pack.cells);
  return { id: pack.id, tasks: pack.tasks, demoStart: ints(pack.demoStart), dims: ints(pack.dims), cells };
}
