// Task selection: exact ids (-i), or a slice of the sorted ids (-s START -c COUNT).

import type { Task } from './load.js';
import { InputError } from '../errors.js';

export interface Selection {
  readonly ids?: readonly string[];
  readonly start?: number;
  readonly count?: number;
}


export function selectTasks(tasks: readonly Task[], sel: Selection): Task[] {
  if (sel.ids && sel.ids.length > 0) {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const missing = sel.ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const lines = missing.map((id) => {
        const near = nearMatches(id, [...byId.keys()]);
        return `unknown task id '${id}'${near.length ? `; did you mean ${near.join(', ')}?` : ''}`;
      });
      throw new InputError(lines.join('\n'));
    }
    return [...new Set(sel.ids)].map((id) => byId.get(id)!);
  }
  const start = sel.start ?? 0;
  const end = sel.count === undefined ? tasks.length : start + sel.count;
  return tasks.slice(start, end);
}

/** Up to 3 ids sharing a prefix with `id` or within a small edit distance. */
function nearMatches(id: string, ids: readonly string[]): string[] {
  const scored = ids
    .map((c) => ({ c, d: c.startsWith(id) || id.startsWith(c) ? 0 : editDistance(id, c) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(id.length / 3)))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  return scored.slice(0, 3).map(({ c }) => c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
