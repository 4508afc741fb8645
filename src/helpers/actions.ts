/**
 * The four helper actions with typed results. They never throw for anything a helper does;
 * a RegauthError means we were called wrongly.
 */
import { RegauthError } from '../util/errors.js';
import type { Secret } from '../util/secret.js';
import {
  type EraseResult,
  type GetResult,
  interpretErase,
  interpretGet,
  interpretList,
  interpretStore,
  type ListResult,
  type StoreResult,
  storedCredentials,
} from './interpret.js';
import { runHelper, type RunHelperOptions } from './run.js';

export interface StoreRequest {
  serverURL: string;
  /** `<token>` stores an identity token (use storeIdentityToken for clarity) */
  username: string;
  secret: Secret;
}

export async function helperGet(helper: string, serverURL: string, opts: RunHelperOptions = {}): Promise<GetResult> {
  checkHelperName(helper);
  return interpretGet(await runHelper(helper, 'get', serverURL, opts), serverURL);
}

/** `{serverURL: username}` as the helper lists it. */
export async function helperList(helper: string, opts: RunHelperOptions = {}): Promise<ListResult> {
  checkHelperName(helper);
  return interpretList(await runHelper(helper, 'list', undefined, opts));
}

export async function helperStore(helper: string, request: StoreRequest, opts: RunHelperOptions = {}): Promise<StoreResult> {
  checkHelperName(helper);
  const outcome = await runHelper(helper, 'store', request, opts);
  return interpretStore(outcome, storedCredentials(request.username, request.secret));
}

export async function helperErase(helper: string, serverURL: string, opts: RunHelperOptions = {}): Promise<EraseResult> {
  checkHelperName(helper);
  return interpretErase(await runHelper(helper, 'erase', serverURL, opts));
}

/** An empty suffix means "no helper" in every client: asking one is a bug in the caller. */
function checkHelperName(helper: string): void {
  if (helper === '' || helper.includes('\0')) {
    throw new RegauthError('E_USAGE', `not a credential helper name: ${JSON.stringify(helper)}`, {
      hint: 'a helper is named by the suffix of its program, e.g. "pass" for docker-credential-pass',
    });
  }
}
