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
  /**
   * exit non-zero with stdout "credentials not found in native keychain"; or (`emptyReply`)
   * exit 0 with an empty username and secret, which is how docker-credential-pass 0.6.4
   * answers for an unknown server URL and which the clients treat as "no credentials"
   */
  | { kind: 'not-found'; emptyReply?: boolean }
  /** docker-credential-<helper> is not on PATH; `searched` lists the PATH directories looked in */
  | { kind: 'missing'; binary: string; searched?: string[] }
  /**
   * exit non-zero otherwise (or could not be started); output scrubbed of secrets.
   * `message` is the error text the Docker CLI builds for this failure.
   */
  | {
      kind: 'failed';
      exitCode: number | null;
      stdout: string;
      stderr: string;
      message: string;
      /** the signal that ended the helper, when it did not exit by itself */
      signal?: string;
    }
  | { kind: 'timeout'; afterMs: number }
  /** exit 0 but stdout is not the expected JSON */
  | { kind: 'bad-output'; message: string; /** the error the Docker CLI reports for it */ clientError?: string };

export function helperKey(query: HelperQuery): string {
  return `${query.helper}\u0000${query.serverURL}`;
}
