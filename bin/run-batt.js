#!/usr/bin/env -S node --max-semi-space-size=21
// Entry point: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
// The semi-space flag gives the main thread the same 64 MB young generation as the pool's workers
// (sequential mode runs programs here; see src/exec/executor.ts).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv);
