/**
 * `doctor`: the whole troubleshooting procedure → findings. `doctorWith` takes the gatherer's own options, test hooks included;
 * the `doctor` command and `doctor()` both end in it.
 */
import type { ClientId } from '../clients/model.js';
import { gatherFacts, type GatherOptions } from '../doctor/gather.js';
import { runChecks, type DoctorReport } from '../doctor/run-checks.js';
import { checkClient, checkDockerVersion, checkImage, checkOptions } from './validate.js';

export interface DoctorOptions {
  /** check this image's registry and repository; default: an image on every registry the files name */
  image?: string;
  /** also verify push to the image's repository */
  push?: boolean;
  /** the client about to be used; default "docker" */
  client?: ClientId;
  /** read files and ask helpers only: no registry is contacted */
  offline?: boolean;
  /** one credential file every client reads (like `--config FILE`) */
  configFile?: string;
  /** the Docker CLI release to model, "MAJOR.MINOR" */
  dockerVersion?: string;
  /** time each credential-helper call may take, in milliseconds; default 5 000 */
  helperTimeoutMs?: number;
  /** the whole online phase, in milliseconds; default 5 000 */
  timeoutMs?: number;
  /** the environment the clients would see; default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Gather the facts once, then run every check. */
export async function doctorWith(options: GatherOptions): Promise<DoctorReport> {
  return runChecks(await gatherFacts(options));
}

/**
 * Files, permissions, keys, helpers, versions and (unless `offline`) the registry: every finding,
 * each with a stable id, where it is, and the fix when there is a safe one.
 *
 * @example
 * const { findings } = await doctor({ image: 'alice/app', offline: true });
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  checkOptions('doctor', options, {
    image: 'string',
    push: 'boolean',
    client: 'client',
    offline: 'boolean',
    configFile: 'string',
    dockerVersion: 'string',
    helperTimeoutMs: 'positive-number',
    timeoutMs: 'positive-number',
    env: 'env',
  });
  if (options.image !== undefined) checkImage(options.image);
  const dockerVersion = checkDockerVersion('doctor', options.dockerVersion);
  return doctorWith({
    env: { ...(options.env ?? process.env) },
    offline: options.offline === true,
    image: options.image ?? null,
    push: options.push === true,
    deadlineMs: options.timeoutMs ?? 5_000,
    ...(options.client === undefined ? {} : { client: checkClient(options.client) }),
    ...(dockerVersion === undefined ? {} : { dockerVersion }),
    ...(options.helperTimeoutMs === undefined ? {} : { helperTimeoutMs: options.helperTimeoutMs }),
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  });
}
