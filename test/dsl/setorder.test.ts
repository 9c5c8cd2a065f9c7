// CPython's iteration order for small integer sets (PRIMITIVES.md §5.2 table).
import { describe, expect, it } from 'vitest';
import { cpythonIntOrder } from '../../src/dsl/setorder.js';

describe('CPython integer set order', () => {
  it('follows the two-element table', () => {
    expect(cpythonIntOrder([1, 8])).toEqual([8, 1]);
    expect(cpythonIntOrder([8, 1])).toEqual([8, 1]);
    expect(cpythonIntOrder([0, 8])).toEqual([0, 8]);
    expect(cpythonIntOrder([8, 0])).toEqual([8, 0]);
    expect(cpythonIntOrder([9, 0])).toEqual([0, 9]);
    expect(cpythonIntOrder([1, 9])).toEqual([1, 9]);
    expect(cpythonIntOrder([9, 1])).toEqual([9, 1]);
    expect(cpythonIntOrder([3, 8])).toEqual([8, 3]);
    expect(cpythonIntOrder([9, 3])).toEqual([9, 3]);
    expect(cpythonIntOrder([5, 2])).toEqual([2, 5]);
    expect(cpythonIntOrder([8, 9])).toEqual([8, 9]);
    expect(cpythonIntOrder([9, 8])).toEqual([8, 9]);
  });
  it('sorts five or more small values ascending', () => {
    expect(cpythonIntOrder([9, 3, 0, 8, 1])).toEqual([0, 1, 3, 8, 9]);
  });
  it('keeps the first inserted of True and 1 out of the picture (distinct input assumed)', () => {
    expect(cpythonIntOrder([true, 0])).toEqual([0, true]);
  });
  it('keeps the layout when copying a small set (frozenset of a set)', () => {
    const built = cpythonIntOrder([1, 9, 7, 6]);
    expect(built).toEqual([1, 6, 9, 7]);
    expect(cpythonIntOrder(built, true)).toEqual([1, 6, 9, 7]);
  });
  it('handles negatives with the general rule (as CPython 3.11 iterates them)', () => {
    // list({-1, -2, 3}) and list({-5, 7, -100, 2}) under CPython 3.11; hash(-1) == hash(-2) collide.
    expect(cpythonIntOrder([-1, -2, 3])).toEqual([3, -1, -2]);
    expect(cpythonIntOrder([-5, 7, -100, 2])).toEqual([2, -5, -100, 7]);
  });
});
