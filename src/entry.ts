// Which file a command or a worker starts from, and how: the one-file bundle of
// a build (scripts/bundle.mjs) when it is there and stands for the modules it
// was made from (not older than them, or made from their very bytes:
// src/made-from.cts), else dist/'s modules themselves (a build by tsc alone, a
// bundle left from an earlier build, or RUN_BATT_NO_BUNDLE=1). The CLI's
// bundle is compiled with the V8 code cache the build made for it after a
// warm-up run, so the functions that run first have their bytecode already.
// This module imports nothing of the package but src/made-from.cts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { madeFrom } from './made-from.cjs';

/** `bundle` when it may stand for `module` (both file URLs), else `module`. */
export function startFrom(module: URL, bundle: URL): URL {
  if (process.env.RUN_BATT_NO_BUNDLE && process.env.RUN_BATT_NO_BUNDLE !== '0') return module;
  return madeFrom(fileURLToPath(bundle), fileURLToPath(module)) ? bundle : module;
}

/** The code cache made for a bundle, beside it. */
export const cacheFile = (bundle: string): string => `${bundle}.cache`;

export interface LoadedBundle {
  /** What the bundle exports (module.exports). */
  readonly exports: Record<string, unknown>;
  readonly script: Script;
  /** The code cache was given and V8 took it (it refuses one made by another V8 or under other flags). */
  readonly cached: boolean;
}

/**
 * Runs a CommonJS bundle as require() would (the same wrapper, its own require), compiled with
 * `cache` (V8 code cache bytes) when given. A cache V8 refuses costs nothing: the source is
 * compiled as without one.
 */
export function loadBundle(file: string, cache?: Buffer): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cache ? { cachedData: cache } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cached: cache !== undefined && !script.cachedDataRejected };
}

/** The bundle's code cache, if the build made it from this bundle (V8 checks a cache against its source's length only). */
export function readCache(bundle: string): Buffer | undefined {
  if (!madeFrom(cacheFile(bundle), bundle)) return undefined;
  try {
    return readFileSync(cacheFile(bundle));
  } catch {
    return undefined;
  }
}
