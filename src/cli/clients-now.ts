import { resolveAll } from '../resolve/resolve.js';

/** After the write, the engine says who each client now sends for an image on the registry. */
export async function clientsNow(registry: string, username: string | null, env: NodeJS.ProcessEnv, configFile: string | undefined): Promise<{ image: string; clients: Array<{ client: string; sends: string }> }> {
  const repository = registry === 'docker.io' ? `${username !== null && /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(username) ? username : 'library'}/x` : 'x';
  const results = await resolveAll({ registry, repository }, { env, clients: ['docker', 'podman', 'crane'], ...(configFile === undefined ? {} : { configFile }) });
  const describe = (result: (typeof results)[number]): string =>
    result.error !== null ? `fails (${result.error})` : result.credentials === null ? 'nothing' : (result.username ?? `a ${result.secretKind ?? 'token'}`);
  return { image: `${registry}/${repository}`, clients: results.map((result) => ({ client: result.client, sends: describe(result) })) };
}
