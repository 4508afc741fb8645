import type { Secret } from '../util/secret.js';

/** A question for a credential helper: `docker-credential-<helper> get` with serverURL on stdin. */
export interface HelperQuery {
  /** the suffix: "pass" for docker-credential-pass */
  helper: string;
  serverURL: string;
}

export type HelperAnswer =
  | {
      kind: 'found';
      serverURL: string;
      /** "<token>" means the secret is an identity token; exposed as isIdentityToken */
      username: string;
      secret: Secret;
      isIdentityToken: boolean;
    }
  /** exit non-zero with stdout "credentials not found in native keychain" */
  | { kind: 'not-found' }
  /** docker-credential-<helper> is not on PATH */
  | { kind: 'missing'; binary: string }
  /** exit non-zero otherwise; output scrubbed of secrets */
  | { kind: 'failed'; exitCode: number | null; stdout: string; stderr: string; message: string }
  | { kind: 'timeout'; afterMs: number }
  /** exit 0 but stdout is not the expected JSON */
  | { kind: 'bad-output'; message: string };

export function helperKey(query: HelperQuery): string {
  return `${query.helper}\u0000${query.serverURL}`;
}
