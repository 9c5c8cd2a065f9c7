// `run-batt report REPORT.json -o FILE`: the HTML page of a saved --json
// report of run, search or check; and the page's writing for --html.

import { readFileSync } from 'node:fs';
import { reportKind, ReportShapeError, writeHtml } from '../report/html/index.js';
import { jsonErrorOffset } from '../task/load.js';
import { style } from '../report/style.js';
import { EXIT, InputError, fsFault } from '../errors.js';
import type { ReportOptions } from '../options.js';
import { checkReportFiles, displayPath } from './common.js';

/** Writes the page and says where on stderr. */
export function writeHtmlReport(file: string, json: unknown, title?: string): void {
  writeHtml(file, json, title);
  if (file !== '-') console.error(style(process.stderr).dim(`html: ${displayPath(file)}`));
}

export async function reportCommand(opts: ReportOptions): Promise<number> {
  await checkReportFiles(opts.outputs);
  const file = opts.input;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${fsFault(e)}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    throw new InputError(`malformed JSON at line ${line}: ${(e as Error).message}`, { file });
  }
  try {
    reportKind(json);
  } catch (e) {
    if (e instanceof ReportShapeError) throw new InputError(e.message, { file });
    throw e;
  }
  writeHtmlReport(opts.outputs.html!, json, opts.title);
  return EXIT.ok;
}
