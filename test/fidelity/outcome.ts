import { createHash } from 'node:crypto';
import type { Resolution, SecretKind } from '../../src/clients/model.js';

/**
 * What a client ends up with for one image, in a form both the oracles (the clients' own Go
 * code) and regauth can state: the error, or the user and the kind of secret it sends. Secrets
 * appear only as short SHA-256 fingerprints, computed the same way on both sides.
 */
export interface Outcome {
  error: string | null;
  username: string | null;
  kind: SecretKind | null;
  /** fingerprint of the secret of that kind */
  secret: string | null;
}

export function fingerprint(secret: string | Uint8Array): string {
  if (secret.length === 0) return '';
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** The raw credentials a Go lookup returned (types.AuthConfig / authn.AuthConfig), secrets as fingerprints. */
export interface GoAuthConfig {
  username: string;
  password: string;
  identityToken: string;
  registryToken: string;
}

/** What a registry client sends from an AuthConfig: an identity token, else a registry token, else user + password. */
export function outcomeOfAuthConfig(auth: GoAuthConfig, error: string): Outcome {
  if (error !== '') return { error, username: null, kind: null, secret: null };
  if (auth.identityToken !== '') return { error: null, username: null, kind: 'identitytoken', secret: auth.identityToken };
  const basic = auth.username !== '' && auth.password !== '';
  if (auth.registryToken !== '') return { error: null, username: basic ? auth.username : null, kind: 'registrytoken', secret: auth.registryToken };
  if (basic) return { error: null, username: auth.username, kind: 'password', secret: auth.password };
  return { error: null, username: null, kind: null, secret: null };
}

export function outcomeOfResolution(resolution: Resolution): Outcome {
  if (resolution.error !== null) return { error: resolution.error, username: null, kind: null, secret: null };
  const credentials = resolution.credentials;
  let secret: string | null = null;
  if (credentials !== null) {
    const value = resolution.secretKind === 'identitytoken' ? credentials.identityToken : resolution.secretKind === 'registrytoken' ? credentials.registryToken : credentials.password;
    // the bytes a client sends, which differ from the shown value when they are not UTF-8
    secret = value === null ? null : fingerprint(value.bytes());
  }
  return { error: null, username: resolution.secretKind === null ? null : resolution.username, kind: resolution.secretKind, secret };
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.error === b.error && a.username === b.username && a.kind === b.kind && a.secret === b.secret;
}

/** One case where regauth and the client's code disagree. */
export interface Difference {
  setup: string;
  image: string;
  oracle: Outcome;
  regauth: Outcome;
  /** why the difference is expected, when it is (ambiguous cases: Go map order) */
  reason: string | null;
}

/** One row of docs/fidelity.md: a client at one release against regauth. */
export interface FidelityRow {
  client: string;
  release: string;
  /** the oracle (test/oracles/<name>) or program the row was measured with */
  oracle: string;
  cases: number;
  agree: number;
  /** differences regauth flags as ambiguous in its trace (and explains there) */
  ambiguous: number;
  differences: Difference[];
}

/** Compares one case; a difference on a case regauth flags as ambiguous is expected and says why. */
export function compare(setup: string, image: string, oracle: Outcome, resolution: Resolution, predicted = outcomeOfResolution(resolution)): Difference | null {
  if (sameOutcome(oracle, predicted)) return null;
  const ambiguity = resolution.warnings.find((warning) => ['docker.random-winner', 'docker.decode-order', 'docker.auth-config-env-order', 'kubelet.random-order', 'crane.load-order'].includes(warning.id));
  const reason = resolution.ambiguous ? `ambiguous: ${ambiguity?.message ?? 'Go map order decides'}` : null;
  return { setup, image, oracle, regauth: predicted, reason };
}

export function summarise(client: string, release: string, oracle: string, differences: Array<Difference | null>): FidelityRow {
  const found = differences.filter((difference): difference is Difference => difference !== null);
  return {
    client,
    release,
    oracle,
    cases: differences.length,
    agree: differences.length - found.length,
    ambiguous: found.filter((difference) => difference.reason !== null).length,
    differences: found,
  };
}
