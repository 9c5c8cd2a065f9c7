// The file piscina loads in each worker thread. Piscina loads a worker with
// require() first; on Node 20.19+ that is require(esm), which aborts the
// whole process now and then ("FATAL ERROR: v8::Module::IsGraphAsync must
// be used on an instantiated module", about 1 run in 100 when two runs start
// at once; a race in Node's require(esm), see nodejs/node#55782 and #57126). So this
// entry is CommonJS, and loads the worker as the build's CommonJS bundle of it
// (require: no ES module involved) when that is fresh (src/entry.ts), else as
// dist/'s ES modules with import() only. src/entry.ts itself is required as
// the build bundled it (dist/bundle/entry.cjs) when that is not older than
// dist/entry.js, as bin/run-batt.js does: a worker then never starts Node's ES
// module loader.

import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Worker = typeof import('./worker.js');
type Entry = typeof import('../entry.js');

const here = pathToFileURL(__filename);
const entryBundle = fileURLToPath(new URL('../bundle/entry.cjs', here));
const entryFile = fileURLToPath(new URL('../entry.js', here));
const made = statSync(entryBundle, { throwIfNoEntry: false });
// (A copy that reordered the files' times is asked the build's record: src/made-from.cts.)
const fresh = made && (made.mtimeMs >= statSync(entryFile).mtimeMs || (require('../made-from.cjs') as typeof import('../made-from.cjs')).sameAsBuilt(entryBundle, entryFile));
const entryModule: Promise<Entry> = fresh ? Promise.resolve(require(entryBundle) as Entry) : import('../entry.js');

const loaded: Promise<Worker> = entryModule.then(({ startFrom }) => {
  const module = new URL('./worker.js', here);
  const entry = startFrom(module, new URL('../bundle/worker.cjs', here));
  // The bundle is CommonJS: required, no require(esm) involved.
  return entry === module ? import(module.href) : (require(fileURLToPath(entry)) as Worker);
});

module.exports = async function run(job: Parameters<Worker['default']>[0]): Promise<ReturnType<Worker['default']>> {
  return (await loaded).default(job);
};
