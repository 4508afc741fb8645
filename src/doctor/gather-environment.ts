import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dockerContextChoice } from '../config/docker-context.js';
import { detectDefaultStore, type LocateEnvironment } from '../config/locate.js';
import type { DockerConfigView } from '../config/model.js';
import type { StrayCopy } from './checks/backups.js';
import type { EnvironmentFacts, Facts, PassStoreFacts } from './facts.js';

/**
 * The I/O behind the environment findings: which Docker context the CLI uses and whether it
 * exists, whether the pass store Docker would use is initialised, and signs that several jobs
 * share one config file. Every rule comes from src/config (context order, default store).
 */

const GPG_TIMEOUT_MS = 5_000;

export function contextFacts(view: DockerConfigView, configDir: string, env: NodeJS.ProcessEnv): NonNullable<Facts['docker']['context']> {
  const current = view.currentContext ?? null;
  const choice = dockerContextChoice(configDir, env, current?.value ?? null);
  return {
    name: choice.name,
    source: choice.source,
    line: choice.source === 'currentContext' ? (current?.pos.line ?? null) : null,
    metaPath: choice.metaPath,
    exists: choice.metaPath === null || existsSync(choice.metaPath),
  };
}

/** pass as the store Docker uses for this file: named by credsStore, or detected as Docker's default store. */
export async function passStoreFacts(view: DockerConfigView, snapshot: LocateEnvironment, env: NodeJS.ProcessEnv, home: string | null): Promise<PassStoreFacts | null> {
  let chosenBy: PassStoreFacts['chosenBy'];
  if (view.credsStore !== null) {
    if (view.credsStore.value !== 'pass') return null;
    chosenBy = 'credsStore';
  } else {
    const containsAuth = 'containsAuth' in view ? Boolean(view.containsAuth) : true;
    if (detectDefaultStore({ containsAuth }, snapshot.onPath, snapshot.platform).store !== 'pass') return null;
    chosenBy = 'default-store';
  }
  const fromEnv = env['PASSWORD_STORE_DIR'];
  const storeDir = fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(home ?? '', '.password-store');
  const initialised = existsSync(join(storeDir, '.gpg-id'));
  return {
    chosenBy,
    line: chosenBy === 'credsStore' ? (view.credsStore?.pos.line ?? null) : null,
    storeDir,
    initialised,
    secretKeys: initialised ? [] : await gpgSecretKeys(env),
  };
}

/** Fingerprints of the GPG secret keys, or null when gpg is missing, fails or overruns. */
function gpgSecretKeys(env: NodeJS.ProcessEnv): Promise<string[] | null> {
  return new Promise((resolve) => {
    execFile(
      'gpg',
      ['--batch', '--with-colons', '--list-secret-keys'],
      { env, timeout: GPG_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 256 * 1024, encoding: 'utf8' },
      (error, stdout) => {
        if (error !== null && (error as { code?: unknown }).code !== 2) return resolve(null);
        const keys: string[] = [];
        let inSecretKey = false;
        for (const line of stdout.split('\n')) {
          const fields = line.split(':');
          if (fields[0] === 'sec') inSecretKey = true;
          else if (fields[0] === 'ssb') inSecretKey = false;
          else if (fields[0] === 'fpr' && inSecretKey && fields[9] !== undefined && fields[9] !== '') {
            keys.push(fields[9]);
            inSecretKey = false;
          }
        }
        resolve(keys);
      },
    );
  });
}

/** Docker's own temporary files (`config.json` plus digits, made by its save) beside the file, and CI without DOCKER_CONFIG. */
export function sharedConfigFacts(configPath: string, environment: EnvironmentFacts, copies: readonly StrayCopy[]): NonNullable<Facts['sharedConfig']> {
  const name = basename(configPath);
  const tempFiles = copies.filter((copy) => copy.of === configPath && /^\d+$/.test(basename(copy.path).slice(name.length))).map((copy) => copy.path);
  return { ci: environment.ci, dockerConfigSet: environment.dockerConfig !== null, tempFiles };
}
