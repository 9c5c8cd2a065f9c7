// Runs the built CLI as a user would (dist/ is built by npm install / the global setup).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'run-batt.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end, with extra environment variables or a time limit (`timeoutMs` kills a run that hangs: then code is null). */
export function runCli(args: string[], cwd = REPO_ROOT, envOrTimeout: Record<string, string> | number = {}, timeoutMs = 50_000): CliResult {
  const env = typeof envOrTimeout === 'number' ? {} : envOrTimeout;
  const limit = typeof envOrTimeout === 'number' ? envOrTimeout : timeoutMs;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: limit, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI in the background (for signals). */
export function startCli(args: string[], cwd = REPO_ROOT) {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
}

/** A fresh temporary folder holding the given files. */
export function tempFolder(files: Record<string, string> = {}, prefix = 'run-batt-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A small tmpfs (root only), recorded in `mounts` for unmounting; undefined, with a notice, where mounting is not allowed. */
export function mountTmpfs(options: string, mounts: string[]): string | undefined {
  const dir = tempFolder({}, 'run-batt-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return dir;
  } catch {
    console.warn(`[skip] cannot mount a tmpfs here (${options}): that case is skipped`);
    return undefined;
  }
}
