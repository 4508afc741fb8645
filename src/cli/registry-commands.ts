import type { CommandSet } from './command-line.js';

/**
 * The commands that ask registries: `check`, `login` and `kube`. bin/regauth.js runs them from
 * a bundle of their own (main-registry.ts), without `doctor`'s catalogue, the config editor's
 * fixes and the other commands.
 */
export const REGISTRY_COMMANDS = {
  check: async () => (await import('./commands/check.js')).checkCommand,
  login: async () => (await import('./commands/login.js')).loginCommand,
  kube: async () => (await import('./commands/kube.js')).kubeCommand,
} satisfies CommandSet['commands'];
