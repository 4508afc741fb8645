import { IDENTITY_TOKEN_USERNAME } from '../../helpers/protocol.js';
import { registryFromArgument } from '../../reference/parse.js';
import { parseImageRef } from '../../reference/parse.js';
import { namesRegistry } from '../../reference/containers.js';
import type { ResolveTarget } from '../../resolve/resolve.js';
import { resolveOne } from '../../api/resolve.js';
import { RegauthError } from '../../util/errors.js';
import { containersNamespaceKeyProblem } from '../../clients/keys.js';
import type { ClientId } from '../../clients/model.js';
import { parseCommandLine } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { printJsonText } from '../output.js';
import { resolveOptionsFrom } from '../resolve-options.js';

const USAGE = usageLine('get');

/**
 * A registry host or URL looks a registry up; anything else is an image, except for podman, whose
 * `login --get-login` takes REGISTRY/NAMESPACE as a key of its own (containers/common): a name
 * that starts with a registry and has no tag or digest is looked up as typed, then under its
 * registry, so `docker.io/vendor` is not read as the image `docker.io/library/vendor`.
 */
export function targetFromArgument(argument: string, client: ClientId = 'docker'): ResolveTarget {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(argument);
  const looksLikeRegistry = url || !argument.includes('/');
  if (looksLikeRegistry && (argument.includes('.') || argument.includes(':') || argument === 'localhost')) {
    return { registry: registryFromArgument(argument), repository: null, typedRegistry: argument };
  }
  if (client === 'podman' && !looksLikeRegistry && isNamespaceKey(argument)) {
    const problem = containersNamespaceKeyProblem(argument);
    if (problem !== null) throw new RegauthError('E_REFERENCE_INVALID', problem, { hint: `podman login --get-login refuses "${argument}" the same way` });
    return { registry: argument.slice(0, argument.indexOf('/')), repository: null, typedRegistry: argument };
  }
  const ref = parseImageRef(argument);
  return { registry: ref.registry, repository: ref.repository };
}

/** REGISTRY/NAMESPACE: a first component that names a registry, and no tag or digest after it. */
function isNamespaceKey(argument: string): boolean {
  const slash = argument.indexOf('/');
  return namesRegistry(argument.slice(0, slash)) && !/[:@]/.test(argument.slice(slash));
}

/** The one command that prints a secret, in the credential-helper JSON shape. */
export const getCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('get', argv);
  const options = resolveOptionsFrom(values, env);
  const clients = options.clients ?? ['docker'];
  if (clients.length !== 1) throw new RegauthError('E_USAGE', 'get takes one --client', { hint: `usage: ${USAGE}` });
  const target = targetFromArgument(positionals[0] ?? '', clients[0] ?? 'docker');
  const resolution = await resolveOne(clients[0] ?? 'docker', target, options);
  if (resolution.error !== null) {
    output.err(`regauth: ${resolution.error}`);
    return 1;
  }
  const credentials = resolution.credentials;
  if (credentials === null) {
    output.err('credentials not found');
    return 1;
  }
  const serverURL = resolution.key ?? resolution.registry;
  let username = credentials.username ?? '';
  let secretValue = credentials.password?.reveal() ?? '';
  if (credentials.identityToken !== null) {
    username = IDENTITY_TOKEN_USERNAME;
    secretValue = credentials.identityToken.reveal();
  } else if (secretValue === '' && credentials.registryToken !== null) {
    secretValue = credentials.registryToken.reveal();
  }
  printJsonText(output, JSON.stringify({ ServerURL: serverURL, Username: username, Secret: secretValue }));
  return 0;
};
