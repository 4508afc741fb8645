import { loginWith } from '../../api/login.js';
import { registryFromArgument } from '../../reference/parse.js';
import { storeRegistry } from '../../store/plan.js';
import { RegauthError } from '../../util/errors.js';
import type { Secret } from '../../util/secret.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import type { Command } from '../main.js';
import { clientsNow } from '../clients-now.js';
import { printJson } from '../output.js';
import { promptLine, readSecretFromStdin } from '../prompt.js';
import { checkConfigFileArgument } from '../resolve-options.js';
import { writeChoicesFrom } from '../write-options.js';
import { compileIpPatternsAhead } from '../ip-patterns.js';

export const loginCommand: Command = async ({ argv, output, env, stdin }) => {
  const { values, positionals } = parseCommandLine('login', argv);
  if (values.password !== undefined) {
    throw new RegauthError('E_USAGE', 'a password on the command line ends up in shell history and process lists', {
      hint: 'use --password-stdin, or omit it to be asked without echo',
    });
  }
  const client = values.client ?? 'docker';
  if (client !== 'docker' && client !== 'podman') throw new RegauthError('E_USAGE', `login stores for docker or podman, not "${client}"`);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const { registry, note } = storeRegistry(positionals[0], client, registryFromArgument);
  if (note !== null) output.err(note);

  let username = values.username;
  let password: Secret;
  if (values['password-stdin'] === true) {
    if (username === undefined) throw new RegauthError('E_USAGE', '--password-stdin needs --username (-u)');
    password = await readSecretFromStdin(stdin());
  } else {
    const input = stdin();
    username ??= await promptLine(input, process.stderr, 'Username: ', false);
    const typed = await promptLine(input, process.stderr, 'Password: ', true);
    const { Secret } = await import('../../util/secret.js');
    password = new Secret(typed);
  }
  if (username === '') throw new RegauthError('E_USAGE', 'empty username');

  const verify = values['no-verify'] === true ? null : { insecure: values.insecure === true, timeoutMs: parseSeconds(values.timeout, '--timeout', 30) * 1000 };
  const target = { env, ...writeChoicesFrom(values), ...(values.config === undefined ? {} : { configFile: values.config }) };
  if (verify !== null) compileIpPatternsAhead();
  const result = await loginWith(client, registry, username, password, verify, target);
  if (result.plaintextWarning !== null) output.err(`\n${result.plaintextWarning}\n`);
  const now = await clientsNow(registry, username, env, values.config);
  if (values.json === true) {
    printJson(output, {
      now,
      registry,
      key: result.key,
      file: result.file,
      helper: result.helper,
      plaintext: result.plaintextWarning !== null,
      backup: result.backup,
      changed: result.changed,
      verified: values['no-verify'] !== true,
    });
  } else {
    const where = result.helper === null ? result.file : `docker-credential-${result.helper} (key "${result.key}" marked in ${result.file})`;
    output.out(`Login Succeeded: stored for "${result.key}" in ${where}`);
    output.out(`now ${now.image}: ${now.clients.map((item) => `${item.client}: ${item.sends}`).join(', ')}`);
  }
  return 0;
};
