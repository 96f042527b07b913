// @ts-check
'use strict';

/**
 * A TLS front on loopback that behaves like a server some round trips away: the bench's stand-in for
 * api.dapi.com over the internet (issue 25).
 *
 *   client ──(delay: RTT/2 each way, +1 RTT before a new connection's first byte)──▶ TLS 1.3 ──▶ simulator
 *
 * Each direction's bytes are held for half the round trip, in order, so a TLS 1.3 handshake costs one
 * round trip and a request one more; the client's first bytes wait one more round trip, which is the
 * TCP handshake the loopback does not have. A new connection's first answer thus comes 3 RTT after
 * connecting, a reused connection's 1 RTT after the request. Every TLS connection becomes one plain
 * TCP connection to the simulator, so keep-alive behaves end to end as it would at Dapi. The front
 * counts the connections it accepts.
 *
 * The certificate is made for the run (openssl, EC P-256, 127.0.0.1 and localhost, valid one day) in
 * a temporary folder, and trusted by passing its file to the clients (NODE_EXTRA_CA_CERTS for n8n).
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made for this run only.
 * @returns {{ dir: string, certFile: string, cert: string, key: string }}
 */
function makeCertificate() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dapi-bench-tls-'));
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=dapi-bench',
			'-addext',
			'subjectAltName=IP:127.0.0.1,DNS:localhost',
			'-keyout',
			keyFile,
			'-out',
			certFile,
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	return { dir, certFile, cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
}

/**
 * Writes what `from` sends into `to`, each chunk (and the end) `delayMs()` later, never out of order.
 * @param {net.Socket} from @param {net.Socket} to @param {(first: boolean) => number} delayMs
 */
function delayedPipe(from, to, delayMs) {
	/** @type {Array<{ due: number, chunk: Buffer | null }>} */
	const queue = [];
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	let lastDue = 0;
	let first = true;
	const flush = () => {
		timer = undefined;
		const now = performance.now();
		while (queue.length > 0 && queue[0].due <= now + 0.5) {
			const { chunk } = /** @type {{ chunk: Buffer | null }} */ (queue.shift());
			if (chunk === null) to.end();
			else if (!to.destroyed) to.write(chunk);
		}
		if (queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0].due - now));
	};
	const push = (/** @type {Buffer | null} */ chunk) => {
		const due = Math.max(performance.now() + delayMs(first), lastDue);
		first = false;
		lastDue = due;
		queue.push({ due, chunk });
		if (!timer) timer = setTimeout(flush, Math.max(0, due - performance.now()));
	};
	from.on('data', (chunk) => push(chunk));
	from.on('end', () => push(null));
	return () => clearTimeout(timer);
}

/**
 * Starts a front for the simulator at `upstreamPort`.
 * @param {{ upstreamPort: number, cert: string, key: string, rttMs?: number }} options
 */
async function startTlsFront({ upstreamPort, cert, key, rttMs = 0 }) {
	let rtt = rttMs;
	let connections = 0;
	/** @type {Set<net.Socket>} */
	const sockets = new Set();
	const track = (/** @type {net.Socket} */ socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
	};

	// TLS termination: one plain connection to the simulator per TLS connection.
	const terminator = tls.createServer({ cert, key, minVersion: 'TLSv1.3', noDelay: true }, (secure) => {
		track(secure);
		const upstream = net.connect({ port: upstreamPort, host: '127.0.0.1', noDelay: true });
		track(upstream);
		secure.pipe(upstream).pipe(secure);
		// An end is passed on by pipe(), after the bytes before it; only a broken side breaks the other.
		secure.on('close', (broken) => broken && upstream.destroy());
		upstream.on('close', (broken) => broken && secure.destroy());
	});
	terminator.on('tlsClientError', () => {});
	await listen(terminator);
	const terminatorPort = /** @type {net.AddressInfo} */ (terminator.address()).port;

	// The round trip, in front of the TLS server.
	// No Nagle anywhere: a held-back small write would add a delayed ACK's wait to the round trip.
	const front = net.createServer({ noDelay: true }, (client) => {
		connections += 1;
		track(client);
		const inner = net.connect({ port: terminatorPort, host: '127.0.0.1', noDelay: true });
		track(inner);
		const half = () => rtt / 2;
		const stops = [
			delayedPipe(client, inner, (first) => (first ? rtt + half() : half())),
			delayedPipe(inner, client, half),
		];
		// An end travels through the delay like the bytes before it; only a broken side breaks the other.
		const close = (/** @type {boolean} */ broken) => {
			if (!broken) return;
			for (const stop of stops) stop();
			client.destroy();
			inner.destroy();
		};
		client.on('close', close);
		inner.on('close', close);
	});
	await listen(front);
	const port = /** @type {net.AddressInfo} */ (front.address()).port;

	return {
		port,
		url: `https://127.0.0.1:${port}`,
		/** Connections accepted since the last reset. */
		connections: () => connections,
		resetConnections() {
			connections = 0;
		},
		/** @param {number} ms */
		setRtt(ms) {
			rtt = ms;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await Promise.all([front, terminator].map((server) => new Promise((resolve) => server.close(resolve))));
		},
	};
}

/** @param {net.Server} server */
function listen(server) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
}

/** @typedef {Awaited<ReturnType<typeof startTlsFront>>} TlsFront */

module.exports = { makeCertificate, startTlsFront };
