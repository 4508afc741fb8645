/**
 * The shape of `testbed.json`: everything a test needs to know about the running testbed.
 * Written once by the runner (setup.ts), read by tests (testbed.ts).
 */
export const DESCRIPTOR_FILE = 'testbed.json';
export const DESCRIPTOR_VERSION = 1;

export type RegistryName = 'hub' | 'myreg' | 'myreg5000' | 'other' | 'local';

export interface TestUser {
  name: string;
  password: string;
  /** read-only users never get push from the token server (htpasswd registries do not authorise) */
  readOnly: boolean;
}

export interface RegistryEndpoint {
  name: RegistryName;
  /** host[:port] as written in image references, e.g. "myreg.example.com:5000" */
  host: string;
  /** other names that reach the same registry (e.g. "index.docker.io") */
  aliases: string[];
  /** base URL without trailing slash, e.g. "https://myreg.example.com" */
  url: string;
  scheme: 'https' | 'http';
  /** address and port the registry listens on inside the network namespace */
  address: string;
  port: number;
  auth: 'token' | 'htpasswd';
  /** JSON-lines log of the distribution registry (debug level; names `auth.user.name`) */
  log: string;
  /** seeded images, "repo:tag" */
  images: string[];
}

export interface TokenServerEndpoint {
  /** the realm the hub registry announces */
  realm: string;
  service: string;
  issuer: string;
  address: string;
  port: number;
  /** JSON-lines request log: time, method, grant, user, scopes, status — never secrets */
  log: string;
}

export interface TestbedDescriptor {
  version: number;
  dir: string;
  /** PEM of the throwaway CA that signed every server certificate */
  caCert: string;
  /** system CAs + the test CA, used as SSL_CERT_FILE */
  caBundle: string;
  users: TestUser[];
  registries: Record<RegistryName, RegistryEndpoint>;
  tokenServer: TokenServerEndpoint;
  /** host name → address, as written into the namespace's /etc/hosts */
  hosts: Record<string, string>;
  /** directory bind-mounted over /etc/docker inside the namespace (tests may write certs.d there) */
  etcDocker: string;
  /** directory under which `tempDir()` creates directories */
  tmpDir: string;
  bins: {
    docker: string;
    /** Docker CLI 20.10 client extracted from Debian's docker.io package */
    docker20: string;
    skopeo: string;
    podman: string;
    dockerCredentialPass: string;
  };
  /** variables set for every test process and every program run through the testbed */
  env: Record<string, string>;
  /** variables removed from the environment of test processes */
  unsetEnv: string[];
}
