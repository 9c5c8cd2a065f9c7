// What a search keeps between runs in its --out folder, beside the store and
// the validation cache, so a second run with the same folder continues:
//
//   search/seen.txt     md5 of every candidate fully tried (one a line, appended); never run again
//   search/state.json   the library baseline, measured costs, rounds done, near-misses per task

import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProgram, type Program } from '../program/ast.js';
import { parseSolvers } from '../program/parse.js';

export interface NearMiss {
  readonly program: Program;
  readonly md5: string;
  /** Demo score: 1000 per exact demo before the first wrong one, plus its credit. */
  readonly score: number;
  readonly costMs: number;
  readonly source: string;
}

export interface SavedState {
  readonly version: 1;
  /** Identifies the library and the task selection the baseline belongs to. */
  readonly libraryKey: string;
  readonly librarySolved: string[];
  /** Mean ms per task of each library program (by md5), measured in the library round. */
  readonly libraryCost: Record<string, number>;
  /** Mutation rounds done in earlier runs. */
  readonly rounds: number;
  readonly nearMisses: Record<string, { md5: string; score: number; costMs: number; source: string; text: string }[]>;
  /** Task -> the (md5s of) programs that fit every demo but missed a known test output. */
  readonly overfit: Record<string, string[]>;
}

export const stateDir = (out: string) => path.join(out, 'search');

export async function loadSeen(out: string): Promise<Set<string>> {
  const text = await readFile(path.join(stateDir(out), 'seen.txt'), 'utf8').catch(() => '');
  return new Set(text.split('\n').filter((l) => /^[0-9a-f]{32}$/.test(l)));
}

export async function appendSeen(out: string, md5s: readonly string[]): Promise<void> {
  if (md5s.length === 0) return;
  await mkdir(stateDir(out), { recursive: true });
  await appendFile(path.join(stateDir(out), 'seen.txt'), md5s.join('\n') + '\n');
}

export async function loadState(out: string): Promise<SavedState | undefined> {
  const text = await readFile(path.join(stateDir(out), 'state.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as SavedState;
    return s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

export async function saveState(out: string, state: SavedState): Promise<void> {
  await mkdir(stateDir(out), { recursive: true });
  const file = path.join(stateDir(out), 'state.json');
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, file);
}

export function nearMissesToJson(misses: readonly NearMiss[]): SavedState['nearMisses'][string] {
  return misses.map((m) => ({ md5: m.md5, score: m.score, costMs: m.costMs, source: m.source, text: formatProgram(m.program, m.program.name) }));
}

export function nearMissesFromJson(saved: SavedState['nearMisses'][string] | undefined): NearMiss[] {
  const out: NearMiss[] = [];
  for (const m of saved ?? []) {
    const program = parseSolvers(m.text, 'search/state.json').programs[0];
    if (program) out.push({ program, md5: m.md5, score: m.score, costMs: m.costMs, source: m.source });
  }
  return out;
}
