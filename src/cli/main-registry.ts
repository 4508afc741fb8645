import { commandLine } from './command-line.js';
import { REGISTRY_COMMANDS } from './registry-commands.js';

/** for bin/regauth.js, which ends the process at once when this holds */
export { allOutputWritten } from './output.js';

/** `regauth check|login|kube …` (see REGISTRY_COMMANDS); every other command is main.ts's. */
export const main = commandLine({ commands: REGISTRY_COMMANDS });
