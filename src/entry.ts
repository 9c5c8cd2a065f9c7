// Which file a command or a worker starts from, and how: the one-file bundle of
// a build (scripts/bundle.mjs) when it is there and not older than the modules
// it was made from, else dist/'s modules themselves (a build by tsc alone, a
// bundle left from an earlier build, or RUN_BATT_NO_BUNDLE=1). The CLI's
// bundle is compiled with the V8 code cache the build made for it after a
// warm-up run, so the functions that run first have their bytecode already.
// This module imports nothing of the package.

import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** Both files are there and `made` is not older than `from` (npm pack gives every file one time: equal times are one build). */
function notOlder(made: URL | string, from: URL | string): boolean {
  const a = statSync(made, { throwIfNoEntry: false });
  const b = statSync(from, { throwIfNoEntry: false });
  return a !== undefined && b !== undefined && a.mtimeMs >= b.mtimeMs;
}

/** `bundle` when it may stand for `module` (both file URLs), else `module`. */
export function startFrom(module: URL, bundle: URL): URL {
  if (process.env.RUN_BATT_NO_BUNDLE && process.env.RUN_BATT_NO_BUNDLE !== '0') return module;
  return notOlder(bundle, module) ? bundle : module;
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

/** The bundle's code cache, if the build made one after this bundle (V8 checks a cache against its source's length only). */
export function readCache(bundle: string): Buffer | undefined {
  if (!notOlder(cacheFile(bundle), bundle)) return undefined;
  try {
    return readFileSync(cacheFile(bundle));
  } catch {
    return undefined;
  }
}
