import { CASES } from './cases.js';
import { doctorDifferential } from './doctor-runner.js';

/** doctor against the real Docker CLI and skopeo: private registry key spellings, ports and plain http. */
doctorDifferential(CASES.filter((testCase) => /^(private|port 5000|other|local http):/.test(testCase.name) && (testCase.programs ?? ['docker', 'skopeo']).includes('docker') && (testCase.programs ?? ['skopeo']).includes('skopeo')), 8);
