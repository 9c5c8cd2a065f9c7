// What a search shows: a status line on a terminal while it runs, one line per
// round, then the summary; and the same as JSON.

import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { COMPACT } from '../report/run-report.js';
import { formatMs } from '../report/style.js';
import { displayPath } from '../commands/common.js';
import type { RoundSummary, SearchProgress, SearchResult } from './loop.js';
import { thousands } from '../format.js';

const int = (n: number) => thousands(Math.round(n));

export function formatLeft(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A one-line status on stderr, drawn only on a TTY (never in CI logs or pipes). */
export class StatusLine {
  private last = 0;
  private readonly enabled: boolean;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && !process.env.CI;
  }
  update(p: SearchProgress): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const left = p.leftMs !== undefined ? `, ${formatLeft(p.leftMs)} left` : '';
    const text = `${p.round === 0 ? 'library' : `round ${p.round}`} ${p.jobsDone}/${p.jobs} jobs; solved ${p.solved} / ${p.tasks}; ${p.candidatesPerSecond.toFixed(1)} candidates/s${left}`;
    this.stream.write(`\r${text}`.slice(0, (this.stream.columns ?? 100) - 1) + '\x1b[K');
  }
  clear(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}

export function roundLine(r: RoundSummary, tasks: number, out: ChalkInstance): string {
  const head = r.kind === 'library' ? out.bold('library') : out.bold(`round ${r.round}`);
  const made = r.kind === 'library' ? `${r.candidates} programs` : `${int(r.candidates)} candidates (${r.parents} parents; generated ${int(r.generated)}, rejected ${int(r.rejected)}, duplicates ${int(r.duplicates)})`;
  const fresh = r.newlySolved.length > 0 ? ` (+${r.newlySolved.length}: ${r.newlySolved.join(' ')})` : '';
  const cut = r.complete ? '' : ', cut short';
  return `${head}: ${made}, ${r.candidatesPerSecond} candidates/s, ${int(r.runsPerSecond)} runs/s; solved ${r.solved} / ${tasks}${fresh}; ${formatMs(r.wallMs)}${cut}`;
}

/** Solved count at each whole minute since the start (the curve). */
export function perMinute(curve: SearchResult['curve'], endMs: number): number[] {
  const out: number[] = [];
  for (let m = 1; m <= Math.floor(endMs / 60000); m++) {
    let v = 0;
    for (const p of curve) if (p.minutes <= m) v = p.solved;
    out.push(v);
  }
  return out;
}

export function summary(res: SearchResult, tasks: number, wallMs: number, out: ChalkInstance, colour: boolean): string[] {
  const lines: string[] = [];
  const table = new Table({
    head: ['round', 'candidates', 'candidates/s', 'runs/s', 'solved', 'new', 'ended at'],
    chars: COMPACT,
    style: { head: colour ? ['cyan'] : [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of res.rounds) {
    table.push([r.kind === 'library' ? 'library' : String(r.round + res.earlierRounds), int(r.candidates), String(r.candidatesPerSecond), int(r.runsPerSecond), String(r.solved), String(r.newlySolved.length), formatMs(r.endMs)]);
  }
  if (res.rounds.length > 0) lines.push(table.toString());
  const newly = res.newlySolved.length;
  lines.push(
    `${out.bold('solved')} ${res.solved.length} / ${tasks} (library ${res.librarySolved.length}, newly ${newly}); ` +
      `overfit ${res.overfit} program(s) fit every demo but miss a known test output`,
  );
  for (const n of res.newlySolved) lines.push(`newly solved ${out.green(n.id)} by ${n.md5} (${displayPath(n.file)})`);
  if (newly === 0) lines.push('newly solved (not solved by the library alone): none');
  const minutes = perMinute(res.curve, wallMs);
  if (minutes.length > 1) lines.push(`solved by minute: ${minutes.map((v, k) => `${k + 1}m ${v}`).join(', ')}`);
  const secs = res.searchMs / 1000;
  lines.push(
    `candidates ${int(res.candidates)} in ${formatMs(res.searchMs)} (${(res.candidates / Math.max(1e-3, secs)).toFixed(1)}/s); ` +
      `program-demo runs ${int(res.runs)} (${int(res.runs / Math.max(1e-3, secs))}/s)` +
      (res.resumed ? `; continued from ${res.earlierRounds} earlier round(s)` : ''),
  );
  return lines;
}

export function searchJson(res: SearchResult, extra: Record<string, unknown>): Record<string, unknown> {
  const secs = res.searchMs / 1000;
  const wallMs = Number(extra.wallMs ?? res.searchMs);
  return {
    solved: res.solved,
    librarySolved: res.librarySolved,
    newlySolved: res.newlySolved,
    overfit: res.overfit,
    rounds: res.rounds,
    curve: res.curve,
    perMinute: perMinute(res.curve, wallMs),
    candidates: res.candidates,
    candidatesPerSecond: Math.round((res.candidates / Math.max(1e-3, secs)) * 10) / 10,
    runs: res.runs,
    runsPerSecond: Math.round(res.runs / Math.max(1e-3, secs)),
    resumed: res.resumed,
    earlierRounds: res.earlierRounds,
    tasks: res.tasks,
    ...extra,
    ...(res.interrupted ? { incomplete: true } : {}),
  };
}
