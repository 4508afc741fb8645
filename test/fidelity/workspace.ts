import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testHelperScript } from '../testbed/helper-script.js';
import type { CorpusSetup } from './corpus.js';

/**
 * The corpus on disk: one home directory per setup, its helpers in a bin directory of their
 * own, and a PATH holding only those and the few tools the helper scripts need, so that nothing
 * installed on the machine (a real `pass`, a real docker-credential-pass) takes part.
 */
export interface MaterialisedSetup {
  setup: CorpusSetup;
  home: string;
  /** the variables a client sees for this setup */
  env: Record<string, string>;
}

export interface Workspace {
  root: string;
  setups: MaterialisedSetup[];
  remove(): void;
}

const HELPER_TOOLS = ['sh', 'cat', 'base64'];

export function materialise(setups: CorpusSetup[]): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'regauth-fidelity-'));
  const tools = join(root, 'tools');
  mkdirSync(tools);
  for (const tool of HELPER_TOOLS) symlinkSync(`/bin/${tool}`, join(tools, tool));
  const materialised = setups.map((setup) => {
    const home = join(root, setup.id);
    const bin = join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const [relative, content] of Object.entries(setup.files)) {
      const path = join(home, relative);
      if (typeof content === 'string') {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content, { mode: 0o600 });
      } else {
        mkdirSync(path, { recursive: true });
      }
    }
    for (const [relative, target] of Object.entries(setup.links ?? {})) {
      const path = join(home, relative);
      mkdirSync(dirname(path), { recursive: true });
      symlinkSync(target, path);
    }
    for (const helper of setup.helpers) testHelperScript(bin, helper.name, helper.behaviour);
    if (setup.passOnPath) {
      writeFileSync(join(bin, 'pass'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    }
    const env: Record<string, string> = { HOME: home, PATH: `${bin}:${tools}` };
    if (setup.authConfigEnv !== undefined) env['DOCKER_AUTH_CONFIG'] = setup.authConfigEnv;
    for (const [name, value] of Object.entries(setup.variables)) env[name] = value.replace('$HOME', home);
    return { setup, home, env };
  });
  return { root, setups: materialised, remove: () => rmSync(root, { recursive: true, force: true }) };
}
