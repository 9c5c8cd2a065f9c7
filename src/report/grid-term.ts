// ARC grids drawn in a terminal: each cell two columns wide, coloured by its
// background (24-bit colour where the terminal has it, the nearest of the
// 256 xterm colours otherwise), or as digits when colour is off (not a
// terminal, NO_COLOR). Blocks of grids are laid side by side.

import { supportsColor } from 'chalk';
import { ARC_PALETTE, rgbOf, xterm256 } from './html/palette.js';
import { useColour } from './style.js';

export type ColourMode = 'truecolor' | '256' | 'none';

/** How to draw: none when colour is off for the stream (not a TTY, NO_COLOR), else truecolor when the terminal has it, else 256 colours. */
export function colourMode(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): ColourMode {
  if (!useColour(stream)) return 'none';
  const ct = (env.COLORTERM ?? '').toLowerCase();
  if (ct === 'truecolor' || ct === '24bit') return 'truecolor';
  if (supportsColor && supportsColor.level >= 3) return 'truecolor';
  return '256';
}

const RESET = '\x1b[0m';
const BG_TRUE = ARC_PALETTE.map((hex) => {
  const [r, g, b] = rgbOf(hex);
  return `\x1b[48;2;${r};${g};${b}m`;
});
const BG_256 = ARC_PALETTE.map((hex) => `\x1b[48;5;${xterm256(rgbOf(hex))}m`);

/** The visible width of a line (escape sequences take no room; every other character one column). */
export const visibleWidth = (s: string): number => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;

/**
 * One line per grid row. With colour, a cell is two spaces on its colour
 * (a differing cell, when `expected` has the same shape, shows '><' on it);
 * without, its digit and a space ('x' after a differing cell's digit).
 */
export function gridLines(grid: readonly (readonly number[])[], mode: ColourMode, expected?: readonly (readonly number[])[]): string[] {
  const same = expected !== undefined && expected.length === grid.length && expected[0]?.length === grid[0]?.length;
  return grid.map((row, i) => {
    let line = '';
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      const differs = same && expected![i][j] !== v;
      if (mode === 'none') line += `${v}${differs ? 'x' : ' '}`;
      else line += `${(mode === 'truecolor' ? BG_TRUE : BG_256)[v] ?? ''}${differs ? '\x1b[97m><' : '  '}`;
    }
    return mode === 'none' ? line.trimEnd() : line + RESET;
  });
}

export interface Block {
  readonly title: string;
  readonly lines: readonly string[];
}

/** Blocks side by side, each padded to its width, titles on the first line. */
export function sideBySide(blocks: readonly Block[], gap = 3): string[] {
  const widths = blocks.map((b) => Math.max(visibleWidth(b.title), ...b.lines.map(visibleWidth)));
  const height = Math.max(0, ...blocks.map((b) => b.lines.length));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - visibleWidth(s)));
  const out: string[] = [];
  const join = (cells: string[]) => cells.join(' '.repeat(gap)).trimEnd();
  out.push(join(blocks.map((b, k) => pad(b.title, widths[k]))));
  for (let i = 0; i < height; i++) out.push(join(blocks.map((b, k) => pad(b.lines[i] ?? '', widths[k]))));
  return out;
}

export interface PairView {
  readonly label: string;
  readonly input: readonly (readonly number[])[];
  readonly output?: readonly (readonly number[])[];
  /** A program's result on this pair: its grid, or why there is none. */
  readonly result?: { readonly grid: readonly (readonly number[])[] | null; readonly error?: string };
}

const dims = (g: readonly (readonly number[])[]) => `${g.length}x${g[0]?.length ?? 0}`;

function sameGrid(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i].length && row.every((v, j) => v === b[i][j]));
}

function differing(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): string {
  let n = 0;
  a.forEach((row, i) => row.forEach((v, j) => (n += v !== b[i][j] ? 1 : 0)));
  return `${n} cell${n === 1 ? '' : 's'} differ`;
}

/** A pair's verdict: ✓ exact, ✗ otherwise, '?' when the expected output is unknown; undefined without a program. */
export function verdict(p: PairView): '✓' | '✗' | '?' | undefined {
  if (!p.result) return undefined;
  if (!p.output) return '?';
  return p.result.grid && sameGrid(p.result.grid, p.output) ? '✓' : '✗';
}

/** A task's pairs, one below the other; each pair's grids side by side (input, expected, the program's output). */
export function renderPairs(pairs: readonly PairView[], mode: ColourMode): string {
  const out: string[] = [];
  for (const p of pairs) {
    const blocks: Block[] = [{ title: `input ${dims(p.input)}`, lines: gridLines(p.input, mode) }];
    blocks.push(p.output ? { title: `expected ${dims(p.output)}`, lines: gridLines(p.output, mode) } : { title: 'expected', lines: ['unknown'] });
    if (p.result) {
      const g = p.result.grid;
      const v = verdict(p);
      const what = g ? (v === '✓' ? 'exact' : p.output ? (dims(g) !== dims(p.output) ? `shape ${dims(g)}` : differing(g, p.output)) : dims(g)) : (p.result.error ?? 'no grid');
      blocks.push({ title: `output ${v} ${what}`, lines: g ? gridLines(g, mode, p.output) : [] });
    }
    const v = verdict(p);
    out.push(`${p.label}${v ? `  ${v}` : ''}`);
    out.push(...sideBySide(blocks).map((l) => `  ${l}`));
    out.push('');
  }
  return out.join('\n');
}
