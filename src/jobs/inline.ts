// Job "inline": canonical form, md5 and the
// expanded readable program of each survivor.

import { parseSolvers } from '../program/parse.js';
import { canonical, expand, expressionText } from '../program/canonical.js';

export interface InlineJob {
  readonly kind: 'inline';
  /** Straight-line program texts, one solve_<task> function each. */
  readonly programs: readonly string[];
}

export interface Inlined {
  readonly md5: string;
  /** The nested expression, for people (clipped at 2,000 characters). */
  readonly canonical: string;
  readonly expanded: string;
}

export interface InlineResult {
  readonly programs: Inlined[];
  readonly taskMs: number;
}

export function inlineBatch(job: InlineJob): InlineResult {
  const t0 = performance.now();
  const programs = job.programs.map((text) => {
    const parsed = parseSolvers(text, '<battery>');
    if (parsed.programs.length !== 1) throw new Error(`inline: expected one program, got ${parsed.errors[0]?.message ?? 'none'}`);
    const p = parsed.programs[0];
    const c = canonical(p);
    return { md5: c.md5, canonical: expressionText(p), expanded: expand(c.text, p.taskId) };
  });
  return { programs, taskMs: performance.now() - t0 };
}
