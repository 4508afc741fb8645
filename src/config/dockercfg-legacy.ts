import { secret } from '../util/secret.js';
import { decodeDockerAuth, dockerConfigFileType, emptyDockerView, optionalSecret, type DockerAuthEntryDetail, type DockerConfigViewDetail } from './docker-file.js';
import { dockerAtLeast, type DockerVersion } from './docker-version.js';
import { goUnmarshal, stringField, type GoType } from './go-unmarshal.js';
import { unmarshal } from './json.js';
import type { LoadedFile } from './model.js';
import { makeWarning } from './view-support.js';

/**
 * ~/.dockercfg as Docker CLI before 23.0 reads it when config.json is absent
 * (ConfigFile.LegacyLoadFromReader): a flat JSON map {key: {auth, email}}, or — when that fails
 * to unmarshal — the pre-JSON two-line form `auth = <base64>` / `email = ...`, stored under
 * https://index.docker.io/v1/. Docker 23.0 and later ignore the file.
 */

export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

const LEGACY_WARNING =
  'WARNING: Support for the legacy ~/.dockercfg configuration file and file-format is deprecated and will be removed in an upcoming release';


function legacyFailure(path: string, cause: string): NonNullable<DockerConfigViewDetail['loadError']> {
  const message = `${path}: ${cause}`;
  return { message, pos: null, cause, cliWarning: `WARNING: Error loading config file: ${message}` };
}

export function decodeLegacyDockercfg(file: LoadedFile, opts: { version: DockerVersion }): DockerConfigViewDetail {
  const { version } = opts;
  const view = emptyDockerView(file, version);
  if (!file.exists) return view;
  if (dockerAtLeast(version, 23)) {
    view.warnings.push(
      makeWarning(file, 'docker.dockercfg-ignored', 'Docker 23.0 and later ignore ~/.dockercfg: move the credentials to ~/.docker/config.json'),
    );
    return view;
  }
  view.warnings.push(makeWarning(file, 'docker.dockercfg-deprecated', LEGACY_WARNING));
  if (file.ioError !== null) {
    view.fatal = true;
    view.loadError = legacyFailure(file.path, file.ioError.message);
    return view;
  }

  const authConfigType = (dockerConfigFileType(version).fields[0]?.type ?? null) as GoType | null;
  const parsed = unmarshal(file.text);
  const decoded = parsed.ok && authConfigType !== null ? goUnmarshal(parsed.value, authConfigType) : null;
  if (decoded === null || decoded.error !== null || decoded.value.kind !== 'map') {
    return decodeTwoLineFormat(file, view, version);
  }

  const failures: string[] = [];
  for (const entry of decoded.value.entries) {
    const struct = entry.value.kind === 'struct' ? entry.value : null;
    const auth = struct === null ? '' : stringField(struct, 'auth');
    const detail: DockerAuthEntryDetail = {
      key: entry.key,
      keyPos: entry.keyPos,
      username: '',
      password: secret(''),
      // the flat map decodes into types.AuthConfig, so tokens are kept as in config.json
      identityToken: struct === null ? null : optionalSecret(stringField(struct, 'identitytoken')),
      registryToken: struct === null ? null : optionalSecret(stringField(struct, 'registrytoken')),
      fields: struct === null ? [] : [...struct.fields].filter(([, slot]) => slot.members.length > 0).map(([name]) => name),
      hasAuth: auth !== '',
      authError: null,
      usernameFieldConflict: false,
      decodeState: 'decoded',
      usernameField: struct === null ? '' : stringField(struct, 'username'),
      passwordField: secret(struct === null ? '' : stringField(struct, 'password')),
      auth: auth === '' ? null : secret(auth),
      passwordNulTrimmed: false,
    };
    // the legacy reader always replaces username/password by the decoded `auth`, even an empty one
    if (auth !== '') {
      const result = decodeDockerAuth(auth, version);
      if (result.ok) {
        detail.username = result.username;
        detail.password = result.password;
      } else {
        detail.authError = result.error;
        detail.decodeState = 'failed';
        detail.username = detail.usernameField;
        detail.password = detail.passwordField;
        failures.push(result.error);
      }
    }
    view.auths.push(detail);
  }
  const [firstFailure] = failures;
  if (firstFailure !== undefined) {
    view.loadError = legacyFailure(file.path, firstFailure);
    for (const entry of view.auths) {
      if (entry.decodeState === 'decoded' && entry.hasAuth) entry.decodeState = 'order-dependent';
    }
    view.orderDependent = view.auths.some((entry) => entry.decodeState === 'order-dependent') || failures.length > 1;
  }
  view.containsAuth = view.auths.length > 0;
  return view;
}

function decodeTwoLineFormat(file: LoadedFile, view: DockerConfigViewDetail, version: DockerVersion): DockerConfigViewDetail {
  const lines = file.text.split('\n');
  if (lines.length < 2) {
    view.loadError = legacyFailure(file.path, 'The Auth config file is empty');
    return view;
  }
  const parts = (lines[0] ?? '').split(' = ');
  const encoded = parts[1];
  if (parts.length !== 2 || encoded === undefined) {
    view.loadError = legacyFailure(file.path, 'Invalid Auth config file');
    return view;
  }
  const result = decodeDockerAuth(encoded, version);
  if (!result.ok) {
    view.loadError = legacyFailure(file.path, result.error);
    return view;
  }
  view.auths.push({
    key: DOCKER_HUB_AUTH_KEY,
    keyPos: { line: 1, column: 1, offset: 0 },
    username: result.username,
    password: result.password,
    identityToken: null,
    registryToken: null,
    fields: ['auth'],
    hasAuth: true,
    authError: null,
    usernameFieldConflict: false,
    decodeState: 'decoded',
    usernameField: '',
    passwordField: secret(''),
    auth: secret(encoded),
    passwordNulTrimmed: result.passwordNulTrimmed,
  });
  view.containsAuth = true;
  return view;
}
