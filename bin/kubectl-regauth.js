#!/usr/bin/env node
// kubectl finds this on PATH as the plugin behind `kubectl regauth …`.
globalThis.regauthEntry = 'kubectlMain';
require('./regauth.js');
