// Text from files and flags reaches the terminal: a scenario name, a key, a
// source line in an error, the bytes of a binary file given as a scenario.
// Escape sequences in it could retitle the window, clear the screen or hide
// text, so control characters are shown as \uXXXX instead of being sent.

/** C0 and C1 controls, DEL, and the Unicode marks that reorder or break lines. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** User text for one line: every control character escaped, line breaks and tabs included. */
export function printable(text: string): string {
  return text.replace(CONTROL, escaped);
}

/**
 * A chunk about to be written to stdout or stderr: line breaks, tabs and
 * carriage returns stay, and so do shopsim's own colour and erase-line
 * sequences (ESC [ digits m, ESC [ K); any other control character is escaped.
 */
export function terminalSafe(chunk: string): string {
  return chunk.replace(/\u001b\[[0-9;]*[mK]|[\t\n\r]|[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (m) =>
    m.length > 1 || m === '\t' || m === '\n' || m === '\r' ? m : escaped(m),
  );
}

/** Routes every string written to `stream` through terminalSafe until the returned function is called. */
export function guardStream(stream: NodeJS.WriteStream): () => void {
  const original = stream.write;
  const write = original.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as typeof stream.write;
  return () => {
    stream.write = original;
  };
}
