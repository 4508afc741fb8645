import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { checkAccess } from './access.js';
import { checkAuthFields } from './auth-field.js';
import { checkClientsDisagree } from './clients-disagree.js';
import { checkBackups, currentSecrets } from './backups.js';
import { checkConflictingKeys } from './duplicate-keys.js';
import { checkExpiry } from './expiry.js';
import { checkFileAccess } from './file-access.js';
import { checkHelpers } from './helpers.js';
import { checkHostForms } from './host-form.js';
import { checkHubKeys } from './hub-key.js';
import { checkVersions } from './versions.js';
import { checkAuthContent, checkConfigKeys } from './config-content.js';
import { checkRouting } from './routing.js';
import { checkEnvironment } from './environment.js';

export type Check = (facts: Facts) => Finding[];

/** Every check, by the name reported under `checked.checks`. */
export const CHECKS: ReadonlyArray<{ name: string; run: Check }> = [
  { name: 'file-access', run: checkFileAccess },
  { name: 'auth-field', run: checkAuthFields },
  { name: 'hub-key', run: checkHubKeys },
  { name: 'duplicate-keys', run: checkConflictingKeys },
  { name: 'host-form', run: checkHostForms },
  { name: 'helpers', run: checkHelpers },
  { name: 'expiry', run: checkExpiry },
  { name: 'versions', run: checkVersions },
  { name: 'clients-disagree', run: checkClientsDisagree },
  { name: 'access', run: checkAccess },
  { name: 'backups', run: (facts) => checkBackups(facts.strayCopies ?? [], [
    currentSecrets(facts.docker.config.meta.path, facts.docker.config.view.auths),
    ...facts.containers.files.map((file) => currentSecrets(file.path, file.view?.auths ?? [])),
  ]) },
  { name: 'config-keys', run: checkConfigKeys },
  { name: 'auth-content', run: checkAuthContent },
  { name: 'routing', run: checkRouting },
  { name: 'environment', run: checkEnvironment },
];
