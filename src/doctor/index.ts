export { gatherFacts, type GatherOptions } from './gather.js';
export { runChecks, reportExitCode, type DoctorReport, type Checked } from './run-checks.js';
export { renderReport, describePlan, type RenderOptions } from './report.js';
export { explain, matchMessages, renderExplanation, type Explanation, type MessageMatch } from './explain.js';
export { planKeepKey, canonicalKey } from './plans.js';
export { FINDING_CATALOGUE, FINDING_IDS, isFindingId, type FindingId, type CatalogueEntry } from './catalogue.js';
export { KNOWN_MESSAGES, type KnownMessage } from './messages.js';
export type { Finding, Severity, KeyReaders } from './finding.js';
export type { Facts } from './facts.js';
