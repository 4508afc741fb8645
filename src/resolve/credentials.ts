import type { Credentials } from '../clients/model.js';
import type { RegistryCredentials } from '../registry/credentials.js';

/** The resolver's credentials in the shape the registry check takes. */
export function toRegistryCredentials(credentials: Credentials | null): RegistryCredentials | null {
  if (credentials === null) return null;
  return {
    username: credentials.basic?.username ?? credentials.username,
    ...(credentials.basic !== undefined ? { password: credentials.basic.password } : credentials.password === null ? {} : { password: credentials.password }),
    ...(credentials.identityToken === null ? {} : { identityToken: credentials.identityToken }),
    ...(credentials.registryToken === null ? {} : { registryToken: credentials.registryToken }),
  };
}
