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

  it('renders the fix and keeps JSON stable', () => {
    const text = renderExplanation(explain('denied: installation not allowed to Create organization package'), { json: false });
    assert.match(text, /fix:/);
    const json = JSON.parse(renderExplanation(explain('no basic auth credentials'), { json: true })) as { matches: Array<{ source: string; fix: string[] }> };
    assert.ok(json.matches[0]?.source.startsWith('https://'));
  });
});
