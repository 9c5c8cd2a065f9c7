import { describe, expect, it } from 'vitest';
import { parseSolvers, scanAssignment } from '../../src/program/parse.js';

const ok = `from dsl import *
from constants import *

# parent: 007bbfb7
def solve_abc(I):
    x1 = rbind(bordering, I)   # a function-valued variable
    x2 = objects(I, T, F, T)
    x3 = sfilter(x2, x1)
    x4 = compose(flip, x1)
    x5 = x4(x2)
    O = fill(I, ZERO, x3)
    return O
`;

describe('solver parser', () => {
  it('parses the arc-dsl format with comments, imports and function-valued variables', () => {
    const r = parseSolvers(ok, 'a.py');
    expect(r.errors).toEqual([]);
    expect(r.programs).toHaveLength(1);
    const p = r.programs[0];
    expect(p.taskId).toBe('abc');
    expect(p.body).toHaveLength(6);
    expect(p.output).toBe('O');
    expect(p.comments).toEqual(['parent: 007bbfb7']);
    expect(p.body[4].callee).toEqual({ kind: 'var', name: 'x4' });
  });

  const bad: [string, string, RegExp][] = [
    ['unknown primitive', '    O = frobnicate(I)', /unknown name 'frobnicate'/],
    ['wrong arity', '    O = fill(I, ZERO)', /fill takes 3 argument\(s\), 2 given/],
    ['undefined variable', '    O = vmirror(x9)', /unknown name 'x9'/],
    ['reassigned variable', '    x1 = vmirror(I)\n    x1 = hmirror(I)\n    O = identity(x1)', /reassigned/],
    ['calling a non-function variable', '    x1 = objects(I, T, F, T)\n    O = x1(I)', /holds Objects, not a function/],
    ['calling a constant', '    O = ZERO(I)', /not a function/],
    ['host name process', '    O = process(I)', /not allowed/],
    ['host name constructor', '    x1 = identity(constructor)\n    O = identity(x1)', /not allowed/],
    ['__proto__ as a target', '    __proto__ = identity(I)\n    O = identity(I)', /cannot be assigned/],
    ['eval', '    O = eval(I)', /not allowed/],
    ['a literal argument', '    O = upscale(I, 3)', /not a name/],
    ['nested call', '    O = vmirror(hmirror(I))', /not a name|unknown name/],
    ['keyword argument', '    O = upscale(I, factor=THREE)', /not a name/],
    ['no return', '    O = vmirror(I)\n    # (no return line)', /has no 'return'/],
    ['return of an unknown variable', '    O = vmirror(I)\n    return Z', /undefined variable 'Z'/],
    ['wrong builder arity known statically', '    x1 = rbind(fill, ZERO)\n    O = x1(I)', /takes 2 argument\(s\), 1 given/],
  ];
  for (const [what, body, message] of bad) {
    it(`rejects ${what} with file:line, keeping the other programs`, () => {
      const text = `def solve_bad(I):\n${body}\n${/return/.test(body) ? '' : '    return O\n'}\ndef solve_good(I):\n    O = vmirror(I)\n    return O\n`;
      const r = parseSolvers(text, 'f.py');
      expect(r.programs.map((p) => p.name)).toEqual(['solve_good']);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].file).toBe('f.py');
      expect(r.errors[0].line).toBeGreaterThan(0);
      expect(r.errors[0].message).toMatch(message);
    });
  }

  it('reports stray top-level lines and goes on', () => {
    const r = parseSolvers('print("hi")\ndef solve_a(I):\n    O = vmirror(I)\n    return O\n', 'g.py');
    expect(r.programs).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'g.py', line: 1 });
  });

  it('scans the common assignment shape itself and leaves every other shape to the full parser', () => {
    expect(scanAssignment('x1 = rbind(bordering, I)')).toEqual(['x1', 'rbind', 'bordering', 'I']);
    expect(scanAssignment('O=fill( I ,ZERO,x3 )')).toEqual(['O', 'fill', 'I', 'ZERO', 'x3']);
    expect(scanAssignment('x5 = x4(x2)')).toEqual(['x5', 'x4', 'x2']);
    for (const other of ['x1: Grid = vmirror(I)', 'x1 = vmirror(I) x', 'x1 = vmirror()', 'x1 = vmirror(I,)', 'x1 = f(g(I))', 'x1 = vmirror(1x)', '1x = vmirror(I)', 'x1 = vmirror(I', 'x1 == vmirror(I)', 'x1 = vmirror\t(I)']) {
      expect(scanAssignment(other), other).toBeUndefined();
    }
    // And the two paths give one result: a hinted line parses to the same program as a plain one.
    const plain = parseSolvers('def solve_a(I):\n    x1 = vmirror(I)\n    O = hconcat(x1, I)\n    return O\n', 'a.py').programs[0];
    const hinted = parseSolvers('def solve_a(I):\n    x1: Grid = vmirror(I)\n    O = hconcat( x1,I )\n    return O\n', 'a.py').programs[0];
    expect(hinted.body).toEqual(plain.body);
  });

  it('gives every use of a variable, the input and a primitive one shared Ref, in both parsing paths', () => {
    // A battery's programs live for the whole run: 630 candidates kept 2.8 MB parsed, 1.8 MB with one
    // Ref per variable and argument arrays made to length (they grew by push, room for 16).
    for (const text of ['def solve_a(I):\n    x1 = vmirror(I)\n    x2 = hconcat(x1, x1)\n    O = hconcat(x2, x1)\n    return O\n', 'def solve_a(I):\n    x1: Grid = vmirror(I)\n    x2: Grid = hconcat(x1, x1)\n    O: Grid = hconcat(x2, x1)\n    return O\n']) {
      const [p] = parseSolvers(text, 'a.py').programs;
      const [x1, x2, o] = p.body;
      expect(x2.args[0]).toEqual({ kind: 'var', name: 'x1' });
      expect(x2.args[0]).toBe(x2.args[1]);
      expect(o.args[1]).toBe(x2.args[0]);
      expect(x2.callee).toBe(o.callee);
      expect(x1.args[0]).toEqual({ kind: 'input' });
      expect(x1.args[0]).toBe(parseSolvers(text, 'b.py').programs[0].body[0].args[0]);
      expect(x2.args).toHaveLength(2);
    }
  });

  it('reads CRLF, LF and a byte-order mark alike, with the same line numbers', () => {
    const lf = 'print(1)\n\ndef solve_a(I):\n    O = vmirror(I)\n    return O\n# c\ndef solve_b(I):\n    x1 = nope(I)\n    return x1';
    const want = parseSolvers(lf, 'a.py');
    expect(want.errors.map((e) => e.line)).toEqual([1, 8]);
    expect(want.programs.map((p) => [p.name, p.line, p.body[0].line])).toEqual([['solve_a', 3, 4]]);
    expect(parseSolvers(lf.replaceAll('\n', '\r\n'), 'a.py')).toEqual(want);
    expect(parseSolvers('\ufeff' + lf + '\n', 'a.py')).toEqual(want);
    // A '\r' not before a '\n' stays in its line (a space at its end, like any other).
    expect(parseSolvers('def solve_a(I):\n    O = vmirror(I)\n    return O\r', 'a.py').programs).toHaveLength(1);
    expect(parseSolvers('def solve_a(I):\n    O = vmirror(I)\r    return O', 'a.py').errors[0]).toMatchObject({ line: 2 });
  });

  it('loads an empty file as no programs', () => {
    expect(parseSolvers('', 'e.py')).toEqual({ programs: [], errors: [] });
  });
});
