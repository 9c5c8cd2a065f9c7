// The typed form of a straight-line ARC-DSL solver program.

/** An argument or callee: the input grid, an earlier variable, a primitive (as a value) or a constant. */
export type Ref =
  | { readonly kind: 'input' }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'prim'; readonly name: string }
  | { readonly kind: 'const'; readonly name: string };

/** `target = callee(args...)` at a source line. */
export interface Assignment {
  readonly target: string;
  readonly callee: Ref;
  readonly args: readonly Ref[];
  readonly line: number;
}

export interface Program {
  /** Function name, e.g. `solve_007bbfb7`. */
  readonly name: string;
  /** The task it is written for (the name without `solve_`). */
  readonly taskId: string;
  readonly body: readonly Assignment[];
  /** The variable returned. */
  readonly output: string;
  readonly file: string;
  /** Line of the `def`. */
  readonly line: number;
  /** Comment lines just above the `def` (e.g. a candidate's parent and mutation). */
  readonly comments?: readonly string[];
}

/** A program that does not parse: where and why. */
export interface ParseError {
  readonly file: string;
  readonly line: number;
  readonly program?: string;
  readonly message: string;
}

export const refText = (r: Ref): string => (r.kind === 'input' ? 'I' : r.name);

/** The program as straight-line source text (the solver format). */
export function formatProgram(p: Program, name = p.name): string {
  const lines = p.body.map((a) => `    ${a.target} = ${refText(a.callee)}(${a.args.map(refText).join(', ')})`);
  return [`def ${name}(I):`, ...lines, `    return ${p.output}`, ''].join('\n');
}
