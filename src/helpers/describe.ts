/**
 * One trace step per helper answer, written for people. Pure.
 */
import type { TraceStep } from '../util/trace.js';
import type { HelperAnswer, HelperQuery } from './model.js';
import { helperBinary } from './run.js';

export function describeAnswer(query: HelperQuery, answer: HelperAnswer): TraceStep {
  const binary = helperBinary(query.helper);
  const tried = `${binary} get ${JSON.stringify(query.serverURL)}`;
  switch (answer.kind) {
    case 'found':
      return {
        step: 'helper.get',
        outcome: 'matched',
        tried,
        why: answer.isIdentityToken
          ? `${binary} has an identity token for ${answer.serverURL}`
          : `${binary} has credentials for ${answer.serverURL} (user ${JSON.stringify(answer.username)})`,
      };
    case 'not-found':
      return {
        step: 'helper.get',
        outcome: 'missing',
        tried,
        why: answer.emptyReply
          ? `${binary} answered with an empty username and secret for ${query.serverURL}, which the clients treat as no credentials`
          : `${binary} has no credentials for ${query.serverURL}`,
      };
    case 'missing': {
      const where = answer.searched === undefined ? '' : ` (searched: ${answer.searched.join(', ') || 'nothing, PATH is empty'})`;
      return { step: 'helper.get', outcome: 'error', tried, why: `${answer.binary} is not on PATH${where}` };
    }
    case 'failed':
      return { step: 'helper.get', outcome: 'error', tried, why: `${binary} failed: ${answer.message}` };
    case 'timeout':
      return { step: 'helper.get', outcome: 'error', tried, why: `${binary} did not answer within ${answer.afterMs} ms and was stopped` };
    case 'bad-output':
      return { step: 'helper.get', outcome: 'error', tried, why: `${binary} printed an answer that cannot be read: ${answer.message}` };
  }
}
