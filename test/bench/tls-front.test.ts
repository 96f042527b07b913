// The bench's TLS front (issue 25): it counts the connections it accepts, and a new connection's first
// answer comes no sooner than 3 round trips after the request, a reused connection's no sooner than 1.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import { makeCertificate, startTlsFront } from '../../bench/lib/tls-front';

const RTT_MS = 30;

let upstream: http.Server;
let certificate: ReturnType<typeof makeCertificate>;
let front: Awaited<ReturnType<typeof startTlsFront>>;

beforeAll(async () => {
	upstream = http.createServer((_req, res) => res.end('{"success":true}'));
	await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
	certificate = makeCertificate();
	const { port } = upstream.address() as AddressInfo;
	front = await startTlsFront({ upstreamPort: port, cert: certificate.cert, key: certificate.key, rttMs: RTT_MS });
});

afterAll(async () => {
	await front.close();
	upstream.closeAllConnections();
	await new Promise((resolve) => upstream.close(resolve));
	fs.rmSync(certificate.dir, { recursive: true, force: true });
});

/** One GET through the front; how long it took to its answer's end. */
function get(agent: https.Agent): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		https
			.get(`${front.url}/`, { agent, ca: certificate.cert }, (response) => {
				response.resume();
				response.on('end', () => resolve(performance.now() - started));
			})
			.on('error', reject);
	});
}

it('a keep-alive client opens one connection, and pays the handshakes once', async () => {
	front.resetConnections();
	const agent = new https.Agent({ keepAlive: true });
	const first = await get(agent);
	const second = await get(agent);
	agent.destroy();
	expect(front.connections()).toBe(1);
	// Each of the front's hops may deliver up to 0.5 ms early (timer granularity).
	expect(first).toBeGreaterThanOrEqual(3 * RTT_MS - 3);
	expect(second).toBeGreaterThanOrEqual(RTT_MS - 3);
});

it('a client without keep-alive opens a connection per request', async () => {
	front.resetConnections();
	const agent = new https.Agent({ keepAlive: false });
	for (let i = 0; i < 3; i++) expect(await get(agent)).toBeGreaterThanOrEqual(3 * RTT_MS - 3);
	expect(front.connections()).toBe(3);
});
