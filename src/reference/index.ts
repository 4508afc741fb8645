export type { ImageRef } from './model.js';
export {
  parseImageRef,
  splitDockerDomain,
  registryFromArgument,
  isRegistryHost,
  DEFAULT_DOMAIN,
  LEGACY_DEFAULT_DOMAIN,
} from './parse.js';
