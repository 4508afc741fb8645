import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Access to the Go oracles built by test/oracles/build.mjs: small programs compiled from the
 * clients' own modules. A missing oracle fails the test (never a skip), and so does an oracle
 * that exits non-zero or prints something that is not JSON.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MANIFEST = join(ROOT, '.testbed', 'oracles.json');

export function oracleBinary(name: string): string {
  if (!existsSync(MANIFEST)) throw new Error(`oracle manifest ${MANIFEST} missing: run node test/oracles/build.mjs (npm test does)`);
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
  const binary = manifest[name];
  if (binary === undefined || !existsSync(binary)) throw new Error(`oracle ${name} is not built: run node test/oracles/build.mjs ${name}`);
  return binary;
}

export interface OracleRun {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs an oracle with a JSON request on stdin and returns its JSON answer. */
export function askOracle<T>(name: string, request: unknown, options: OracleRun = {}): Promise<T> {
  const binary = oracleBinary(name);
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      binary,
      [],
      { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null) {
          reject(new Error(`oracle ${name} failed: ${error.message}\n${stderr}`));
          return;
        }
        try {
          resolvePromise(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`oracle ${name} printed no JSON: ${stdout.slice(0, 500)}\n${stderr}`));
        }
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}
