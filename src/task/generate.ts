// Generates the small ARC-format tasks shipped in tasks/. Each follows the
// rule of a real ARC-AGI-1 training task and carries its id, so the solver
// library in solvers/ also runs on the real task. The rules are written here
// in plain TypeScript, independently of the DSL, so the shipped solvers are
// checked against a second implementation. Deterministic: same seed, same files.
//
//   node dist/task/generate.js [folder]      (npm run gen:tasks)

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GridData } from './load.js';

type Rng = () => number;

/** mulberry32: a small, well-known 32-bit PRNG; enough for reproducible test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function randomGrid(r: Rng, h: number, w: number, colours: readonly number[]): GridData {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => pick(r, colours)));
}
const zeros = (h: number, w: number): GridData => Array.from({ length: h }, () => new Array<number>(w).fill(0));

// Grid transformations.
const vmirror = (g: GridData) => g.map((row) => [...row].reverse());
const hmirror = (g: GridData) => [...g].reverse().map((row) => [...row]);
const transpose = (g: GridData) => g[0].map((_, j) => g.map((row) => row[j]));
const rot180 = (g: GridData) => hmirror(vmirror(g));
const rot270 = (g: GridData) => hmirror(transpose(g));
const hconcat = (a: GridData, b: GridData) => a.map((row, i) => [...row, ...b[i]]);
const vconcat = (a: GridData, b: GridData) => [...a, ...b].map((row) => [...row]);
const upscale = (g: GridData, f: number) => g.flatMap((row) => Array.from({ length: f }, () => row.flatMap((v) => new Array<number>(f).fill(v))));
const recolour = (g: GridData, map: (v: number) => number) => g.map((row) => row.map(map));
function boundingBox(g: GridData): GridData {
  let i0 = Infinity, i1 = -1, j0 = Infinity, j1 = -1;
  g.forEach((row, i) => row.forEach((v, j) => {
    if (v !== 0) {
      i0 = Math.min(i0, i); i1 = Math.max(i1, i); j0 = Math.min(j0, j); j1 = Math.max(j1, j);
    }
  }));
  return g.slice(i0, i1 + 1).map((row) => row.slice(j0, j1 + 1));
}

/** A random 8-connected shape of `n` cells inside h x w, drawn as colour c on black. */
function randomShape(r: Rng, h: number, w: number, n: number, c: number, rowLimit = h): GridData {
  const g = zeros(h, w);
  let i = int(r, 0, rowLimit - 1), j = int(r, 0, w - 1);
  g[i][j] = c;
  for (let placed = 1; placed < n; ) {
    const ni = i + int(r, -1, 1), nj = j + int(r, -1, 1);
    if (ni < 0 || nj < 0 || ni >= rowLimit || nj >= w) continue;
    i = ni;
    j = nj;
    if (g[i][j] === 0) {
      g[i][j] = c;
      placed++;
    }
  }
  return g;
}

interface Generator {
  readonly id: string;
  readonly rule: string;
  readonly input: (r: Rng) => GridData;
  readonly output: (g: GridData) => GridData;
}

const colours = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const anyGrid = (lo: number, hi: number) => (r: Rng) => randomGrid(r, int(r, lo, hi), int(r, lo, hi), [0, ...colours.slice(0, int(r, 2, 8))]);

export const GENERATORS: readonly Generator[] = [
  {
    id: '007bbfb7',
    rule: 'each non-zero cell of the 3x3 input places a copy of the input in the matching block of a 9x9 output',
    input: (r) => {
      const c = pick(r, colours);
      for (;;) {
        const g = randomGrid(r, 3, 3, [0, c]);
        if (g.flat().some((v) => v !== 0) && g.flat().some((v) => v === 0)) return g;
      }
    },
    output: (g) => Array.from({ length: 9 }, (_, i) => Array.from({ length: 9 }, (_, j) => (g[Math.floor(i / 3)][Math.floor(j / 3)] !== 0 ? g[i % 3][j % 3] : 0))),
  },
  { id: '67a3c6ac', rule: 'mirror left-right', input: anyGrid(3, 7), output: vmirror },
  { id: '68b16354', rule: 'mirror top-bottom', input: anyGrid(3, 7), output: hmirror },
  { id: '74dd1130', rule: 'transpose', input: anyGrid(3, 5), output: transpose },
  { id: '3c9b0459', rule: 'rotate by a half turn', input: anyGrid(3, 5), output: rot180 },
  { id: 'ed36ccf7', rule: 'rotate a quarter turn anticlockwise', input: anyGrid(3, 5), output: rot270 },
  { id: 'a416b8f3', rule: 'the input twice side by side', input: anyGrid(3, 5), output: (g) => hconcat(g, g) },
  { id: '6d0aefbc', rule: 'the input beside its mirror image', input: anyGrid(3, 4), output: (g) => hconcat(g, vmirror(g)) },
  { id: '8be77c9e', rule: 'the input above its upside-down image', input: anyGrid(3, 4), output: (g) => vconcat(g, hmirror(g)) },
  { id: '4c4377d9', rule: 'the upside-down image above the input', input: anyGrid(3, 4), output: (g) => vconcat(hmirror(g), g) },
  {
    id: '3af2c5a8',
    rule: 'four mirror images in a 2x2 arrangement',
    input: anyGrid(2, 4),
    output: (g) => {
      const top = hconcat(g, vmirror(g));
      return vconcat(top, hmirror(top));
    },
  },
  { id: 'c8f0f002', rule: 'colour 7 becomes 5', input: (r) => randomGrid(r, int(r, 3, 5), int(r, 3, 6), [1, 7, 8]), output: (g) => recolour(g, (v) => (v === 7 ? 5 : v)) },
  { id: 'b1948b0a', rule: 'colour 6 becomes 2', input: (r) => randomGrid(r, int(r, 3, 6), int(r, 3, 6), [6, 7]), output: (g) => recolour(g, (v) => (v === 6 ? 2 : v)) },
  { id: 'd511f180', rule: 'swap colours 5 and 8', input: (r) => randomGrid(r, int(r, 3, 5), int(r, 3, 5), [5, 8, int(r, 1, 4), int(r, 6, 9)]), output: (g) => recolour(g, (v) => (v === 5 ? 8 : v === 8 ? 5 : v)) },
  { id: '9172f3a0', rule: 'upscale by 3', input: (r) => randomGrid(r, 3, 3, [0, 0, ...colours.slice(0, 4)]), output: (g) => upscale(g, 3) },
  { id: 'c59eb873', rule: 'upscale by 2', input: anyGrid(2, 4), output: (g) => upscale(g, 2) },
  {
    id: '5582e5ca',
    rule: 'fill with the most common colour',
    input: (r) => {
      const main = pick(r, colours);
      const others = colours.filter((c) => c !== main);
      const cells = [main, main, main, main, pick(r, others), pick(r, others), pick(r, others), pick(r, others), pick(r, others)];
      const counts = new Map<number, number>();
      for (const c of cells) counts.set(c, (counts.get(c) ?? 0) + 1);
      if ([...counts].some(([c, n]) => c !== main && n >= 4)) cells[4] = main;
      for (let k = cells.length - 1; k > 0; k--) {
        const s = int(r, 0, k);
        [cells[k], cells[s]] = [cells[s], cells[k]];
      }
      return [cells.slice(0, 3), cells.slice(3, 6), cells.slice(6, 9)];
    },
    output: (g) => {
      const counts = new Map<number, number>();
      for (const v of g.flat()) counts.set(v, (counts.get(v) ?? 0) + 1);
      const best = [...counts].sort((a, b) => b[1] - a[1])[0][0];
      return g.map((row) => row.map(() => best));
    },
  },
  { id: 'd10ecb37', rule: 'the top-left 2x2 corner', input: anyGrid(3, 8), output: (g) => g.slice(0, 2).map((row) => row.slice(0, 2)) },
  {
    id: '2dee498d',
    rule: 'the input is a tile repeated three times across; output the tile',
    input: (r) => {
      const tile = anyGrid(2, 4)(r);
      return hconcat(hconcat(tile, tile), tile);
    },
    output: (g) => g.map((row) => row.slice(0, row.length / 3)),
  },
  {
    id: '25ff71a9',
    rule: 'the single shape moves down one row',
    input: (r) => randomShape(r, 3, 3, int(r, 1, 3), pick(r, colours), 2),
    output: (g) => [new Array<number>(g[0].length).fill(0), ...g.slice(0, -1).map((row) => [...row])],
  },
  {
    id: '1cf80156',
    rule: 'crop to the single shape',
    input: (r) => randomShape(r, int(r, 8, 12), int(r, 8, 12), int(r, 3, 9), pick(r, colours)),
    output: boundingBox,
  },
  {
    id: '7468f01a',
    rule: 'crop to the two-coloured rectangle and mirror it left-right',
    input: (r) => {
      const h = int(r, 10, 14), w = int(r, 10, 14), rh = int(r, 2, 5), rw = int(r, 3, 6);
      const [a, b] = [pick(r, colours.slice(0, 4)), pick(r, colours.slice(4))];
      const g = zeros(h, w);
      const top = int(r, 0, h - rh), left = int(r, 0, w - rw);
      for (let i = 0; i < rh; i++) for (let j = 0; j < rw; j++) g[top + i][left + j] = r() < 0.3 ? b : a;
      return g;
    },
    output: (g) => vmirror(boundingBox(g)),
  },
];

export interface GeneratedTask {
  readonly id: string;
  readonly rule: string;
  readonly json: string;
}

/** Task JSON in the ARC layout, one pair per line for readable diffs. */
function taskJson(train: [GridData, GridData][], test: [GridData, GridData][]): string {
  const pair = ([i, o]: [GridData, GridData]) => `    {"input": ${JSON.stringify(i)}, "output": ${JSON.stringify(o)}}`;
  return `{\n  "train": [\n${train.map(pair).join(',\n')}\n  ],\n  "test": [\n${test.map(pair).join(',\n')}\n  ]\n}\n`;
}

export function generateTasks(seed = 20261122): GeneratedTask[] {
  return GENERATORS.map((g, k) => {
    const r = rng(seed + k * 7919);
    const pairs: [GridData, GridData][] = [];
    const seen = new Set<string>();
    while (pairs.length < 5) {
      const input = g.input(r);
      const key = JSON.stringify(input);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([input, g.output(input)]);
    }
    return { id: g.id, rule: g.rule, json: taskJson(pairs.slice(0, 4), pairs.slice(4)) };
  });
}

export function writeTasks(folder: string, seed?: number): GeneratedTask[] {
  mkdirSync(folder, { recursive: true });
  const tasks = generateTasks(seed);
  for (const t of tasks) writeFileSync(path.join(folder, `${t.id}.json`), t.json);
  return tasks;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const folder = process.argv[2] ?? 'tasks';
  const tasks = writeTasks(folder);
  for (const t of tasks) console.log(`${path.join(folder, t.id)}.json  ${t.rule}`);
}
