// Scenario errors as the terminal shows them: made printable, and at most
// MAX_SHOWN_ERRORS of them (a file with a mistake on every line would
// otherwise print hundreds of thousands of lines), then a count of the rest.
import { formatScenarioError, type ScenarioError } from '@shopsim/scenario';
import { printable } from './printable.ts';

/** Errors are shown at most this many at a time; the rest are counted. */
export const MAX_SHOWN_ERRORS = 50;

export function scenarioErrorText(errors: ScenarioError[]): string {
  const shown = errors.slice(0, MAX_SHOWN_ERRORS).map((e) => {
    const clean: ScenarioError = { ...e, file: printable(e.file), path: printable(e.path), message: printable(e.message) };
    if (e.hint !== undefined) clean.hint = printable(e.hint);
    if (e.sourceLine !== undefined) clean.sourceLine = printable(e.sourceLine);
    return formatScenarioError(clean);
  });
  if (errors.length > MAX_SHOWN_ERRORS) shown.push(`... and ${(errors.length - MAX_SHOWN_ERRORS).toLocaleString('en-US')} more errors (fix these first)`);
  return shown.join('\n') + '\n';
}
