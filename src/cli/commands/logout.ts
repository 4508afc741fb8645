import { registryFromArgument } from '../../reference/parse.js';
import { containersLogout, dockerLogout } from '../../store/apply.js';
import { storeRegistry } from '../../store/plan.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { checkConfigFileArgument } from '../resolve-options.js';

const USAGE = usageLine('logout');

export const logoutCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('logout', argv);
  const client = values.client ?? 'docker';
  if (client !== 'docker' && client !== 'podman') throw new RegauthError('E_USAGE', `logout removes docker or podman logins, not "${client}"`);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const { registry, note } = storeRegistry(positionals[0], client, registryFromArgument);
  if (note !== null) output.err(note);
  const target = { env, ...(values.config === undefined ? {} : { configFile: values.config }) };
  const result = client === 'docker' ? await dockerLogout(target, registry) : await containersLogout(target, registry);
  if (values.json === true) {
    printJson(output, { registry, file: result.file, removed: result.removedKeys, helper: result.helper, erasedFromHelper: result.erasedFromHelper, backup: result.backup });
    return 0;
  }
  if (result.removedKeys.length === 0 && result.erasedFromHelper.length === 0) {
    output.out(`Not logged in to ${registry}: no entry in ${result.file}${result.helper === null ? '' : ` or docker-credential-${result.helper}`}`);
    return 0;
  }
  for (const key of result.removedKeys) output.out(`Removed "${key}" from ${result.file}`);
  for (const key of result.erasedFromHelper) output.out(`Erased "${key}" from docker-credential-${result.helper}`);
  if (result.backup !== null) output.out(`(backup: ${result.backup})`);
  return 0;
};
