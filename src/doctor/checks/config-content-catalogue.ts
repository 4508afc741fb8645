import type { CatalogueEntry } from '../catalogue.js';

/** Findings about what a hand-made config.json says (spread into the finding catalogue). */
export const CONFIG_CONTENT_FINDINGS = {
  'config-key-misspelt': {
    title: 'A top-level key of config.json is misspelt, so Docker ignores it',
    severity: 'error',
    explanation:
      'Docker reads config.json with Go\'s encoding/json: top-level keys must be one of its known fields ("auths", "credsStore", "credHelpers", "currentContext", "proxies", …); case does not matter, spelling does. An unknown key is dropped without a word, so a "credStore" (missing "s") means no credential store is configured: "docker login" writes the password into the file in plain text (or to the platform default store) and lookups ignore the helper that was meant. Rename the key to the spelling regauth suggests.',
  },
  'config-entry-misplaced': {
    title: 'Credentials at the top level of config.json instead of under "auths"',
    severity: 'error',
    explanation:
      'Registry entries live under "auths": {"auths": {"registry.example.com": {"auth": "<base64 user:password>"}}}. An "auth", "username" or a registry host written at the top level (a common slip in hand-made CI configs, kaniko\'s /kaniko/.docker/config.json among them) is ignored by every client, which then pulls and pushes without credentials.',
  },
  'auth-trailing-whitespace': {
    title: 'A decoded "auth" ends with a newline or spaces',
    severity: 'error',
    explanation:
      'The "auth" value decodes to "username:password" followed by a newline (or spaces): it was made with `echo "user:password" | base64`, and echo adds "\\n". Every client sends the newline as part of the password, so the registry refuses it. Re-create it with printf \'%s\' \'user:password\' | base64 -w0, or use docker login.',
  },
  'hub-email-username': {
    title: 'An e-mail address as the Docker Hub user name',
    severity: 'warning',
    explanation:
      'Docker Hub logins from the command line take the Docker ID (the user name shown on hub.docker.com), not the account\'s e-mail address; with an e-mail address the registry answers "unauthorized: incorrect username or password". With two-factor authentication the password must be a personal access token. Log in again: docker login -u DOCKER_ID --password-stdin.',
  },
} as const satisfies Record<string, CatalogueEntry>;
