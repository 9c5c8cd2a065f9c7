// Tables for people, drawn by cli-table3, long ones in pieces.
//
// cli-table3 lays a table out by checking every cell against every cell
// before it (its row and column spans), so its time grows with the square of
// the rows: `check`'s table of arc-dsl's 400 solvers took 45-65 ms to draw, a
// tenth of the whole command. A long table without lines between its rows is
// drawn as pieces of PIECE_ROWS rows with the whole table's column widths and
// joined at their borders: the same text, in linear time.

import Table from 'cli-table3';
import { stripVTControlCharacters } from 'node:util';

export type TableOptions = NonNullable<ConstructorParameters<typeof Table>[0]>;
export type Cell = string | number;

/** Border characters with no line between rows (the rows are separated by nothing). */
export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Rows per piece of a long table. */
export const PIECE_ROWS = 50;

/** `rows` under `options.head`, as cli-table3 draws them in one table. */
export function drawTable(options: TableOptions, rows: readonly (readonly Cell[])[]): string {
  if (rows.length <= PIECE_ROWS || options.chars?.mid !== '' || options.colWidths !== undefined) return whole(options, rows);
  const widths = columnWidths(options, rows);
  if (widths === undefined) return whole(options, rows);
  const out: string[] = [];
  for (let at = 0; at < rows.length; at += PIECE_ROWS) {
    const first = at === 0, last = at + PIECE_ROWS >= rows.length;
    const lines = whole({ ...options, head: first ? options.head : [], colWidths: widths }, rows.slice(at, at + PIECE_ROWS)).split('\n');
    // The top border belongs to the first piece, the bottom one to the last.
    out.push(...lines.slice(first ? 0 : 1, last ? lines.length : lines.length - 1));
  }
  return out.join('\n');
}

function whole(options: TableOptions, rows: readonly (readonly Cell[])[]): string {
  const table = new Table(options);
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/**
 * The widths cli-table3 gives the columns of the whole table, from a table of the rows that can be
 * widest: per column the row of its longest text, and every row holding a character outside
 * printable ASCII (whose width on a terminal is not its length). undefined if cli-table3 does not
 * report them.
 */
function columnWidths(options: TableOptions, rows: readonly (readonly Cell[])[]): number[] | undefined {
  const longest: number[] = [], at: number[] = [];
  const probe = new Set<number>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let k = 0; k < row.length; k++) {
      const text = stripVTControlCharacters(String(row[k]));
      if (longest[k] === undefined || text.length > longest[k]) {
        longest[k] = text.length;
        at[k] = r;
      }
      if (/[^\x20-\x7e]/.test(text)) probe.add(r);
    }
  }
  for (const r of at) probe.add(r);
  const table = new Table({ ...options, colWidths: [] });
  for (const r of [...probe].sort((a, b) => a - b)) table.push([...rows[r]]);
  table.toString();
  const widths = table.options.colWidths;
  return widths.length > 0 && widths.every((w) => typeof w === 'number') ? (widths as number[]) : undefined;
}
