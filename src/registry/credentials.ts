import { Secret } from '../util/secret.js';

/** What the caller resolved for a registry; every secret stays a `Secret`. */
export interface RegistryCredentials {
  username: string | null;
  password?: Secret;
  /** Docker's `identitytoken`: an OAuth2 refresh token */
  identityToken?: Secret;
  /** Docker's `registrytoken`: a bearer token sent to the registry as is */
  registryToken?: Secret;
}

/** Docker credential helpers mark identity tokens with this user name. */
export const IDENTITY_TOKEN_USERNAME = '<token>';

export function hasUsernamePassword(credentials: RegistryCredentials | null): credentials is RegistryCredentials & { username: string; password: Secret } {
  return (
    credentials !== null &&
    credentials.username !== null &&
    credentials.username.length > 0 &&
    credentials.password !== undefined &&
    !credentials.password.isEmpty
  );
}

export function hasAnySecret(credentials: RegistryCredentials | null): boolean {
  if (credentials === null) return false;
  return [credentials.password, credentials.identityToken, credentials.registryToken].some((s) => s !== undefined && !s.isEmpty);
}

export function basicAuthorization(username: string, password: Secret): Secret {
  return new Secret(`Basic ${Buffer.concat([Buffer.from(`${username}:`, 'utf8'), password.bytes()]).toString('base64')}`);
}

export function bearerAuthorization(token: Secret): Secret {
  return new Secret(`Bearer ${token.reveal()}`);
}
