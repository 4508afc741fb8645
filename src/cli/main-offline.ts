import { commandLine } from './command-line.js';
import { OFFLINE_COMMANDS } from './offline-commands.js';

/** for bin/regauth.js, which ends the process at once when this holds */
export { allOutputWritten } from './output.js';

/** `regauth resolve|get|ls …` (see OFFLINE_COMMANDS); every other command is main.ts's. */
export const main = commandLine({ commands: OFFLINE_COMMANDS });
