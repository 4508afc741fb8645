import type { Testbed } from './testbed.js';

/** Tokens the offline Hub's token server issues to a testbed user, as Docker stores them. */
export interface UserTokens {
  /** OAuth2 refresh token (Docker's `identitytoken`) */
  refresh: string;
  /** a registry JWT for repository:alice/app:pull (Docker's `registrytoken`) */
  registry: string;
}

/** Asks the token server for every user's tokens once: the password grant, then a Basic GET. */
export async function issueUserTokens(testbed: Testbed): Promise<Map<string, UserTokens>> {
  const { realm, service } = testbed.descriptor.tokenServer;
  const issued = await Promise.all(
    testbed.users.map(async ({ name, password }): Promise<[string, UserTokens]> => {
      const grant = new URLSearchParams([['grant_type', 'password'], ['username', name], ['password', password], ['service', service], ['client_id', 'regauth-test'], ['access_type', 'offline']]);
      const oauth = await fetch(realm, { method: 'POST', body: grant });
      const scope = new URL(realm);
      scope.searchParams.set('service', service);
      scope.searchParams.set('scope', 'repository:alice/app:pull');
      const bearer = await fetch(scope, { headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } });
      return [name, { refresh: ((await oauth.json()) as { refresh_token: string }).refresh_token, registry: ((await bearer.json()) as { token: string }).token }];
    }),
  );
  return new Map(issued);
}
