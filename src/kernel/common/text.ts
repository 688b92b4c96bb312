import { badInput, type DomainError } from './errors';

/**
 * Text that comes in — GraphQL arguments, webhook bodies, B2MML documents — may not hold control
 * characters: the C0 range (U+0000–U+001F), DEL (U+007F) and the C1 range (U+0080–U+009F), Unicode's
 * category Cc. A NUL cannot even be stored in PostgreSQL, and the others turn codes, references and
 * log lines into something other than what a person sees. Multi-line text (a B2MML document) may hold
 * tab, line feed and carriage return, and nothing else of the kind.
 */
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;
/**
 * Scanned text (a code field): a GS1-128 scanner ends each variable-length field with the group
 * separator (U+001D) and a keyboard-wedge scanner adds a line end or tab; the scan reader
 * (codes/scan-text.ts) reads the one and drops the others. Every other control character is refused.
 */
const CONTROL_EXCEPT_SCANNER = /(?![\t\n\r\x1d])\p{Cc}/u; // eslint-disable-line no-control-regex -- the GS1 group separator, on purpose

/**
 * The schema extensions that mark which control characters a GraphQL field's text may hold (read by
 * graphql/text-guard.ts): here, at the bottom of the kernel, so the code fields (kernel/codes) can mark
 * themselves without depending on the GraphQL layer.
 */
export const TEXT_KIND_EXTENSION = { multiline: 'multilineText', scan: 'scannedText' } as const;

/** Which control characters a text may hold: none, line breaks (a document), or what scanners send (a code). */
export type TextKind = 'plain' | 'multiline' | 'scan';

const PATTERNS: Record<TextKind, RegExp> = { plain: CONTROL, multiline: CONTROL_EXCEPT_LINE_BREAKS, scan: CONTROL_EXCEPT_SCANNER };

/** Why `text` is refused, or null: "must not contain control characters (found U+0000 at position 3)". */
export function controlCharacterProblem(text: string, kind: TextKind = 'plain'): string | null {
  const match = PATTERNS[kind].exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control characters (found U+${code} at position ${match.index})`;
}

/** BAD_USER_INPUT naming the field, for text with a control character; null when the text is clean. */
export function controlCharacterError(field: string, text: string, kind: TextKind = 'plain'): DomainError | null {
  const problem = controlCharacterProblem(text, kind);
  return problem ? badInput(field, problem) : null;
}
