#!/usr/bin/env python3
"""Time arc-dsl-format solvers under CPython, in-loop (no start-up), per task.

usage: cpython-solvers.py DSL_DIR DATA_DIR [--ids a,b,...] [--repeat N]

DSL_DIR holds the DSL (`dsl.py`, `constants.py`) and `solvers.py` (arc-dsl's layout);
DATA_DIR holds `<id>.json` tasks. Each `solve_<id>` found in solvers.py runs on every train
pair and every test pair with a known output of task <id>. Prints one JSON object on stdout:
{"tasks": {"<id>": {"ms": float, "pairs": n, "ok": n}}, "totalMs": float, "python": "3.x.y"}
where ms is the best of --repeat runs (default 1) of that task's pairs.
"""
import json
import os
import sys
import time


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    opts = {}
    i = 0
    while i < len(argv):
        if argv[i].startswith('--'):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            i += 1
    if len(args) < 2:
        sys.stderr.write(__doc__)
        return 2
    dsl_dir, data_dir = os.path.abspath(args[0]), os.path.abspath(args[1])
    repeat = max(1, int(opts.get('repeat', '1')))
    wanted = set(opts['ids'].split(',')) if opts.get('ids') else None
    sys.path.insert(0, dsl_dir)
    sys.setrecursionlimit(10000)
    import solvers  # noqa: E402  (the user's DSL folder, given on the command line)

    def tupled(g):
        return tuple(tuple(row) for row in g)

    out = {}
    total = 0.0
    for name in sorted(dir(solvers)):
        if not name.startswith('solve_'):
            continue
        tid = name[len('solve_'):]
        if wanted is not None and tid not in wanted:
            continue
        path = os.path.join(data_dir, tid + '.json')
        if not os.path.exists(path):
            continue
        with open(path) as f:
            task = json.load(f)
        pairs = [(tupled(p['input']), tupled(p['output']))
                 for p in task.get('train', []) + task.get('test', []) if 'output' in p]
        fn = getattr(solvers, name)
        best = None
        ok = 0
        for _ in range(repeat):
            ok = 0
            t0 = time.perf_counter()
            for inp, exp in pairs:
                try:
                    if fn(inp) == exp:
                        ok += 1
                except Exception:
                    pass
            ms = (time.perf_counter() - t0) * 1000.0
            best = ms if best is None else min(best, ms)
        out[tid] = {'ms': best, 'pairs': len(pairs), 'ok': ok}
        total += best
    json.dump({'tasks': out, 'totalMs': total, 'python': sys.version.split()[0]}, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
