// @ts-check
'use strict';

// The e2e-n8n1 project's globalSetup. Jest runs one globalSetup per distinct file, with the config of
// the first project naming it: each n8n line needs a file of its own to get its runtime provisioned.
module.exports = require('./globalSetup');
