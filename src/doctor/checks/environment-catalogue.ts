import type { CatalogueEntry } from '../catalogue.js';

/** Findings about the machine around config.json: Docker contexts, the pass store, jobs sharing a file. */
export const ENVIRONMENT_FINDINGS = {
  'docker-context-missing': {
    title: 'Docker uses a context that does not exist on this machine',
    severity: 'error',
    explanation:
      'The Docker CLI picks its context from --context, then DOCKER_HOST (the "default" context), then DOCKER_CONTEXT, then "currentContext" in config.json. A named context lives in <config dir>/contexts/meta/<sha256 of the name>/meta.json; a config copied from Docker Desktop ("desktop-linux") or another machine names one that is not there. Docker CLI 28 then stops every command that needs the daemon, and docker login, with \'Failed to initialize: unable to resolve docker endpoint: context "NAME": context not found\'; Docker 20.10 stops every command, docker manifest inspect included, with \'Current context "NAME" is not found on the file system\'. Run "docker context use default" (it rewrites config.json without "currentContext"), or create the context.',
  },
  'pass-not-initialised': {
    title: 'Docker stores credentials in pass, but the password store is not initialised',
    severity: 'error',
    explanation:
      'Docker uses docker-credential-pass when config.json says "credsStore": "pass", and on Linux also when the file names no store at all while the pass program and docker-credential-pass are installed (its default store). pass needs a GPG key and "pass init": without them "docker login" fails with "error storing credentials - err: exit status 1, out: `pass not initialized: exit status 1: Error: password store is empty. Try "pass init".`", and lookups find nothing. Create a key (gpg --gen-key, or unattended: gpg --batch --pinentry-mode loopback --passphrase \'\' --quick-gen-key NAME default default never) and run "pass init <key id>", then docker login again.',
  },
  'config-shared-by-jobs': {
    title: 'Several jobs may write the same Docker config file',
    severity: 'warning',
    explanation:
      'Each "docker login" reads config.json, adds its entry and writes the whole file back (through a temporary file named config.json<digits> that it renames). Two logins running at once in jobs that share a HOME (CI runners, parallel pipeline steps) each write back their own copy, and the entry of the first one is lost: the later pull or push goes out without credentials. Temporary files left beside config.json are a sign of it. Give every job its own directory: export DOCKER_CONFIG="$(mktemp -d)" before docker login.',
  },
  'proxy-refused': {
    title: 'The HTTP proxy refuses the connection to the registry',
    severity: 'error',
    explanation:
      'HTTPS_PROXY/HTTP_PROXY (for docker pull and push, the daemon\'s own proxy settings; the "proxies" of config.json only reach containers and builds) send registry traffic through a proxy, and it is the proxy that fails: nothing listens at its address (connection refused), its name does not resolve, it answers 407 Proxy Authentication Required (it wants user:password@ in the proxy URL), 403 (the host is not allowed) or 502/504 (it cannot reach the registry). The registry never sees the request, so the stored credentials are neither used nor refused; Docker reports "proxyconnect tcp: dial tcp ...: connect: connection refused" or "Proxy Authentication Required". Fix the proxy URL or its credentials, or list the registry in NO_PROXY when it is reachable directly.',
  },
} as const satisfies Record<string, CatalogueEntry>;
