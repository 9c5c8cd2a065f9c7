// `prepare` / `prepack`: compiles src/ to dist/ (and bundles it) when TypeScript (a dev
// dependency) is there: `npm install` in a clone, `npm pack`. Where it is not
// (a clone or folder installed as somebody else's dependency, without our dev
// dependencies), it never fails the install: a package that ships dist/ (a
// packed tarball) needs nothing, and an unbuilt one says how to build it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** A dev dependency's file, or undefined where dev dependencies are not installed. */
const devDependency = (spec) => {
  try {
    return createRequire(path.join(root, 'package.json')).resolve(spec);
  } catch {
    return undefined;
  }
};
const tsc = devDependency('typescript/bin/tsc');
if (!existsSync(path.join(root, 'src', 'cli.ts')) || tsc === undefined) {
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    console.error(`run-batt: not built (TypeScript is not installed here): run 'npm install && npm run build' in ${root}`);
  }
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// Then the one-file bundles (scripts/bundle.mjs), when esbuild (a dev dependency) is there;
// without them the CLI starts from dist/'s modules, 60-70 ms slower.
if (devDependency('esbuild') === undefined) process.exit(0);
const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
process.exit(b.status ?? 1);
