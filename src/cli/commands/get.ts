import { IDENTITY_TOKEN_USERNAME } from '../../helpers/protocol.js';
import { registryFromArgument } from '../../reference/parse.js';
import { parseImageRef } from '../../reference/parse.js';
import type { ResolveTarget } from '../../resolve/resolve.js';
import { resolveOne } from '../../api/resolve.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { printJsonText } from '../output.js';
import { resolveOptionsFrom } from '../resolve-options.js';

const USAGE = usageLine('get');

/** A registry host or URL looks a registry up; anything else is an image. */
export function targetFromArgument(argument: string): ResolveTarget {
  const looksLikeRegistry = /^[a-z][a-z0-9+.-]*:\/\//i.test(argument) || !argument.includes('/');
  if (looksLikeRegistry && (argument.includes('.') || argument.includes(':') || argument === 'localhost')) {
    return { registry: registryFromArgument(argument), repository: null, typedRegistry: argument };
  }
  const ref = parseImageRef(argument);
  return { registry: ref.registry, repository: ref.repository };
}

/** The one command that prints a secret, in the credential-helper JSON shape. */
export const getCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('get', argv);
  const options = resolveOptionsFrom(values, env);
  const clients = options.clients ?? ['docker'];
  if (clients.length !== 1) throw new RegauthError('E_USAGE', 'get takes one --client', { hint: `usage: ${USAGE}` });
  const target = targetFromArgument(positionals[0] ?? '');
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
