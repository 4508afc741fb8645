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
