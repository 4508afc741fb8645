import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain, renderExplanation, type MessageMatch } from './explain.js';
import { KNOWN_MESSAGES } from './messages.js';

/** Messages as users pasted them (each quoted from the report its catalogue entry cites). */
function top(text: string): MessageMatch {
  const result = explain(text);
  assert.equal(result.kind, 'messages', `no match for: ${text}`);
  const [first] = result.kind === 'messages' ? result.matches : [];
  assert.ok(first);
  return first;
}

/** Every id the text matches, best first. */
function ids(text: string): string[] {
  const result = explain(text);
  return result.kind === 'messages' ? result.matches.map((match) => match.id) : [];
}

function advice(match: MessageMatch): string {
  return [...match.causes, ...match.fix, match.confirm].join('\n');
}

describe('explain: the catalogue covers the failures users report', () => {
  it('holds at least 120 messages, each citing where its text was seen', () => {
    assert.ok(KNOWN_MESSAGES.length >= 120, `${KNOWN_MESSAGES.length} messages`);
    for (const message of KNOWN_MESSAGES) assert.match(message.source, /https:\/\/\S+/, `${message.id} cites a source`);
  });

  it('a helper named in the config but not installed, as compose/buildx list credentials', () => {
    const match = top('error listing credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH');
    assert.equal(match.id, 'helper-not-on-path-list');
    assert.equal(match.helper, 'desktop');
    assert.deepEqual(match.findings.map((finding) => finding.id), ['helper-missing']);
    assert.match(advice(match), /credsStore/);
  });

  it('the same, as docker-compose v1 / docker-py word it', () => {
    assert.equal(top('docker.credentials.errors.InitializationError: docker-credential-desktop not installed or not available in PATH').id, 'docker-py-helper-missing');
    assert.equal(top("dockerpycreds.errors.StoreError: docker-credential-desktop not installed or not available in PATH").id, 'docker-py-helper-missing');
  });

  it('GHCR organisation packages: Create and Write, with the Actions permission named', () => {
    for (const verb of ['Create', 'Write']) {
      const match = top(`denied: installation not allowed to ${verb} organization package`);
      assert.equal(match.id, 'ghcr-installation');
      assert.match(advice(match), /packages: write/);
      assert.match(advice(match), /Manage Actions access/);
    }
    assert.match(advice(top('denied: permission_denied: The token provided does not match expected scopes.')), /write:packages/);
  });

  it('a client timeout to Docker Hub is a network or proxy problem, with the daemon proxy named', () => {
    const match = top('Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)');
    assert.equal(match.id, 'client-timeout');
    assert.deepEqual(match.findings.map((finding) => finding.id), ['registry-unreachable']);
    assert.match(advice(match), /does not use the proxy settings of the shell|http-proxy\.conf/);
    assert.doesNotMatch(advice(match), /docker login/);
  });

  it('az acr login without AAD tokens: az login, then az acr login', () => {
    const match = top('WARNING: Unable to get AAD authorization tokens with message: An error occurred: CONNECTIVITY_REFRESH_TOKEN_ERROR');
    assert.equal(match.id, 'acr-aad-refresh-token');
    assert.match(advice(match), /az login/);
    assert.match(advice(match), /az acr login --name/);
    assert.equal(top('WARNING: Unable to get AAD authorization tokens with message: … CONNECTIVITY_REFRESH_TOKEN_ERROR').id, 'acr-aad-refresh-token');
  });

  it('GCR without the gcloud helper: gcloud auth configure-docker', () => {
    const match = top("unauthorized: You don't have the needed permissions to perform this operation, and you may have invalid credentials. To authenticate your request, follow the steps in: https://cloud.google.com/container-registry/docs/advanced-authentication");
    assert.equal(match.id, 'gcr-needed-permissions');
    assert.match(advice(match), /gcloud auth configure-docker/);
    assert.doesNotMatch(advice(match), /docker login/);
  });

  it('ECR: the helper is amazon-ecr-credential-helper, and it cannot store a login', () => {
    assert.match(advice(top('error getting credentials - err: exec: "docker-credential-ecr-login": executable file not found in $PATH, out: ``')), /amazon-ecr-credential-helper/);
    assert.equal(top('Error saving credentials: error storing credentials - err: exit status 1, out: `not implemented`').id, 'ecr-helper-store-not-implemented');
    assert.match(advice(top('denied: Your authorization token has expired. Reauthenticate and try again.')), /amazon-ecr-credential-helper/);
    assert.equal(top('no basic auth credentials').id, 'no-basic-auth-credentials');
    assert.match(advice(top('no basic auth credentials')), /amazon-ecr-credential-helper/);
  });

  it('gcloud helper missing or logged out', () => {
    assert.equal(top('error getting credentials - err: exec: "docker-credential-gcloud": executable file not found in $PATH, out: ``').id, 'gcloud-helper-missing');
    assert.match(advice(top('ERROR: (gcloud.auth.docker-helper) You do not currently have an active account selected.')), /gcloud auth login/);
  });

  it('Kubernetes events and API errors speak kubectl, never docker login as the fix', () => {
    const cases: Record<string, string> = {
      'Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.': 'kubelet-pull-secrets-missing',
      'Failed to pull image "myreg.example.com/app": rpc error: code = Unknown desc = failed to pull and unpack image "myreg.example.com/app:latest": failed to resolve reference "myreg.example.com/app:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed': 'kubelet-containerd-pull-denied',
      'Failed to pull image "alice/app": rpc error: code = Unknown desc = Error response from daemon: pull access denied for alice/app, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied': 'kubelet-dockerd-pull-denied',
      'Error: ErrImagePull': 'kubelet-errimagepull',
      'Secret "regcred" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'e\' looking for beginning of value': 'k8s-secret-invalid-json',
    };
    for (const [text, id] of Object.entries(cases)) {
      const match = top(text);
      assert.equal(match.id, id, text);
      assert.match(advice(match), /kubectl|regauth kube/, id);
      assert.doesNotMatch(match.fix.join('\n'), /^docker login/m, id);
    }
  });

  it('Docker Hub: personal access token for 2FA, Docker ID instead of e-mail', () => {
    assert.match(advice(top('Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: your account must log in with a Personal Access Token (PAT) - learn more at docs.docker.com/go/access-tokens')), /personal access token/i);
    const wrong = advice(top('Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password'));
    assert.match(wrong, /Docker ID/);
    assert.match(wrong, /personal access token/);
  });

  it('pass installed but never initialised: the exact gpg and pass steps', () => {
    const match = top('Error saving credentials: error storing credentials - err: exit status 1, out: `pass not initialized: exit status 1: Error: password store is empty. Try "pass init".`');
    assert.equal(match.id, 'pass-not-initialized');
    assert.match(advice(match), /gpg --gen-key/);
    assert.match(advice(match), /pass init/);
    assert.equal(top('pass not initialized: exec: "pass": executable file not found in $PATH:').id, 'pass-binary-missing');
  });

  it('keychains that cannot prompt: macOS over SSH, Windows services', () => {
    assert.match(advice(top('Error saving credentials: error storing credentials - err: exit status 1, out: `User interaction is not allowed.`')), /unlock-keychain/);
    assert.equal(top('error getting credentials - err: exit status 1, out: `A specified logon session does not exist. It may already have been terminated.`').id, 'wincred-logon-session');
  });

  it('proxies are named as the proxy, not the registry', () => {
    const match = top('Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: dial tcp 127.0.0.1:3128: getsockopt: connection refused');
    assert.equal(match.id, 'proxy-refused');
    assert.match(advice(match), /proxy/);
    assert.equal(top('Proxy Authentication Required').id, 'proxy-authentication-required');
  });

  it('plain-http and TLS problems', () => {
    assert.match(advice(top('Get "https://registry.example.com:5000/v2/": tls: first record does not look like a TLS handshake')), /insecure-registries/);
    assert.match(advice(top('Error: error authenticating creds for "registry.my.com:31231": pinging docker registry returned: Get https://registry.my.com:31231/v2/: http: server gave HTTP response to HTTPS client')), /--tls-verify=false/);
  });

  it('podman short names', () => {
    assert.match(advice(top('Error: short-name resolution enforced but cannot prompt without a TTY')), /docker\.io\/library/);
    assert.equal(top('Error: short-name "alpine" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"').id, 'short-name-no-search-registries');
  });

  it('a version-1 registries.conf, refused or mixed (skopeo 1.9.3 and containers/image 5.42 wordings)', () => {
    assert.equal(top('Error: loading drop-in registries configuration "/etc/containers/registries.conf.d/50-old.conf": registry must be in v2 format but is in v1').id, 'registries-conf-v1-refused');
    assert.equal(top('Error: loading registries configuration "/etc/containers/registries.conf": registries.conf must be in v2 format but is in v1').id, 'registries-conf-v1-refused');
    const mixed = top('Error: loading registries configuration "/etc/containers/registries.conf": mixing sysregistry v1/v2 is not supported: sysregistriesv2.tomlConfig{V2RegistriesConf:sysregistriesv2.V2RegistriesConf{}}');
    assert.equal(mixed.id, 'registries-conf-v1-mixed');
    assert.match(advice(mixed), /\[\[registry\]\]/);
  });

  it('containerd, BuildKit and go-containerregistry wordings', () => {
    assert.equal(top('ctr: failed to resolve reference "docker.io/alice/private:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed').id, 'containerd-pull-access-denied');
    assert.equal(top('failed to solve with frontend dockerfile.v0: failed to create LLB definition: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed').id, 'buildkit-llb-pull-denied');
    assert.equal(top('reading tags for myreg.azurecr.io/app: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:app Type:repository]]').id, 'ggcr-unauthorized');
  });

  it('a leftover currentContext', () => {
    const match = top('context "desktop-linux": context not found: open /root/.docker/contexts/meta/abc/meta.json: no such file or directory');
    assert.equal(match.id, 'docker-context-not-found');
    assert.match(advice(match), /currentContext/);
  });

  it('Harbor robot accounts whose "$" the shell swallowed, GitLab tokens, ACR firewalls', () => {
    assert.match(advice(top('failed to verify secret: failed to verify the secret: user does not exist, name: robot')), /quote the user name/);
    assert.match(advice(top('failed to fetch oauth token: unexpected status from GET request to https://gitlab.com/jwt/auth?offline_token=true&service=container_registry: 401 Unauthorized')), /read_registry/);
    assert.match(advice(top("denied: client with IP '198.51.100.4' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.")), /network-rule/);
  });

  it('pull failures that are not about credentials: a missing tag or repository (docker, podman and distribution wordings)', () => {
    const cases: Record<string, string> = {
      'Error response from daemon: manifest for myreg.example.com/app:latest not found: manifest unknown: manifest unknown': 'manifest-unknown',
      'Error: initializing source docker://myreg.example.com/app:latest: reading manifest latest in myreg.example.com/app: manifest unknown': 'manifest-unknown',
      'Error response from daemon: manifest for artifactory.example.com/remote/mariadb-operator:0.38.1 not found: manifest unknown: The named manifest is not known to the registry.': 'manifest-unknown',
      'name unknown: repository name not known to registry': 'name-unknown',
      'Error response from daemon: repository myreg.example.com/app not found: name unknown: repository name not known to registry': 'name-unknown',
      'no such manifest: myreg.example.com/app:nosuchtag': 'manifest-unknown',
      'FATA[0000] Error listing repository tags: fetching tags list: invalid status code from registry 404 (Not Found)': 'name-unknown',
    };
    for (const [text, id] of Object.entries(cases)) assert.equal(top(text).id, id, text);
    assert.match(advice(top('manifest unknown: manifest unknown')), /skopeo list-tags/);
    assert.match(advice(top('name unknown: repository name not known to registry')), /library\//);
    // near misses: other distribution error codes, and ECR's own wording of a missing repository
    assert.ok(!ids('blob unknown: blob unknown to registry').includes('manifest-unknown'));
    assert.ok(!ids('manifest invalid: manifest invalid').includes('manifest-unknown'));
    assert.ok(!ids('name invalid: invalid repository name').includes('name-unknown'));
    assert.equal(top("Error response from daemon: repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app not found: name unknown: The repository with name 'app' does not exist in the registry with id '123456789012'").id, 'ecr-repository-missing');
  });

  it('a deadline is a network problem, named before a client timeout only when no Client.Timeout is quoted', () => {
    const match = top('Error response from daemon: Get "https://registry-1.docker.io/v2/": context deadline exceeded');
    assert.equal(match.id, 'context-deadline-exceeded');
    assert.deepEqual(match.findings.map((finding) => finding.id), ['registry-unreachable']);
    assert.match(advice(match), /http-proxy\.conf/);
    assert.doesNotMatch(advice(match), /docker login/);
    assert.equal(top('ping https: Get "https://registry-1.docker.io/v2/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)').id, 'client-timeout');
    assert.ok(!ids('Error response from daemon: Get "https://registry-1.docker.io/v2/": context canceled').includes('context-deadline-exceeded'));
    // a token realm that does not answer is the realm's problem, not a refused login
    assert.equal(top('failed to authorize: failed to fetch anonymous token: Get "https://auth.docker.io/token?scope=repository%3Alibrary%2Fnginx%3Apull&service=registry.docker.io": context deadline exceeded').id, 'containerd-anonymous-token-timeout');
  });

  it('GitLab, GHCR and Artifact Registry refusals name their own token scopes and helpers', () => {
    const gitlab = top('denied: access forbidden');
    assert.equal(gitlab.id, 'gitlab-access-forbidden');
    assert.match(advice(gitlab), /read_registry/);
    assert.match(advice(gitlab), /CI_REGISTRY_USER/);
    assert.equal(top("Error response from daemon: pull access denied for registry.gitlab.com/group/app, repository does not exist or may require 'docker login': denied: access forbidden").id, 'gitlab-access-forbidden');
    assert.ok(!ids('denied: requested access to the resource is denied').includes('gitlab-access-forbidden'));

    const ghcr = top("Error response from daemon: pull access denied for ghcr.io/kedacore/http-add-on-operator, repository does not exist or may require 'docker login': denied: permission_denied: read_package");
    assert.equal(ghcr.id, 'ghcr-read-package');
    assert.match(advice(ghcr), /read:packages/);
    assert.ok(!ids('denied: permission_denied: write_package').includes('ghcr-read-package'));

    const ar = top('denied: Unauthenticated request. Unauthenticated requests do not have permission "artifactregistry.repositories.uploadArtifacts" on resource "projects/p/locations/us-central1/repositories/r" (or it may not exist)');
    assert.equal(ar.id, 'artifact-registry-unauthenticated');
    assert.ok(ar.findings.some((finding) => finding.id === 'no-credentials-sent'));
    assert.match(advice(ar), /gcloud auth configure-docker REGION-docker\.pkg\.dev/);
    assert.ok(!ids('denied: Permission "artifactregistry.repositories.uploadArtifacts" denied on resource "projects/p/locations/europe/repositories/r" (or it may not exist)').includes('artifact-registry-unauthenticated'));
  });

  it('podman, skopeo and buildah login failures (podman 4.3+ and older wordings) and token-service errors', () => {
    for (const text of ['Error: logging into "myreg.example.com": invalid username/password', 'Error: error logging into "docker.io": invalid username/password']) {
      const match = top(text);
      assert.equal(match.id, 'containers-login-invalid', text);
      assert.match(advice(match), /--password-stdin/);
    }
    assert.ok(!ids('Error: authenticating creds for "myreg.example.com": pinging container registry myreg.example.com: Get "https://myreg.example.com/v2/": dial tcp: lookup myreg.example.com: no such host').includes('containers-login-invalid'));

    const bearer = top('Error: authenticating creds for "myreg.example.com": Requesting bearer token: invalid status code from registry 400 (Bad Request)');
    assert.equal(bearer.id, 'containers-bearer-token-status');
    assert.match(advice(bearer), /www-authenticate/);
    assert.equal(top('Error: trying to reuse blob sha256:0123 at destination: Requesting bearer token: received unexpected HTTP status: 404 Not Found').id, 'containers-bearer-token-status');
    assert.ok(!ids('Error: initializing source docker://quay.io/org/app:latest: unable to retrieve auth token: invalid username/password: unauthorized: access to the requested resource is not authorized').includes('containers-bearer-token-status'));
  });

  it('a helper found only through a relative PATH entry (Go 1.19+ and execabs wordings)', () => {
    for (const text of [
      'error getting credentials - err: exec: "docker-credential-desktop": cannot run executable found relative to current directory, out: ``',
      'failed to load cache key: error getting credentials - err: docker-credential-desktop resolves to executable in current directory (./docker-credential-desktop), out: ``',
    ]) {
      const match = top(text);
      assert.equal(match.id, 'helper-relative-path', text);
      assert.equal(match.helper, 'desktop');
      assert.deepEqual(match.findings.map((finding) => finding.id), ['helper-missing']);
      assert.match(advice(match), /absolute path/);
    }
    assert.ok(!ids('error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``').includes('helper-relative-path'));
    assert.ok(!ids('exec: "afrog.exe": cannot run executable found relative to current directory').includes('helper-relative-path'));
  });

  it('client certificates: refused by the registry, or a certs.d directory dockerd refuses', () => {
    for (const alert of ['bad certificate', 'certificate required', 'unknown certificate authority']) {
      const match = top(`Error response from daemon: Get "https://myreg.example.com/v2/": remote error: tls: ${alert}`);
      assert.equal(match.id, 'tls-bad-certificate', alert);
      assert.match(advice(match), /\/etc\/docker\/certs\.d\/HOST:PORT\/client\.cert/);
    }
    assert.equal(top('remote error: tls: handshake failure').id, 'tls-handshake-failure');
    assert.ok(!ids('remote error: tls: handshake failure').includes('tls-bad-certificate'));

    for (const text of ['Error response from daemon: missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt', 'missing key ca.key for client certificate ca.cert. Note that CA certificates should use the extension .crt']) {
      const match = top(text);
      assert.equal(match.id, 'docker-certs-d-missing-key', text);
      assert.match(advice(match), /ca\.crt/);
    }
    assert.ok(!ids('Error response from daemon: open /etc/docker/certs.d/myreg.example.com:5000/client.key: permission denied').includes('docker-certs-d-missing-key'));

    const insecure = top('Error: pinging container registry registry.example.com:5443: invalid status code from registry 400 (Bad Request)');
    assert.equal(insecure.id, 'containers-insecure-ping-400');
    assert.match(advice(insecure), /--cert-dir/);
    assert.equal(top('Error: pinging container registry registry.example.com:5443: StatusCode: 400, "Client sent an HTTP request to an HTTPS server.\\n"').id, 'containers-insecure-ping-400');
    assert.ok(!ids('Error: pinging container registry registry.example.com: Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: no such host').includes('containers-insecure-ping-400'));
  });

  it('kubectl and kubelet lines of a pull that keeps failing point at the pod events', () => {
    for (const text of [
      'Error from server (BadRequest): container "app" in pod "app-6d9" is waiting to start: trying and failing to pull image',
      'Error from server (BadRequest): container "client" in pod "client-66b8c8b585-zdbnk" is waiting to start: image can\'t be pulled',
    ]) {
      const match = top(text);
      assert.equal(match.id, 'kubectl-logs-waiting-image', text);
      assert.match(advice(match), /kubectl describe pod/);
    }
    assert.ok(!ids('Error from server (BadRequest): container "app" in pod "app-6d9" is waiting to start: ContainerCreating').includes('kubectl-logs-waiting-image'));
    for (const text of ['Warning  Failed     9s    kubelet  Error: ImagePullBackOff', 'Normal   BackOff    3s    kubelet  Back-off pulling image "myreg.example.com/app:1.0"', '  Warning  Failed  12s  kubelet  Error: ErrImagePull']) {
      assert.equal(top(text).id, 'kubelet-errimagepull', text);
    }
  });

  it('GHCR refusing stale credentials, containerd not finding a tag, and the containerd image store wrapper', () => {
    const ghcr = top('Error response from daemon: Head "https://ghcr.io/v2/riverqueue/riverui/manifests/latest": denied: denied');
    assert.equal(ghcr.id, 'ghcr-denied');
    assert.match(advice(ghcr), /docker logout ghcr\.io/);
    assert.ok(!ids('Error response from daemon: Head "https://registry.example.com/v2/app/manifests/latest": denied: denied').includes('ghcr-denied'));

    const missing = top('Failed to pull image "nginx:this-tag-does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:this-tag-does-not-exist": failed to resolve reference "docker.io/library/nginx:this-tag-does-not-exist": docker.io/library/nginx:this-tag-does-not-exist: not found');
    assert.equal(missing.id, 'containerd-reference-not-found');
    assert.match(advice(missing), /skopeo list-tags/);
    assert.ok(!ids('ctr: failed to resolve reference "docker.io/alice/private:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed').includes('containerd-reference-not-found'));

    assert.equal(top('Error response from daemon: error from registry: unauthorized').id, 'docker-error-from-registry');
    const wrapped = ids('Error response from daemon: error from registry: permission_denied: write_package');
    assert.equal(wrapped[0], 'ghcr-write-package', 'the registry\'s own text ranks before the wrapper');
    assert.ok(wrapped.includes('docker-error-from-registry'));
    assert.ok(!ids('Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password').includes('docker-error-from-registry'));
  });

  it('the login warning of Docker CLI before 28.0', () => {
    assert.equal(top('WARNING! Your password will be stored unencrypted in /root/.docker/config.json.').id, 'stored-unencrypted');
  });

  it('renders the fix and keeps JSON stable', () => {
    const text = renderExplanation(explain('denied: installation not allowed to Create organization package'), { json: false });
    assert.match(text, /fix:/);
    const json = JSON.parse(renderExplanation(explain('no basic auth credentials'), { json: true })) as { matches: Array<{ source: string; fix: string[] }> };
    assert.ok(json.matches[0]?.source.startsWith('https://'));
  });
});
