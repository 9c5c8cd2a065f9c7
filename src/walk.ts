// Walks a folder for files, following symbolic links but never in circles:
// a folder is entered once (by its real path), so a link back to an
// ancestor, or a second link to a folder already walked, is skipped, the
// loop with one warning. Each file is listed once per folder it is in.

import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface WalkOptions {
  /** Which file names to list. */
  readonly match: (name: string) => boolean;
  /** Relative folder paths (from the root, '/'-separated) not to enter. */
  readonly skip?: readonly string[];
  /** Told once per symlink loop skipped. */
  readonly warn?: (message: string) => void;
}

const warned = new Set<string>();

/** Files under `root` (relative paths, '/'-separated, sorted). */
export async function walkFiles(root: string, opts: WalkOptions): Promise<string[]> {
  const out: string[] = [];
  const entered = new Set<string>();
  const skip = new Set(opts.skip ?? []);
  const visit = async (dir: string, rel: string, ancestors: readonly string[]): Promise<void> => {
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined) return;
    if (ancestors.includes(real)) {
      const key = `${dir}\0${real}`;
      if (!warned.has(key)) {
        warned.add(key);
        opts.warn?.(`${dir}: symbolic link loop (back to ${real}); skipped`);
      }
      return;
    }
    if (entered.has(real)) return;
    entered.add(real);
    const names = (await readdir(dir).catch(() => [] as string[])).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const s = await stat(full).catch(() => undefined);
      if (s?.isDirectory()) {
        if (!skip.has(r)) await visit(full, r, [...ancestors, real]);
      } else if (s?.isFile() && opts.match(name)) {
        out.push(r);
      }
    }
  };
  await visit(root, '', []);
  return out.sort();
}
