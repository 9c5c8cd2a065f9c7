// Which file a command or a worker starts from: the one-module bundle of a build
// (scripts/bundle.mjs: 60-70 ms less start-up per process) when it is there and
// not older than the modules it was made from, else dist/'s modules themselves
// (a build by tsc alone, a bundle left from an earlier build, or
// RUN_BATT_NO_BUNDLE=1). This module imports nothing of the package.

import { statSync } from 'node:fs';

/** `bundle` when it may stand for `module` (both file URLs), else `module`. */
export function startFrom(module: URL, bundle: URL): URL {
  if (process.env.RUN_BATT_NO_BUNDLE && process.env.RUN_BATT_NO_BUNDLE !== '0') return module;
  const made = statSync(bundle, { throwIfNoEntry: false });
  const from = statSync(module, { throwIfNoEntry: false });
  // npm pack gives every file one time: equal times are one build.
  return made && from && made.mtimeMs >= from.mtimeMs ? bundle : module;
}
