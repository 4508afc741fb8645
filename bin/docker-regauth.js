#!/usr/bin/env node
// Run by the docker-regauth file that `regauth docker-plugin install` writes into cli-plugins/.
globalThis.regauthEntry = 'dockerPluginMain';
require('./regauth.js');
