import { registryFromArgument } from '../../reference/parse.js';
import type { ImageRef } from '../../reference/model.js';
import { checkAccess } from '../../registry/index.js';
import { containersLogin, dockerLogin } from '../../store/apply.js';
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

/** The registry check needs a repository; only `authenticated` is read for a login. */
function loginRef(registry: string): ImageRef {
  const repository = 'library/regauth-login-check';
  return { input: registry, registry, repository, tag: null, digest: null, name: `${registry}/${repository}`, normalized: `${registry}/${repository}` };
}

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

  if (values['no-verify'] !== true) {
    const seconds = parseSeconds(values.timeout, '--timeout', 30);
    const report = await checkAccess({
      ref: loginRef(registry),
      credentials: { username, password },
      push: false,
      insecure: values.insecure === true,
      deadlineMs: seconds * 1000,
      env,
    });
    if (report.authenticated !== true) {
      const problem = report.problems[0];
      const why = problem === undefined ? 'the registry did not confirm the credentials' : `${problem.id}: ${problem.detail}`;
      throw new RegauthError('E_NETWORK', `login to ${registry} not verified, nothing stored (${why})`, {
        ...(problem?.hint === undefined ? {} : { hint: problem.hint }),
      });
    }
  }
  const target = { env, ...writeChoicesFrom(values), ...(values.config === undefined ? {} : { configFile: values.config }) };
  const result = client === 'docker' ? await dockerLogin(target, registry, username, password) : await containersLogin(target, registry, username, password);
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
