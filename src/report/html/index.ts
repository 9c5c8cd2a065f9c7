// The HTML report: from a --json report (of run, search or check) to one
// self-contained page.

import { writeFileSync } from 'node:fs';
import { viewFromReport } from './view.js';
import { renderHtml } from './page.js';

export { viewFromReport, reportKind, ReportShapeError, type ReportView } from './view.js';
export { renderHtml, escapeHtml } from './page.js';
export { taskExtras, taskGrids, topPrograms, encodeGrid, decodeGrid } from './grids.js';

/** The page for a report object as --json writes it. */
export function htmlFromReport(json: unknown, title?: string): string {
  return renderHtml(viewFromReport(json, title));
}

export function writeHtml(file: string, json: unknown, title?: string): void {
  const html = htmlFromReport(json, title);
  if (file === '-') process.stdout.write(html);
  else writeFileSync(file, html);
}

