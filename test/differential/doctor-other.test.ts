import { CASES, raw, type CaseContext, type DifferentialCase } from './cases.js';
import { doctorDifferential } from './doctor-runner.js';

const single = (key: string, user = 'alice') => (context: CaseContext): unknown => ({ auths: { [key]: { auth: context.auth(user) } } });

/** Configs the other groups do not cover: helpers, tokens, file search order, and odd spellings. */
const EXTRA: DifferentialCase[] = [
  { name: 'upper-case scheme on a private registry', image: 'myreg.example.com/app', registry: 'myreg', config: single('HTTPS://myreg.example.com') },
  { name: 'user-info and trailing slash', image: 'myreg.example.com/app', registry: 'myreg', config: single('https://user@myreg.example.com/') },
  { name: 'namespaced key, image beside the namespace', image: 'myreg.example.com/app', registry: 'myreg', config: single('myreg.example.com/team') },
  { name: 'namespaced key, image inside the namespace', image: 'myreg.example.com/team/app', registry: 'myreg', config: single('myreg.example.com/team') },
  { name: 'trailing data after the JSON, private registry', image: 'myreg.example.com/app', registry: 'myreg', config: (c) => raw(`{"auths": {"myreg.example.com": {"auth": "${c.auth('alice')}"}}} trailing`) },
  { name: 'empty file, private registry', image: 'myreg.example.com/app', registry: 'myreg', config: () => raw('') },
  {
    name: 'empty credHelpers value beside a credsStore',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    config: (c) => ({ auths: { 'myreg.example.com': { auth: c.auth('alice') } }, credsStore: 'regauthtest', credHelpers: { 'myreg.example.com': '' } }),
    helpers: { regauthtest: { 'myreg.example.com': 'bob' } },
  },
  { name: 'username and password fields only, private registry', image: 'myreg.example.com/app', registry: 'myreg', config: (c) => ({ auths: { 'myreg.example.com': { username: 'alice', password: c.user('alice').password } } }) },
  { name: 'docker.io key beside a credsStore', image: 'alice/app', registry: 'hub', config: (c) => ({ auths: { 'docker.io': { auth: c.auth('alice') } }, credsStore: 'regauthtest' }), helpers: { regauthtest: {} } },
];

doctorDifferential([
  ...CASES.filter((testCase) => /^(helper|tokens|files):/.test(testCase.name) && (testCase.programs ?? ['docker', 'skopeo']).includes('docker') && (testCase.programs ?? ['skopeo']).includes('skopeo')),
  ...EXTRA,
], 23);
