// Builds dist/ and its bundles once before the tests, as `npm run build` does (the
// CLI tests run bin/run-batt.js, which starts from dist/bundle/cli.cjs, and the
// worker pool loads dist/exec/worker-entry.cjs, which loads dist/bundle/worker.cjs), and gives the whole run one
// temporary root (TMPDIR, inherited by the test workers and every CLI they
// start), removed afterwards: no test leaves a folder behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

export default function setup(): () => void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', REPO_ROOT], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(tmpdir(), 'run-batt-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
