import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding, quote, shellQuote } from './support.js';

/** The Docker context, the pass store and jobs sharing one config file (facts from gather-environment.ts). */
export function checkEnvironment(facts: Facts): Finding[] {
  return [...missingContext(facts), ...uninitialisedPass(facts), ...sharedConfig(facts)];
}

function missingContext(facts: Facts): Finding[] {
  const context = facts.docker.context;
  if (context === undefined || context.exists) return [];
  const file = facts.docker.config.meta.path;
  const where = context.source === 'currentContext' ? `"currentContext" in ${file}` : context.source;
  return [
    finding('docker-context-missing', {
      title: `${where} names the Docker context ${quote(context.name)}, which does not exist`,
      detail: `Docker looks for ${context.metaPath ?? 'the context'} and stops: docker pull, push and login fail with 'context ${quote(context.name)}: context not found' (Docker 20.10 with 'Current context ${quote(context.name)} is not found on the file system', for every command). ${
        context.source === 'DOCKER_CONTEXT' ? 'Unset DOCKER_CONTEXT, or create the context.' : '"docker context use default" rewrites the file without "currentContext".'
      }`,
      file: context.source === 'currentContext' ? file : null,
      line: context.line,
      key: context.source === 'currentContext' ? 'currentContext' : null,
      command: context.source === 'DOCKER_CONTEXT' ? 'unset DOCKER_CONTEXT' : 'docker context use default',
    }),
  ];
}

/** The gpg id a fresh key gets when there is none yet; `pass init` accepts it in place of a fingerprint. */
const NEW_KEY_ID = 'docker-credential-pass';

function uninitialisedPass(facts: Facts): Finding[] {
  const store = facts.docker.passStore;
  if (store === undefined || store === null || store.initialised) return [];
  const file = facts.docker.config.meta.path;
  const key = store.secretKeys?.[0];
  const storeEnv = store.storeDir.endsWith('/.password-store') ? '' : `PASSWORD_STORE_DIR=${shellQuote(store.storeDir)} `;
  const command =
    key === undefined
      ? `gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key ${NEW_KEY_ID} default default never && ${storeEnv}pass init ${NEW_KEY_ID}`
      : `${storeEnv}pass init ${key}`;
  const why =
    store.chosenBy === 'credsStore'
      ? `"credsStore": "pass" in ${file} sends every login to docker-credential-pass`
      : `${file} names no credential store and both pass and docker-credential-pass are installed, so Docker picks pass as its default store (and writes "credsStore": "pass" at the next login)`;
  return [
    finding('pass-not-initialised', {
      // without credsStore nothing fails until the next login, which then stores in pass
      severity: store.chosenBy === 'credsStore' ? 'error' : 'warning',
      title: `Docker stores credentials in pass, but ${store.storeDir} is not initialised`,
      detail: `${why}, but the password store ${store.storeDir} has no .gpg-id ("pass init" never ran): "docker login" fails with "pass not initialized: ... password store is empty" and nothing can be read from it. ${
        key === undefined
          ? 'There is no GPG secret key yet: create one (gpg --gen-key asks for a name and a passphrase; the command below makes one without a passphrase for unattended use), then initialise the store with it.'
          : `Initialise the store with the GPG key ${key}.`
      } Then run docker login again.`,
      file,
      line: store.line,
      key: store.chosenBy === 'credsStore' ? 'credsStore' : null,
      command,
    }),
  ];
}

function sharedConfig(facts: Facts): Finding[] {
  const shared = facts.sharedConfig;
  if (shared === undefined || shared.dockerConfigSet) return [];
  const { meta } = facts.docker.config;
  const inCi = shared.ci !== null && meta.kind === 'file';
  if (shared.tempFiles.length === 0 && !inCi) return [];
  const evidence =
    shared.tempFiles.length > 0
      ? `Docker's temporary files ${shared.tempFiles.join(', ')} lie beside it: a save was interrupted or raced another.`
      : `This runs in ${shared.ci ?? 'CI'} without DOCKER_CONFIG, so every job on this runner uses ${meta.path}.`;
  return [
    finding('config-shared-by-jobs', {
      severity: shared.tempFiles.length > 0 ? 'warning' : 'info',
      title: `${meta.path} may be written by several jobs at once`,
      detail: `${evidence} Two "docker login"s at the same time each write back the file as they read it, and one login is lost. Give every job its own config directory with DOCKER_CONFIG.`,
      file: meta.path,
      command: 'export DOCKER_CONFIG="$(mktemp -d)"  # in each job, before docker login',
    }),
  ];
}
