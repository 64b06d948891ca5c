// Lever expressions: mathjs formulas of `day` and named constants, compiled
// once per scenario and evaluated once per day (never per shopper), in a
// locked scope (see the mathjs security notes).
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { suggestion } from './errors.ts';

// The mathjs security notes: take away everything that could reach outside
// the formula. The node whitelist below already refuses them; this is a
// second lock in case a future mathjs resolves names differently.
const refuse = (name: string) => () => {
  throw new Error(`function ${name} is disabled in scenario expressions`);
};
const DISABLED = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile', 'reviver', 'chain', 'help', 'unit', 'replacer'];

let lockedParse: ((source: string) => MathNode) | undefined;

/**
 * The parser of a locked mathjs instance, made on the first expression:
 * loading and setting up mathjs takes about a second, which `shopsim run`
 * of the built-in scenario (and any file without formulas) should not pay.
 * Loaded with require because a static import would load it at start-up.
 */
function parser(): (source: string) => MathNode {
  if (!lockedParse) {
    const { all, create } = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    const math = create(all!);
    // Kept for our own use before the instance's copy is disabled below.
    lockedParse = math.parse;
    math.import(Object.fromEntries(DISABLED.map((n) => [n, refuse(n)])), { override: true });
  }
  return lockedParse;
}

/** Functions a lever expression may call. */
export const EXPRESSION_FUNCTIONS = [
  'min', 'max', 'abs', 'floor', 'ceil', 'round', 'sqrt', 'exp', 'log', 'log10', 'pow', 'sign', 'mod', 'sin', 'cos',
] as const;
const FUNCTIONS = new Set<string>(EXPRESSION_FUNCTIONS);

const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);

/** Names an expression may use besides its constants. */
export const RESERVED_NAMES = new Set(['day', ...EXPRESSION_FUNCTIONS]);

/** The longest expression accepted, characters. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** The deepest nesting of brackets accepted (mathjs parses by recursion). */
export const MAX_EXPRESSION_DEPTH = 32;

function bracketDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (const c of source) {
    if (c === '(' || c === '[') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']') depth--;
  }
  return max;
}

export class ExpressionError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export type DayFunction = (day: number) => number;

/**
 * Compiles an expression of `day` and `constants` into a function of the day.
 * Throws ExpressionError (syntax, a name or construct that is not allowed).
 * The function returns whatever the formula gives, NaN when it gives no number.
 */
export function compileExpression(source: string, constants: Record<string, number>): DayFunction {
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const depth = bracketDepth(source);
  if (depth > MAX_EXPRESSION_DEPTH) {
    throw new ExpressionError(`expression nests ${depth} levels of brackets, more than ${MAX_EXPRESSION_DEPTH}`, 'write it flatter, or split it into named constants');
  }
  let node: MathNode;
  try {
    node = parser()(source);
  } catch (e) {
    // mathjs parses by recursion: a long chain of operators can still run out of stack.
    if (e instanceof RangeError) throw new ExpressionError('expression nests too deeply to parse', 'write it flatter, or split it into named constants');
    throw new ExpressionError(`expression does not parse: ${(e as Error).message}`, 'e.g. "min(0.9, 0.4 + day / 730)"');
  }
  const names = Object.keys(constants);
  const allowedSymbols = ['day', ...names];
  let problem: ExpressionError | undefined;
  node.traverse((n, path, parent) => {
    if (problem) return;
    problem = checkNode(n, path, parent, allowedSymbols);
  });
  if (problem) throw problem;
  const code = node.compile();
  // One scope for the whole run: a Map holding only the given symbols.
  const scope = new Map<string, number>(Object.entries(constants));
  return (day: number): number => {
    scope.set('day', day);
    let v: unknown;
    try {
      v = code.evaluate(scope);
    } catch {
      return NaN;
    }
    if (typeof v === 'boolean') return v ? 1 : 0;
    return typeof v === 'number' ? v : NaN;
  };
}

function checkNode(n: MathNode, path: string, parent: MathNode | null, symbols: string[]): ExpressionError | undefined {
  switch (n.type) {
    case 'ConstantNode': {
      const value = (n as unknown as { value: unknown }).value;
      if (typeof value === 'number' || typeof value === 'boolean') return undefined;
      return new ExpressionError('text values are not allowed in an expression', 'use numbers, day and constants');
    }
    case 'SymbolNode': {
      const name = (n as unknown as { name: string }).name;
      if (parent?.type === 'FunctionNode' && path === 'fn') {
        if (FUNCTIONS.has(name)) return undefined;
        const hint = suggestion(name, [...FUNCTIONS]);
        return new ExpressionError(`function "${name}" is not allowed in an expression`, hint.startsWith('did you mean') ? hint : `allowed: ${[...FUNCTIONS].join(', ')}`);
      }
      if (symbols.includes(name)) return undefined;
      return new ExpressionError(`unknown name "${name}" in expression`, `${suggestion(name, symbols)} (an expression may use day and the names under constants:)`);
    }
    case 'FunctionNode': {
      const fn = (n as unknown as { fn: MathNode }).fn;
      if (fn.type === 'SymbolNode') return undefined; // the name is checked as its own node
      return new ExpressionError('only named functions may be called in an expression', `allowed: ${[...FUNCTIONS].join(', ')}`);
    }
    case 'OperatorNode': {
      const fn = (n as unknown as { fn: string }).fn;
      if (OPERATORS.has(fn)) return undefined;
      const op = (n as unknown as { op: string }).op;
      return new ExpressionError(`operator "${op}" is not allowed in an expression`, 'use + - * / ^ %, comparisons, and, or, not, and a ? b : c');
    }
    case 'ParenthesisNode':
    case 'ConditionalNode':
      return undefined;
    default:
      return new ExpressionError(`${describeNode(n.type)} is not allowed in an expression`, 'an expression is arithmetic on day and constants, e.g. "min(0.9, 0.4 + day / 730)"');
  }
}

function describeNode(type: string): string {
  switch (type) {
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'assignment';
    case 'AccessorNode':
    case 'IndexNode':
      return 'property or index access';
    case 'ArrayNode':
    case 'RangeNode':
      return 'a list or range';
    case 'ObjectNode':
      return 'an object';
    case 'BlockNode':
      return 'more than one statement';
    default:
      return type;
  }
}
