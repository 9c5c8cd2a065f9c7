// Locates ../shared beside the repository (override with RUN_BATT_SHARED).
// Tests that need it skip, saying so, when it is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = process.env.RUN_BATT_SHARED ?? path.resolve(REPO_ROOT, '..', 'shared');

/** Absolute path under ../shared, or undefined (with a notice) when it does not exist. */
export function sharedPath(...parts: string[]): string | undefined {
  const p = path.join(SHARED, ...parts);
  if (existsSync(p)) return p;
  console.warn(`[skip] ${p} not found: cases that need it are skipped`);
  return undefined;
}
