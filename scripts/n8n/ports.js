// @ts-check
'use strict';

const net = require('node:net');

/** A port nobody listens on right now (each n8n process needs its own HTTP, task broker and health ports). */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {net.AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/** `count` distinct free ports. @param {number} count */
async function freePorts(count) {
	/** @type {Set<number>} */
	const ports = new Set();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

module.exports = { freePort, freePorts };
