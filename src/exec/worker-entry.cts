// The file piscina loads in each worker thread. Piscina loads a worker with
// require() first; on Node 20.19+ that is require(esm), which aborts the
// whole process now and then ("FATAL ERROR: v8::Module::IsGraphAsync must
// be used on an instantiated module", about 1 run in 100 when two runs start
// at once; a race in Node's require(esm), see nodejs/node#55782 and #57126). So this
// entry is CommonJS and loads the ESM worker with import() only.

type Worker = typeof import('./worker.js');

const loaded: Promise<Worker> = import('./worker.js');

module.exports = async function run(job: Parameters<Worker['default']>[0]): Promise<ReturnType<Worker['default']>> {
  return (await loaded).default(job);
};
