// Builds dist/ once before the tests: the CLI tests run bin/run-batt.js and
// the worker pool loads dist/exec/worker.js.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

export default function setup(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', REPO_ROOT], { stdio: 'inherit' });
}
