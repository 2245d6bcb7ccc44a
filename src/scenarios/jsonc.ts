import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from '../core/errors.js';

/** `line:column` (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `${line}:${offset - start + 1}`;
}

const HINTS: Record<string, string> = {
  ValueExpected: 'a value is missing',
  CommaExpected: 'a comma is missing',
  ColonExpected: 'a colon is missing',
  PropertyNameExpected: 'a property name (in double quotes) is expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'text follows the document',
  InvalidSymbol: 'an unexpected character (single quotes? an unquoted name?)',
  UnexpectedEndOfComment: 'a /* comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
};

/** Parses JSON with comments and trailing commas; a syntax error is a ConfigError at `file:line:column`. */
export function parseJsonc(file: string, text: string, code: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const name = printParseErrorCode(first.error);
    throw new ConfigError(code, `${file}:${lineColumn(text, first.offset)}: not valid JSON: ${HINTS[name] ?? name}; fix the syntax`);
  }
  return value;
}

/** `line:column` of the value at a JSON path in `text` (for schema errors), or undefined. */
export function locate(text: string, path: readonly PropertyKey[]): string | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return undefined;
  const segments = path.filter((p): p is string | number => typeof p !== 'symbol');
  // The deepest node that exists on the path (an unknown key's parent, a missing field's object).
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, segments.slice(0, n));
    if (node) return lineColumn(text, node.parent?.type === 'property' && n > 0 ? node.parent.offset : node.offset);
  }
  return undefined;
}
