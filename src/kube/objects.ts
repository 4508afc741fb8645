import { flattenLists, stringMember } from '../config/kube-secret.js';
import type { JsonNode, JsonObject } from '../config/json.js';
import type { Position } from '../util/trace.js';

/**
 * The objects `regauth kube` reads, from one or many kubectl outputs: pods and every workload
 * that carries a pod template, ServiceAccounts and Secrets, each with its file and position.
 */
export interface Source {
  file: string;
  pos: Position;
}

export interface PodSpecView {
  imagePullSecrets: Array<{ name: string; pos: Position }>;
  /** spec.serviceAccountName (or the deprecated spec.serviceAccount); "default" when empty */
  serviceAccount: string;
  containers: Array<{ name: string; image: string; kind: 'initContainers' | 'containers' | 'ephemeralContainers'; pos: Position }>;
}

export interface Workload {
  kind: string;
  name: string;
  namespace: string;
  /**
   * true for a Pod the API server has admitted (it has a uid): its imagePullSecrets are final.
   * A pod template, or a Pod manifest not created yet, gets its ServiceAccount's imagePullSecrets
   * at admission when it lists none of its own.
   */
  admitted: boolean;
  spec: PodSpecView;
  source: Source;
}

export interface ServiceAccountView {
  name: string;
  namespace: string;
  imagePullSecrets: Array<{ name: string; pos: Position }>;
  source: Source;
}

export interface SecretObject {
  name: string;
  namespace: string;
  object: JsonObject;
  source: Source;
}

export interface KubeInventory {
  workloads: Workload[];
  serviceAccounts: ServiceAccountView[];
  secrets: SecretObject[];
  /** objects of other kinds, counted only */
  ignored: number;
}

/** where each kind keeps its pod spec */
export const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function emptyInventory(): KubeInventory {
  return { workloads: [], serviceAccounts: [], secrets: [], ignored: 0 };
}

/** Adds the objects of one parsed file; `defaultNamespace` is kubectl's `-n` (or "default"). */
export function addObjects(inventory: KubeInventory, file: string, documents: readonly JsonNode[], defaultNamespace: string): void {
  for (const object of flattenLists(documents)) {
    const kind = stringMember(object, 'kind') ?? '';
    const metadata = member(object, 'metadata');
    const name = (metadata === null ? null : stringMember(metadata, 'name')) ?? '';
    const namespace = (metadata === null ? null : stringMember(metadata, 'namespace')) || defaultNamespace;
    const source = { file, pos: object.pos };
    if (kind === 'Secret') {
      inventory.secrets.push({ name, namespace, object, source });
    } else if (kind === 'ServiceAccount') {
      inventory.serviceAccounts.push({ name, namespace, imagePullSecrets: references(object), source });
    } else if (TEMPLATE_PATHS[kind] !== undefined) {
      const spec = path(object, TEMPLATE_PATHS[kind]);
      if (spec === null) {
        inventory.ignored += 1;
        continue;
      }
      const admitted = kind === 'Pod' && metadata !== null && (stringMember(metadata, 'uid') ?? '') !== '';
      inventory.workloads.push({ kind, name, namespace, admitted, spec: podSpec(spec), source });
    } else {
      inventory.ignored += 1;
    }
  }
}

function podSpec(spec: JsonObject): PodSpecView {
  const containers: PodSpecView['containers'] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = member(spec, kind, 'array');
    for (const item of list?.items ?? []) {
      if (item.kind !== 'object') continue;
      containers.push({ name: stringMember(item, 'name') ?? '', image: stringMember(item, 'image') ?? '', kind, pos: item.pos });
    }
  }
  const serviceAccount = stringMember(spec, 'serviceAccountName') || stringMember(spec, 'serviceAccount') || 'default';
  return { imagePullSecrets: references(spec), serviceAccount, containers };
}

function references(object: JsonObject): Array<{ name: string; pos: Position }> {
  const list = member(object, 'imagePullSecrets', 'array');
  const out: Array<{ name: string; pos: Position }> = [];
  for (const item of list?.items ?? []) {
    if (item.kind === 'object') out.push({ name: stringMember(item, 'name') ?? '', pos: item.pos });
  }
  return out;
}

function member(object: JsonObject, key: string): JsonObject | null;
function member(object: JsonObject, key: string, kind: 'array'): Extract<JsonNode, { kind: 'array' }> | null;
function member(object: JsonObject, key: string, kind: 'object' | 'array' = 'object'): JsonNode | null {
  const value = object.members.filter((item) => item.key === key).at(-1)?.value;
  return value !== undefined && value.kind === kind ? value : null;
}

function path(object: JsonObject, keys: readonly string[]): JsonObject | null {
  let current: JsonObject | null = object;
  for (const key of keys) {
    if (current === null) return null;
    current = member(current, key);
  }
  return current;
}
