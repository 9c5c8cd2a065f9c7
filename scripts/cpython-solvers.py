#!/usr/bin/env python3
"""Time arc-dsl-format solvers under CPython, in-loop (no start-up), per task.

usage: cpython-solvers.py DSL_DIR DATA [--ids a,b,...] [--repeat N]

DSL_DIR holds the DSL (`dsl.py`, `constants.py`) and `solvers.py` (arc-dsl's layout);
DATA is a folder of `<id>.json` tasks, or one JSON file {"<id>": {"train": [...], "test": [...]}}.
Each `solve_<id>` found in solvers.py runs on every train pair and every test pair with a known
output of task <id>, in-loop (start-up and imports are not timed). Prints one JSON object:
{"tasks": {"<id>": {"ms": float, "samples": [ms, ...], "pairs": n, "ok": n}}, "totalMs": float,
 "python": "3.x.y"} where samples are the --repeat runs (default 1) in order and ms the first.
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

    bundle = None
    if os.path.isfile(data_dir):
        with open(data_dir) as f:
            bundle = json.load(f)

    out = {}
    total = 0.0
    for name in sorted(dir(solvers)):
        if not name.startswith('solve_'):
            continue
        tid = name[len('solve_'):]
        if wanted is not None and tid not in wanted:
            continue
        if bundle is not None:
            task = bundle.get(tid)
            if task is None:
                continue
        else:
            path = os.path.join(data_dir, tid + '.json')
            if not os.path.exists(path):
                continue
            with open(path) as f:
                task = json.load(f)
        pairs = [(tupled(p['input']), tupled(p['output']))
                 for p in task.get('train', []) + task.get('test', []) if 'output' in p]
        fn = getattr(solvers, name)
        samples = []
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
            samples.append((time.perf_counter() - t0) * 1000.0)
        out[tid] = {'ms': samples[0], 'samples': samples, 'pairs': len(pairs), 'ok': ok}
        total += samples[0]
    json.dump({'tasks': out, 'totalMs': total, 'python': sys.version.split()[0]}, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
