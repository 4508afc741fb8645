import type { CommandSet } from './command-line.js';

/**
 * The commands that only read files and run credential helpers: the ones people run most, and
 * the ones whose start-up is most of their time. bin/regauth.js runs them from a bundle of their
 * own (main-offline.ts), without the network, doctor and edit code of the others.
 */
export const OFFLINE_COMMANDS = {
  resolve: async () => (await import('./commands/resolve.js')).resolveCommand,
  get: async () => (await import('./commands/get.js')).getCommand,
  ls: async () => (await import('./commands/ls.js')).lsCommand,
} satisfies CommandSet['commands'];
