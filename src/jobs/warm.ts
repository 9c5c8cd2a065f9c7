// Warm-up work for a fresh worker: a few milliseconds of the primitives every
// battery leans on, so the first real jobs do not pay for a cold JIT.

import { primitives, constants } from '../dsl/index.js';
import type { Value } from '../dsl/values.js';

export function warmUp(budgetMs = 15): number {
  const t0 = performance.now();
  const g: Value = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i * 7 + j * 3) % 5 === 0 ? (i + j) % 4 : 0)));
  const p = primitives, c = constants;
  let rounds = 0;
  while (performance.now() - t0 < budgetMs) {
    const objs = p.objects(g, c.T, c.F, c.T);
    const first = p.first(objs);
    const moved = p.shift(first, c.UNITY);
    const painted = p.paint(g, moved);
    const filled = p.fill(painted, c.FIVE, p.ofcolor(g, c.ZERO));
    p.hconcat(p.vmirror(filled), p.upscale(p.crop(filled, c.ORIGIN, c.THREE_BY_THREE), c.TWO));
    p.apply(p.size, objs);
    p.mostcolor(g);
    p.normalize(p.recolor(c.ONE, p.toindices(first)));
    rounds++;
  }
  return rounds;
}
