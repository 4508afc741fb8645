import { Trace, type TraceStep } from '../util/trace.js';
import { DOCKER_HUB_HOSTS } from './keys.js';
import type { Resolution, RouteEndpoint, RouteReport } from './model.js';

/**
 * Where dockerd sends a pull or push (moby registry/service_v2.go lookupV2Endpoints,
 * distribution/registry.go newRepository). `registry-mirrors` in daemon.json apply only to Docker
 * Hub images and only to pulls: each mirror is tried before registry-1.docker.io. The CLI resolves
 * credentials for the Hub and passes them in X-Registry-Auth; the daemon offers that same account
 * to every endpoint it tries, mirrors included, whichever challenge the mirror answers with
 * (Basic: the Hub user and password; Bearer: sent to the mirror's token realm). The credentials
 * config.json stores for a mirror's own host are never used for a pull.
 */

export interface DaemonMirror {
  /** with the scheme dockerd adds when it is missing */
  url: string;
  host: string;
  file: string;
  line: number | null;
}

export interface DockerRouteInputs {
  /** the image's registry as the CLI resolved it */
  registry: string;
  mirrors: readonly DaemonMirror[];
  operation: 'pull' | 'push';
  /** what the CLI sends for the image's registry */
  resolution: Resolution;
}

export function dockerDaemonRoute(inputs: DockerRouteInputs): { report: RouteReport; trace: TraceStep[] } {
  const trace = new Trace();
  const { resolution } = inputs;
  const hub = DOCKER_HUB_HOSTS.includes(inputs.registry);
  const sends: RouteEndpoint['sends'] = resolution.error !== null ? 'fails' : resolution.secretPresent ? 'credentials' : 'nothing';
  const endpoint = (registry: string, role: RouteEndpoint['role'], file: string | null, line: number | null, note?: string): RouteEndpoint => ({
    image: inputs.registry,
    reference: registry,
    registry,
    role,
    insecure: false,
    blocked: false,
    lookup: resolution.key ?? inputs.registry,
    sends,
    username: resolution.username,
    configFile: resolution.configFile,
    key: resolution.key,
    file,
    line,
    ...(note === undefined ? {} : { note }),
  });
  const endpoints: RouteEndpoint[] = [];
  const unused: NonNullable<RouteReport['unused']> = [];
  const first = inputs.mirrors[0];
  if (!hub) {
    trace.skipped('daemon.mirrors', `registry-mirrors apply to Docker Hub images only: ${inputs.registry} is contacted directly`, first === undefined ? {} : { file: first.file, ...(first.line === null ? {} : { line: first.line }) });
    for (const mirror of inputs.mirrors) unused.push({ registry: mirror.host, why: 'registry-mirrors apply to Docker Hub images only', file: mirror.file, line: mirror.line });
  } else if (inputs.operation === 'push') {
    trace.skipped('daemon.mirrors', 'a push never goes to registry-mirrors: dockerd pushes to registry-1.docker.io', first === undefined ? {} : { file: first.file });
    for (const mirror of inputs.mirrors) unused.push({ registry: mirror.host, why: 'a push never goes to registry-mirrors', file: mirror.file, line: mirror.line });
  } else {
    for (const mirror of inputs.mirrors) {
      const note = 'dockerd offers the Docker Hub credentials from X-Registry-Auth to the mirror; config.json entries for the mirror host are not used';
      trace.matched('daemon.mirror', `dockerd tries the mirror ${mirror.url} before registry-1.docker.io; it is offered the ${sends === 'credentials' ? `Docker Hub account${resolution.username === null ? '' : ` "${resolution.username}"`}` : 'same nothing as the Hub'}`, { file: mirror.file, ...(mirror.line === null ? {} : { line: mirror.line }) });
      endpoints.push(endpoint(mirror.host, 'mirror', mirror.file, mirror.line, note));
    }
  }
  endpoints.push(endpoint(hub ? 'registry-1.docker.io' : inputs.registry, 'primary', null, null));
  return { report: { operation: inputs.operation, image: inputs.registry, shortName: null, error: null, endpoints, ...(unused.length === 0 ? {} : { unused }) }, trace: trace.steps };
}
