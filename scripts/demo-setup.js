// @ts-check
'use strict';

/**
 * The demo instance of `npm start` (scripts/start.js) and `npm run start:queue`, whose set-up the e2e
 * tests reuse: its content (demo/examples.js), its calls to n8n and the simulator (demo/n8n-rest.js)
 * and the guide the banner prints (demo/guide.js).
 */

const examples = require('./demo/examples');
const { guide } = require('./demo/guide');
const { configureSimulator, ensureConnectionStore, ensureOwner } = require('./demo/n8n-rest');

module.exports = { ...examples, configureSimulator, ensureOwner, ensureConnectionStore, guide };
