// Long tables drawn in pieces (src/report/table.ts) read exactly as cli-table3's one table.
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { COMPACT, PIECE_ROWS, drawTable, type Cell, type TableOptions } from '../../src/report/table.js';

function oneTable(options: TableOptions, rows: readonly (readonly Cell[])[]): string {
  const table = new Table(options);
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** A small generator whose low bits do not repeat early (Math.imul, not a double multiply). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['007bbfb7', 'yes', 'no', '4 / 4', '12 / 13', '0.81 ms', '1.52 s', '', 'ValueError: max() arg is an empty sequence', 'µs', 'Zürich', '漢字', 'a\nb'];

function rowsOf(n: number, cols: number, r: () => number, c: InstanceType<typeof Chalk>): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const row: Cell[] = [];
    for (let k = 0; k < cols; k++) {
      const w = WORDS[Math.floor(r() * WORDS.length)];
      const pick = r();
      row.push(pick < 0.15 ? Math.floor(r() * 100000) : pick < 0.3 ? c.green(w) : pick < 0.4 ? c.dim(w) : w + 'x'.repeat(Math.floor(r() * 3)));
    }
    rows.push(row);
  }
  return rows;
}

describe('drawTable', () => {
  const colours = [new Chalk({ level: 0 }), new Chalk({ level: 1 })];
  for (const [name, c] of colours.map((c) => [`colour level ${c.level}`, c] as const)) {
    it(`draws long compact tables in pieces exactly as one table (${name})`, () => {
      const r = lcg(7 + c.level);
      for (const n of [PIECE_ROWS + 1, 2 * PIECE_ROWS, 2 * PIECE_ROWS + 1, 437]) {
        const options: TableOptions = {
          head: ['task', 'solved', 'pairs ok', 'time', 'reason'],
          style: { head: c.level > 0 ? ['cyan'] : [], border: c.level > 0 ? ['grey'] : [] },
          colAligns: ['left', 'center', 'right', 'right', 'left'],
          chars: COMPACT,
        };
        const rows = rowsOf(n, 5, r, c);
        const drawn = drawTable(options, rows);
        expect(drawn).toBe(oneTable(options, rows));
        expect(drawn.split('\n')).toHaveLength(n + 3 + rows.filter((row) => row.some((x) => String(x).includes('\n'))).length);
      }
    });
  }

  it('takes the width of a column from its widest cell wherever it is, and from the head', () => {
    const rows: Cell[][] = Array.from({ length: 3 * PIECE_ROWS }, (_, i) => [`t${i}`, i === 2 * PIECE_ROWS + 7 ? 'the one long reason in the table' : 'ok']);
    const options: TableOptions = { head: ['a task column head', 'reason'], chars: COMPACT, style: { head: [], border: [] } };
    expect(drawTable(options, rows)).toBe(oneTable(options, rows));
  });

  it('draws short tables and tables with lines between rows as one table', () => {
    const rows: Cell[][] = Array.from({ length: 2 * PIECE_ROWS }, (_, i) => [String(i), 'x'.repeat(i % 7)]);
    const options: TableOptions = { head: ['n', 'x'], style: { head: [], border: [] } };
    expect(drawTable(options, rows)).toBe(oneTable(options, rows));
    expect(drawTable({ ...options, chars: COMPACT }, rows.slice(0, 3))).toBe(oneTable({ ...options, chars: COMPACT }, rows.slice(0, 3)));
  });
});
