import { CASES } from './cases.js';
import { doctorDifferential } from './doctor-runner.js';

/** doctor against the real Docker CLI and skopeo: Docker Hub key spellings and file contents. */
doctorDifferential(CASES.filter((testCase) => testCase.name.startsWith('hub:') && (testCase.programs ?? ['docker', 'skopeo']).includes('docker') && (testCase.programs ?? ['skopeo']).includes('skopeo')), 21);
