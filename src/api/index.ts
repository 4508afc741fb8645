/**
 * regauth as a library: which credentials each client sends for an image (with the trace of
 * why), whether the registry accepts them, what is wrong and how to fix it, and the same
 * credentials in the shapes dockerode, the Docker Engine API and `fetch` take.
 *
 * Every function takes one options object and fails only with a `RegauthError` whose `code`
 * is stable. Secrets are `Secret` values: they print as "[redacted]"; `.reveal()` gives the text.
 */
export { resolve, credentialsFor, CLIENT_IDS } from './resolve.js';
export type { LookupOptions, ResolveImageOptions, ResolveResult, CredentialsOptions, ClientCredentials } from './resolve.js';
export { list } from './list.js';
export type { ListOptions, ListResult } from './list.js';
export type { ClientInventory, InventoryFile, InventoryEntry } from '../resolve/inventory.js';
export type { RegistriesConfFileState } from '../resolve/resolve.js';
export { kube } from './kube.js';
export type { KubeOptions, KubeResult } from './kube.js';
export type { WorkloadView, KubeFindingView, KubePullCheck } from '../kube/report.js';
export type { KubeFindingBase, SecretStatus } from '../kube/analyse.js';
export { check } from './check.js';
export type { CheckOptions, CheckResult, SentCredentials } from './check.js';
export { doctor } from './doctor.js';
export type { DoctorOptions } from './doctor.js';
export { explain } from './explain.js';
export { planFix, applyFix } from './fix.js';
export type { PlanFixOptions, FixPlan, FilePlan, ApplyFixOptions, FixEvent, FixResult } from './fix.js';
export { login, logout } from './login.js';
export type { StoreClient, StoreOptions, LoginOptions, LoginOutcome, LogoutOutcome } from './login.js';
export { dockerodeAuth, registryAuthHeader, authorize } from './adapters.js';
export type { EngineAuthConfig, DockerodeAuthConfig, EngineAuthOptions, AuthorizeOptions } from './adapters.js';
export { Secret } from '../util/secret.js';
export { RegauthError, isRegauthError } from '../util/errors.js';
export type { ErrorCode, ErrorDetails } from '../util/errors.js';
export type { ClientId, Credentials, EngineAuth, Resolution, RouteEndpoint, RouteReport, SecretKind } from '../clients/model.js';
export type { ContainerdEndpoint } from '../clients/containerd.js';
export type { ImageRef } from '../reference/model.js';
export type { TraceStep, StepOutcome, Warning, Position } from '../util/trace.js';
export type { AccessReport, PullAccess, PushAccess } from '../registry/probe.js';
export type { DoctorReport, Checked } from '../doctor/run-checks.js';
export type { Finding, Severity, KeyReaders } from '../doctor/finding.js';
export type { Explanation, MessageMatch } from '../doctor/explain.js';
export type { HelperQuery } from '../helpers/model.js';
export type { DebugExchange } from '../registry/transport.js';
export type { Problem, ProblemId } from '../registry/problems.js';
export type { RateLimitInfo } from '../registry/classify.js';
export type { Edit, EditPlan, EditValue, JsonPath, JsonPathSegment } from '../config/edit.js';
export type { ChosenStore, FileOutcome, Skipped } from '../fix/select.js';
export type { LoginResult, LogoutResult, LogoutPlace, WriteOutcome } from '../store/apply.js';
