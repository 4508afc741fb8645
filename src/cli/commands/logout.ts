import { logoutWith } from '../../api/login.js';
import { registryFromArgument } from '../../reference/parse.js';
import { storeRegistry } from '../../store/plan.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { clientsNow } from '../clients-now.js';
import { printJson } from '../output.js';
import { checkConfigFileArgument } from '../resolve-options.js';
import { writeChoicesFrom } from '../write-options.js';

const USAGE = usageLine('logout');

/**
 * Removes the registry from every place the client keeps it: the file and each helper. The
 * report names each place and what it lost; a helper that failed or timed out leaves its
 * secret behind, so the command then says what is left and exits 1.
 */
export const logoutCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('logout', argv);
  const client = values.client ?? 'docker';
  if (client !== 'docker' && client !== 'podman') throw new RegauthError('E_USAGE', `logout removes docker or podman logins, not "${client}"`);
  if (values.config !== undefined) checkConfigFileArgument(values.config);
  const { registry, note } = storeRegistry(positionals[0], client, registryFromArgument);
  if (note !== null) output.err(note);
  const target = { env, ...writeChoicesFrom(values), ...(values.config === undefined ? {} : { configFile: values.config }) };
  const result = await logoutWith(client, registry, target);
  const exitCode = result.complete ? 0 : 1;
  // a helper that failed or hung would only fail or hang again: what is left is said below instead
  const now = result.complete ? await clientsNow(registry, null, env, values.config) : null;
  if (values.json === true) {
    printJson(output, {
      now,
      registry,
      file: result.file,
      removed: result.removedKeys,
      helper: result.helper,
      erasedFromHelper: result.erasedFromHelper,
      backup: result.backup,
      places: result.places,
      complete: result.complete,
      backupsScrubbed: result.backupsScrubbed,
    });
    return exitCode;
  }
  const helpers = result.places.filter((place) => place.place === 'helper');
  if (result.places.every((place) => place.removed.length === 0 && place.left.length === 0)) {
    output.out(`Not logged in to ${registry}: no entry in ${result.file}${helpers.map((place) => ` or ${place.name}`).join('')}`);
    return 0;
  }
  for (const place of result.places) {
    for (const key of place.removed) output.out(place.place === 'file' ? `Removed "${key}" from ${place.name}` : `Erased "${key}" from ${place.name}`);
    for (const left of place.left) output.err(`regauth: ${place.name} did not erase "${left.key}": ${left.why}; it still holds the credentials`);
  }
  for (const path of result.backupsScrubbed) output.out(`Removed the credentials from the backup ${path}`);
  if (result.backup !== null) output.out(`(backup: ${result.backup})`);
  if (now !== null) output.out(`now ${now.image}: ${now.clients.map((item) => `${item.client}: ${item.sends}`).join(', ')}`);
  if (!result.complete) output.err(`regauth: logout from ${registry} is incomplete: the helper above still holds credentials that Docker sends`);
  return exitCode;
};
