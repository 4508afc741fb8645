import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A real program is on PATH. */
export function installed(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The `skip` option for tests that need real programs: inside the test runner (`npm test`,
 * which installs and checks every program) nothing is ever skipped, so a missing program
 * fails the test; a bare `node --test` on a developer machine may skip.
 */
export function skipUnlessInstalled(...programs: string[]): false | string {
  if (process.env['REGAUTH_TESTBED'] !== undefined || process.env['CI'] !== undefined) return false;
  const missing = programs.filter((program) => !installed(program));
  return missing.length === 0 ? false : `not installed: ${missing.join(', ')}`;
}
