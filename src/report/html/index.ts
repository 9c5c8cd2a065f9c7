// The HTML report: from a --json report (of run, search or check) to one
// self-contained page.

import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { viewFromReport } from './view.js';
import { renderHtml } from './page.js';

export { viewFromReport, reportKind, ReportShapeError, type ReportView } from './view.js';
export { renderHtml, escapeHtml } from './page.js';
export { taskExtras, taskGrids, topPrograms, encodeGrid, decodeGrid } from './grids.js';

/** The page for a report object as --json writes it. */
export function htmlFromReport(json: unknown, title?: string): string {
  return renderHtml(viewFromReport(json, title));
}

/**
 * Why `file` cannot be written (undefined when it can): checked before any
 * work starts, so a run does not end without its report.
 */
export function unwritable(file: string): string | undefined {
  if (file === '-') return undefined;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return `${file} is a directory`;
    const dir = path.dirname(path.resolve(file));
    const st = statSync(dir, { throwIfNoEntry: false });
    if (!st) return `the folder ${path.dirname(file)} does not exist`;
    if (!st.isDirectory()) return `${path.dirname(file)} is not a folder`;
    accessSync(statSync(file, { throwIfNoEntry: false }) ? file : dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return `${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.trim();
  }
}

export function writeHtml(file: string, json: unknown, title?: string): void {
  const html = htmlFromReport(json, title);
  if (file === '-') process.stdout.write(html);
  else writeFileSync(file, html);
}
