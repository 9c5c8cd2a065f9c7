// Whether a file the build made (a bundle, the CLI's code cache) still stands for the files it was
// made from. The first answer is the files' times: made after its sources (or with the same time,
// as npm pack gives every file) is current; that costs two stats and is what a build leaves. A copy
// can reorder the times, though: `cp -r` gives each file the time it was copied, and a bundle
// copied before dist/cli.js, or a code cache before its bundle, looked stale and was ignored (every
// command 20-25 ms slower without the cache, 50-55 ms without the bundles, with nothing said). So
// the build also writes what it made from what: dist/bundle/made-from.json, for each file it made,
// the SHA-1 of each of dist's files it was made from. When the times say stale, those are compared
// (a few ms, only then): the same bytes are the same build.
//
// CommonJS with no dependency but Node's: bin/run-batt.js and the pool's worker entry require it
// before anything of the package is loaded, and only when the times disagree (they compare the
// times of the entry's bundle themselves: requiring this file costs a start 1.3-1.7 ms).

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The build's record, beside the bundles: made file -> (source, relative to the record's folder) -> SHA-1. */
export const RECORD = 'made-from.json';

type BuildRecord = { [made: string]: { [source: string]: string } };

function sha1(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // Loaded here, not at the top: only a copied build comes this way, and loading the module costs a start 1 ms.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha1').update(bytes).digest('hex');
}

function readRecord(dir: string): BuildRecord {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, RECORD), 'utf8'));
    return record && typeof record === 'object' ? record : {};
  } catch {
    return {};
  }
}

/** `made` (in the record's folder) was made from exactly `from` as it is now, and from the rest of what the record lists for it. */
export function sameAsBuilt(made: string, from: string): boolean {
  const dir = path.dirname(made);
  const sources = readRecord(dir)[path.basename(made)];
  if (!sources || !Object.hasOwn(sources, path.relative(dir, from).split(path.sep).join('/'))) return false;
  return Object.entries(sources).every(([source, hash]) => sha1(path.join(dir, source)) === hash);
}

/**
 * `made` is there and stands for `from`: not older than it (npm pack gives every file one time:
 * equal times are one build), or (a copy that reordered the times) made from the same bytes.
 */
export function madeFrom(made: string, from: string): boolean {
  const a = statSync(made, { throwIfNoEntry: false });
  if (a === undefined) return false;
  const b = statSync(from, { throwIfNoEntry: false });
  return (b !== undefined && a.mtimeMs >= b.mtimeMs) || sameAsBuilt(made, from);
}

/** For the build: records that `made` was made from `sources` (their bytes as they are now); null forgets `made`. */
export function recordBuild(made: string, sources: readonly string[] | null): void {
  const dir = path.dirname(made);
  const record = readRecord(dir);
  if (sources === null) delete record[path.basename(made)];
  else {
    const hashes: { [source: string]: string } = {};
    for (const s of [...sources].sort()) {
      const hash = sha1(s);
      if (hash === undefined) throw new Error(`recordBuild: cannot read ${s}`);
      hashes[path.relative(dir, s).split(path.sep).join('/')] = hash;
    }
    record[path.basename(made)] = hashes;
  }
  writeFileSync(path.join(dir, RECORD), JSON.stringify(record, null, 1) + '\n');
}
