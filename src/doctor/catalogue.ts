import type { Severity } from './finding.js';
import { CONFIG_CONTENT_FINDINGS } from './checks/config-content-catalogue.js';
import { ENVIRONMENT_FINDINGS } from './checks/environment-catalogue.js';

/**
 * Every finding `doctor` can report: a stable id, a generic title, the usual severity and the
 * long explanation `regauth explain ID` prints. Ids are part of the JSON output: add, never rename.
 */
export interface CatalogueEntry {
  title: string;
  severity: Severity;
  explanation: string;
}

const HUB = 'https://index.docker.io/v1/';

export const FINDING_CATALOGUE = {
  ...CONFIG_CONTENT_FINDINGS,
  ...ENVIRONMENT_FINDINGS,
  'docker-hub-key-ignored': {
    title: 'Docker Hub credentials stored under a key the Docker CLI never reads',
    severity: 'error',
    explanation: `The Docker CLI looks Docker Hub up under exactly one key: "${HUB}" (with the scheme, the /v1/ path and the trailing slash). Spellings such as "docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1" or "http://index.docker.io/v1/" are never consulted for Hub images, so docker pull and push go out anonymously and fail with "unauthorized: authentication required" or "denied: requested access to the resource is denied". podman, skopeo and buildah normalise all of these spellings to Docker Hub, which is why the same file works for them. go-containerregistry (crane, ko, kaniko) uses Docker's lookup and ignores the key too. The fix renames the key to "${HUB}", unless an entry under that key already exists.`,
  },
  'hub-website-key': {
    title: 'Credentials stored for hub.docker.com, the Docker Hub web site',
    severity: 'warning',
    explanation: `hub.docker.com is Docker Hub's web site, not its registry. No client sends credentials stored under it when pulling or pushing Hub images; the registry is reached as registry-1.docker.io and its credentials live under "${HUB}" for Docker. Rename the key to "${HUB}".`,
  },
  'conflicting-keys': {
    title: 'Several spellings of one registry hold different credentials',
    severity: 'warning',
    explanation: `Two or more keys name the same registry but hold different credentials. Each client picks differently: Docker and crane take the exact key first and otherwise any key reducing to the same host, in random Go map order; podman takes the most specific key, then any normalised spelling in random order; the kubelet tries every matching entry in turn. The result is that clients disagree, or the same client changes its mind between runs. regauth cannot know which credentials are right: choose one with "regauth fix --keep KEY"; the other spellings are removed and the kept entry is renamed to the key Docker looks up.`,
  },
  'auth-invalid-base64': {
    title: 'An "auth" value is not valid base64',
    severity: 'error',
    explanation: 'The "auth" field must be base64("username:password") with standard padding. Docker stops decoding the file at the first bad value (printing "WARNING: Error parsing config file (...): illegal base64 data at input byte N") and sends no credentials from the entries it did not reach; podman, skopeo and buildah fail with the same Go error; crane refuses the whole file. Log in again, or re-create the value with: printf \'%s\' "user:password" | base64 -w0',
  },
  'auth-missing-colon': {
    title: 'An "auth" value does not decode to "username:password"',
    severity: 'error',
    explanation: 'The decoded "auth" value contains no colon. Docker reports "invalid auth configuration file" and stops decoding the file; podman skips the entry silently (logging "missing semicolon") and tries the next file. Usually the value was made from a token alone, or with `echo` adding a newline in the wrong place. Encode "username:password" (or "username:token").',
  },
  'auth-empty-username': {
    title: 'An "auth" value has an empty username',
    severity: 'error',
    explanation: 'The decoded "auth" value starts with ":", so its username is empty. Docker CLI 23.0 and later reject it with "invalid auth configuration file" and stop decoding the file; older releases and podman accept it and send an empty username, which registries refuse. Encode the account name before the colon.',
  },
  'auth-username-mismatch': {
    title: 'The "auth" value names a different user than the "username" field',
    severity: 'warning',
    explanation: 'When an entry has both "auth" and "username", Docker decodes "auth" and overrides the "username"/"password" fields with it; podman reads only "auth". The "username" field is therefore misleading: whoever edited it expected that account to be used. Remove the stale fields or log in again.',
  },
  'bad-entry-breaks-file': {
    title: 'One bad entry makes Docker drop credentials of other entries',
    severity: 'error',
    explanation: 'Docker decodes "auth" values in random (Go map) order and stops at the first one that fails. Entries after the failure keep their raw, undecoded value and no credentials are sent for them, so which registries work changes from run to run. crane and other go-containerregistry tools refuse the whole file. Fix or remove the bad entry.',
  },
  'config-invalid-json': {
    title: 'The config file is not valid JSON',
    severity: 'error',
    explanation: 'Docker prints "WARNING: Error parsing config file" and carries on with an empty configuration (and may overwrite the broken file at the next login); podman, skopeo and buildah fail with "reading JSON file ... unmarshaling JSON"; crane fails. Fix the syntax at the reported line.',
  },
  'config-type-error': {
    title: 'A config value has the wrong JSON type',
    severity: 'error',
    explanation: 'A field holds a value of the wrong type (for example a number where a string belongs). Go\'s decoder stops there: Docker keeps what it read before and decodes no "auth" value at all; other clients fail to read the file.',
  },
  'plaintext-ignored-for-helper': {
    title: 'Plain-text credentials ignored because a credential helper applies',
    severity: 'warning',
    explanation: 'When credsStore or credHelpers names a helper for a registry, Docker (and crane) ask the helper and ignore the "auth" stored in the file under that key. podman ignores credsStore and does use the plain-text value, so the clients disagree. Either store the credentials in the helper (docker login) and delete the plain-text value, or remove the helper setting.',
  },
  'credhelpers-hub-key-ignored': {
    title: 'credHelpers entry for Docker Hub under a key Docker does not read',
    severity: 'warning',
    explanation: `Docker looks credHelpers up by the exact lookup key, which for Docker Hub is "${HUB}". An entry keyed "docker.io" or "index.docker.io" is never consulted by Docker (credsStore, or the plain file, is used instead), while podman does use it for Hub. Rename the key to "${HUB}".`,
  },
  'helper-missing': {
    title: 'A configured credential helper is not installed',
    severity: 'error',
    explanation: 'credsStore or credHelpers names docker-credential-<name>, but no such executable is on PATH. Docker reports "error getting credentials - err: exec: "docker-credential-<name>": executable file not found in $PATH" and carries on: push, pull and manifest inspect send the entry the file holds for the registry, if there is one, and otherwise no credentials (observed with Docker CLI 28.2 and 20.10). The usual case is "desktop" (or "desktop.exe" in WSL, "osxkeychain" on a Mac) left behind by Docker Desktop after it was uninstalled, or a config file copied from another machine. A helper that belongs to another platform or to an absent Docker Desktop holds nothing reachable from here, so removing the setting loses nothing; Docker then reads the plain-text entries of the file and "docker login" stores new ones there (or in pass/secretservice once configured). For other helpers (pass, secretservice, ecr-login, gcloud) install the helper instead.',
  },
  'helper-failing': {
    title: 'A credential helper fails when asked',
    severity: 'error',
    explanation: 'The helper is installed but exits with an error (or hangs). Docker reports "error getting credentials - err: exit status 1, out: `...`". Typical causes: pass without "pass init" or a locked GPG key, secretservice without a D-Bus session or keyring daemon ("Cannot autolaunch D-Bus without X11 $DISPLAY", "The name org.freedesktop.secrets was not provided by any .service files"), an expired cloud login for ecr-login/gcloud. The helper\'s own message is shown.',
  },
  'helper-empty-entry': {
    title: 'An empty entry points at a helper that has nothing for it',
    severity: 'warning',
    explanation: 'Docker writes "{}" entries next to credsStore: the credentials live in the helper. Here the helper has none for that key (it was wiped, or the file came from another machine), so Docker sends no credentials. Log in again, or remove the empty entry.',
  },
  'backup-readable-by-others': {
    title: 'A backup or copy of a credential file is readable by other users',
    severity: 'warning',
    explanation: 'A backup (regauth\'s own, an editor\'s, a manual .bak) or a temporary file a killed "docker login" left holds credentials and its permissions let other users read it, even when the file itself is private. Remove the copy, or make it private with chmod 600.',
  },
  'backup-holds-removed-credentials': {
    title: 'A backup or copy still holds credentials the file no longer has',
    severity: 'warning',
    explanation: 'After a logout, a new login or a manual edit, a copy of the credential file next to it still holds the old credentials: they remain on disk, readable by anyone who can read the copy. Remove the copy once it is not needed.',
  },
  'config-world-readable': {
    title: 'Config file with plain-text credentials is readable by other users',
    severity: 'warning',
    explanation: 'The file holds credentials in plain text and its permissions let other users (or the group) read it. Docker creates it with mode 0600; copies and manual edits often lose that. Restrict it with chmod 600, or move the credentials into a credential helper.',
  },
  'config-owned-by-root': {
    title: 'Config file in a user\'s home directory is owned by root',
    severity: 'warning',
    explanation: 'Usually the result of "sudo docker login" with a HOME that still pointed at the user\'s home. Docker running as the user cannot write the file (login fails) and, with mode 0600, cannot read it either. Give it back to the user with chown.',
  },
  'config-unreadable': {
    title: 'Config file cannot be read',
    severity: 'error',
    explanation: 'Docker prints "WARNING: Error loading config file: ... permission denied" and continues without any credentials; podman, skopeo and crane fail. Fix the owner or the permissions.',
  },
  'config-is-directory': {
    title: 'The config path is a directory',
    severity: 'error',
    explanation: 'config.json (or auth.json) exists as a directory, often created by a bind mount of a file that did not exist on the host. Docker warns "read ...: is a directory" and continues without credentials; other clients fail. Remove the directory and log in again.',
  },
  'config-dangling-symlink': {
    title: 'The config file is a symbolic link to nothing',
    severity: 'warning',
    explanation: 'The config path is a symlink whose target does not exist. Clients treat the file as missing (no credentials); Docker\'s next login creates the target. Fix the link or remove it.',
  },
  'sudo-reads-root-config': {
    title: 'Under sudo, Docker reads root\'s config, not the user\'s',
    severity: 'warning',
    explanation: 'Running as root through sudo, Docker reads /root/.docker/config.json (HOME is root\'s), while "docker login" without sudo stored the credentials in the user\'s own file. Log in again under sudo, add the user to the docker group instead of using sudo, or point DOCKER_CONFIG at the user\'s directory.',
  },
  'docker-config-env-not-dir': {
    title: 'DOCKER_CONFIG names a file, not a directory',
    severity: 'error',
    explanation: 'DOCKER_CONFIG must name the directory that holds config.json. Pointing it at the file itself makes Docker read "<file>/config.json", which fails with "not a directory"; Docker continues without credentials and login fails. Set DOCKER_CONFIG to the directory.',
  },
  'docker-config-env-missing': {
    title: 'DOCKER_CONFIG names a directory that does not exist',
    severity: 'warning',
    explanation: 'Docker starts from an empty configuration (no credentials), and podman and buildah use DOCKER_CONFIG/config.json as their only auth file. Usually a typo or a variable left over from a CI step.',
  },
  'snap-docker-config': {
    title: 'Snap-installed Docker keeps its config in a different place',
    severity: 'info',
    explanation: 'The snap package of Docker reads and writes ~/snap/docker/<revision>/.docker/config.json. Other tools (docker compose plugins outside the snap, crane, podman, doctl) read ~/.docker/config.json, so credentials stored by one are missing for the others. Log in with each tool, or set DOCKER_CONFIG for both.',
  },
  'no-docker-config': {
    title: 'No Docker config file',
    severity: 'info',
    explanation: 'There is no config.json: Docker pulls and pushes anonymously (and detects a default credential helper at the first login). This is not an error; public images work without credentials.',
  },
  'key-default-port': {
    title: 'Key carries the default HTTPS port',
    severity: 'warning',
    explanation: 'Images are named "host/repo", so Docker looks up "host". A key "host:443" reduces to "host:443", which is a different string; Docker, crane and the kubelet never use it, and podman matches it only for images named "host:443/...". Rename the key to the host without the port.',
  },
  'namespaced-key': {
    title: 'Key with a repository path',
    severity: 'info',
    explanation: 'A key such as "quay.io/org" is understood differently by each client: podman uses it only for images under quay.io/org; Docker and crane reduce it to "quay.io" and use it for every quay.io image when no plain "quay.io" key exists; the kubelet treats the path as a prefix. Use it only when per-namespace credentials are intended, and for podman only.',
  },
  'token-expired': {
    title: 'A stored token has expired',
    severity: 'error',
    explanation: 'The entry holds a token (identity token, registry token or a JWT used as password) whose "exp" claim is in the past. The registry refuses it with "unauthorized: authentication required". Log in again to get a fresh token.',
  },
  'ecr-token-expired': {
    title: 'A stored Amazon ECR login has expired',
    severity: 'error',
    explanation: 'Passwords from "aws ecr get-login-password" are valid for 12 hours; the stored one has passed its "expiration". ECR answers "denied: Your authorization token has expired. Reauthenticate and try again." Use the amazon-ecr-credential-helper ("credHelpers": {"<account>.dkr.ecr.<region>.amazonaws.com": "ecr-login"}) so a fresh token is fetched each time, or log in again.',
  },
  'registry-login-failed': {
    title: 'The registry refuses the stored credentials',
    severity: 'error',
    explanation: 'The online check sent the credentials the client would send, and the registry rejected them: wrong or revoked password/token, an e-mail address instead of the account name, or a token lacking the scope. The registry\'s own message is shown.',
  },
  'registry-unreachable': {
    title: 'The registry check could not finish',
    severity: 'error',
    explanation: 'The registry could not be reached or did not answer like a registry (DNS, connection refused, TLS trust, proxy, timeout). Credentials could not be verified; the problem detail says what failed.',
  },
  'push-denied': {
    title: 'The credentials may not push to this repository',
    severity: 'error',
    explanation: 'Login works but the registry does not grant push on the repository: a read-only token, a repository or project that does not exist, or a namespace that belongs to someone else.',
  },
  'namespace-not-yours': {
    title: 'Pushing to a Docker Hub namespace that is not the logged-in user\'s',
    severity: 'error',
    explanation: 'Docker Hub repositories are "<namespace>/<name>", and only the namespace\'s owner (or members of the organisation) may push. A tag without a namespace pushes to "library/", which nobody outside Docker may push to. Tag the image as "<your-user>/<name>".',
  },
  'legacy-dockercfg-ignored': {
    title: '~/.dockercfg is ignored by this Docker release',
    severity: 'warning',
    explanation: 'Docker read the legacy ~/.dockercfg when config.json was missing until release 23.0, which removed it. podman, skopeo and buildah still read it, last. Run "docker login" to create config.json, or move the entries into an "auths" object in ~/.docker/config.json.',
  },
  'legacy-dockercfg-used': {
    title: 'Docker reads the legacy ~/.dockercfg',
    severity: 'info',
    explanation: 'This Docker release (before 23.0) reads ~/.dockercfg because config.json does not exist. Newer releases ignore it; move its entries into ~/.docker/config.json.',
  },
  'auth-config-env-ignored': {
    title: 'DOCKER_AUTH_CONFIG is set but this Docker release ignores it',
    severity: 'warning',
    explanation: 'The Docker CLI reads credentials from the DOCKER_AUTH_CONFIG environment variable only from release 28.3 on. Older releases use config.json and helpers as usual; tools built on containers/image or go-containerregistry do not read the variable at all.',
  },
  'auth-config-env-invalid': {
    title: 'DOCKER_AUTH_CONFIG cannot be used',
    severity: 'error',
    explanation: 'Docker parses DOCKER_AUTH_CONFIG strictly: one JSON object {"auths": {"<key>": {"auth": "<base64 user:password>"}}}, no other fields, every entry with "auth". Otherwise it prints "Failed to create credential store from DOCKER_AUTH_CONFIG: ..." and ignores the whole variable.',
  },
  'hostname-port-dropped': {
    title: 'Docker 27.0.1 ignores the port of keys',
    severity: 'warning',
    explanation: 'Docker CLI 27.0.1 reduced keys to a host without the port, so "myreg:5000" credentials were also used for "myreg" and the other way round; 27.0.2 restored ports. Upgrade the CLI.',
  },
  'no-credentials-sent': {
    title: 'The registry wants credentials, but the client sends none',
    severity: 'error',
    explanation: 'The online check sent what the client would send, which was nothing, and the registry refused anonymous access. No stored credential was refused: the client does not find one for this image. "regauth resolve IMAGE" shows every key it tried and why each was skipped.',
  },
  'clients-disagree': {
    title: 'Two clients send different credentials for the same image',
    severity: 'error',
    explanation: `Docker, podman/skopeo/buildah, crane and the kubelet read the same files by different rules: which key names a registry, whether a path in a key limits it to a namespace, whether a credential helper is asked, what happens with a file that does not parse. regauth resolves every client for the image (or, without an image, for an image on every registry the files name) and reports where they differ, with each client's outcome, the key at file and line that decided, and the steps of both lookups. It is an error when the client you use (Docker unless --client says otherwise) sends nothing or a different user. The fix stores the credentials under "${HUB}" for Docker Hub, or under the registry's host for any other registry, which every client reads; where several entries hold different credentials, choose with "regauth fix --keep KEY".`,
  },
  'short-name-no-tty': {
    title: 'podman must ask which registry a short name means, but there is no terminal',
    severity: 'error',
    explanation: 'With short-name-mode = "enforcing", an image name without a registry ("app", "team/app") that has no alias and more than one unqualified-search registry makes podman and buildah ask which registry to pull from. Without a terminal on stdin and stdout (scripts, CI, systemd units, ssh without -t) they stop with "short-name resolution enforced but cannot prompt without a TTY" before any request. Use the full name, or add an alias under [aliases] in a registries.conf.d drop-in beside the registries.conf that set the search list; skopeo is not affected (it reads short names as Docker Hub names). It is an error with --client podman, a warning otherwise.',
  },
  'short-name-no-search': {
    title: 'A short name cannot be resolved: no alias and no unqualified-search registries',
    severity: 'error',
    explanation: 'podman and buildah resolve an image name without a registry through [aliases] and then unqualified-search-registries. Debian\'s registries.conf sets neither (podman 4.3 then says \'short-name "app" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"\'). Use the full name, add an alias in a registries.conf.d drop-in, or set unqualified-search-registries. skopeo and Docker read the same name as a Docker Hub image. It is an error with --client podman, a warning otherwise.',
  },
  'short-name-ambiguous': {
    title: 'A short name is tried on several registries, each with its own credentials',
    severity: 'warning',
    explanation: 'Without an alias, podman and buildah try every unqualified-search registry in order (short-name-mode "permissive" or "disabled", or "enforcing" after asking in a terminal) and pull from the first one that has the name. Each registry is sent the credentials stored for its own name, so the image — and the account used — depends on which registry answers first; anyone who can create that name on an earlier registry decides what is pulled. Use the full name or an alias.',
  },
  'mirror-without-credentials': {
    title: 'A mirror is asked without credentials while the registry gets some',
    severity: 'warning',
    explanation: 'podman, skopeo and buildah try each [[registry.mirror]] before the registry itself, and look credentials up under the mirror\'s own name, never the registry\'s. With nothing stored for the mirror it is asked anonymously: a mirror that needs a login refuses, and the pull falls back to the registry (slower, or failing when the registry is unreachable — the reason the mirror exists). Log in to the mirror host (podman login MIRROR) so its own credentials are stored.',
  },
  'docker-mirror-hub-only': {
    title: 'daemon.json registry-mirrors do not apply to this registry',
    severity: 'info',
    explanation: 'dockerd uses "registry-mirrors" only for Docker Hub images, and only to pull. Images on any other registry, and every push, go to the registry named in the image. To route another registry through a mirror, name the mirror in the image, or configure the mirror in containerd (hosts.toml) when Docker uses the containerd image store.',
  },
  'docker-mirror-hub-credentials': {
    title: 'dockerd offers the Docker Hub account to its registry mirrors',
    severity: 'info',
    explanation: 'For a Docker Hub pull the CLI sends dockerd the credentials it stores for Docker Hub (X-Registry-Auth), and dockerd offers that same account to every endpoint it tries: each registry mirror first, then registry-1.docker.io (moby distribution/registry.go: one static credential store for all endpoints). A mirror that challenges for credentials therefore receives the Docker Hub user and password (or, with a token challenge, they are sent to the mirror\'s token service). Credentials stored in config.json under the mirror\'s own host are never used for a pull. Use a mirror that does not ask for credentials, or one you trust with the Docker Hub account.',
  },
  'registry-blocked': {
    title: 'registries.conf blocks the registry this image is pulled from',
    severity: 'error',
    explanation: 'A [[registry]] table with blocked = true whose prefix matches the image makes podman, skopeo and buildah refuse to contact it ("registry X is blocked in ..."). Mirrors of a blocked registry are still tried. Remove blocked = true or use another registry.',
  },
  'registries-conf-refused': {
    title: 'podman, skopeo and buildah refuse registries.conf',
    severity: 'error',
    explanation: 'containers/image loads registries.conf and every drop-in in registries.conf.d before a pull, a push or a credential lookup, and stops at the first file it refuses: a TOML error, a [[registry]] without location (or a location or prefix with "http://"), one location with conflicting insecure or blocked settings, an unknown pull-from-mirror or short-name-mode value, an unqualified-search-registries entry that is not a host, an invalid alias, or the version-1 format where it is not read (a drop-in, a file mixing both formats, any file from containers/image 5.40). Nothing is contacted and no credentials are looked up until the file is corrected at the place given.',
  },
  'registries-conf-v1': {
    title: 'registries.conf is in the version-1 format, which newer podman, skopeo and buildah refuse',
    severity: 'warning',
    explanation: 'The version-1 format ([registries.search], [registries.insecure], [registries.block], each with registries = [...]) is still read by containers/image before 5.40, in the main registries.conf only: the search list becomes unqualified-search-registries and each blocked or insecure host a [[registry]] table. containers/image 5.40 and later refuse such a file ("registries.conf must be in v2 format but is in v1"), so an upgrade stops every pull. Write the same settings in the version-2 format, which every release reads.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type FindingId = keyof typeof FINDING_CATALOGUE;

export function isFindingId(value: string): value is FindingId {
  return Object.hasOwn(FINDING_CATALOGUE, value);
}

export function catalogueEntry(id: FindingId): CatalogueEntry {
  return FINDING_CATALOGUE[id];
}

export const FINDING_IDS = Object.keys(FINDING_CATALOGUE) as FindingId[];
