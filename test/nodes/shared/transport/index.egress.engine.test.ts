/**
 * n8n's egress settings hold for every call the nodes make (issue 25), through n8n's real helper: the
 * admin's SSRF policy (N8N_SSRF_PROTECTION_ENABLED, its blocked and allowed ranges and hosts, checked
 * again where the connection is made) and the proxy environment (HTTP_PROXY, NO_PROXY). Each is shown on n8n 2.41 as released and on n8n with the
 * change docs/n8n-agent-reuse.patch proposes (its agents reused, so calls share connections), where a
 * change is still sent once when its reused connection breaks.
 */
import http from 'node:http';
import net from 'node:net';

import { Logger } from '@n8n/backend-common';
import { DnsResolver, OutboundHttp, SsrfProtectionService } from '@n8n/backend-network';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';

import {
	APP_SECRET,
	APP_KEY,
	connect,
	dapiNode,
	requestNode,
	useDapiSimulator,
	type Connection,
} from '../../../support/dapi';
import { chainWorkflow, runWorkflow } from '../../../support/engine';
import { startHostileServer } from '../../../support/hostileServer';
import { installN8nAgentReuse } from '../../../support/n8nAgentReuse';

type Policy = Partial<Pick<SsrfProtectionConfig, 'enabled' | 'allowedIpRanges' | 'allowedHostnames'>>;

/**
 * Runs `body` with n8n's outbound HTTP under this SSRF policy, as N8N_SSRF_* would set it; `dns`
 * stands in for the resolver n8n's policy asks.
 */
async function withEgressPolicy<T>(policy: Policy, body: () => Promise<T>, dns?: DnsResolver): Promise<T> {
	const released = Container.get(OutboundHttp);
	const config = Object.assign(new SsrfProtectionConfig(), policy);
	const logger = Container.get(Logger);
	const ssrf = new SsrfProtectionService(config, dns ?? Container.get(DnsResolver), logger);
	Container.set(OutboundHttp, new OutboundHttp(ssrf, config, logger));
	try {
		return await body();
	} finally {
		Container.set(OutboundHttp, released);
	}
}

/** Runs `body` with these proxy variables set, as the n8n process's environment would have them. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
	const before = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
	Object.assign(process.env, vars);
	try {
		return await body();
	} finally {
		for (const [name, value] of Object.entries(before)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
}

/** A forward proxy for http:// targets that logs the absolute URLs it is asked for. */
async function startForwardProxy() {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(req.url ?? '');
		const target = new URL(req.url ?? '');
		const upstream = http.request(
			{ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()),
	};
}

/** A TCP pass-through in front of a server that counts the connections opened through it. */
async function startConnectionCounter(port: number) {
	let opened = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		opened += 1;
		const upstream = net.connect(port, '127.0.0.1');
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => {});
		}
		client.pipe(upstream).pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port: own } = server.address() as net.AddressInfo;
	return {
		port: own,
		opened: () => opened,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

const withPort = (baseUrl: string, host: string, port: number) => {
	const url = new URL(baseUrl);
	url.hostname = host;
	url.port = String(port);
	return url.toString().replace(/\/$/, '');
};

// With DAPI_TEST_N8N_AGENT_REUSE=1 every engine test already runs on reused agents: no released n8n to compare.
const variants: Array<[string, boolean]> = [
	...(process.env.DAPI_TEST_N8N_AGENT_REUSE === '1' ? [] : [['n8n 2.41 as released', false] as [string, boolean]]),
	['n8n reusing its agents (docs/n8n-agent-reuse.patch)', true],
];

describe.each(variants)('n8n egress settings on %s (real engine)', (_name, reuse) => {
	const sim = useDapiSimulator();
	let restore = () => {};
	beforeAll(() => {
		if (reuse) restore = installN8nAgentReuse();
	});
	afterAll(() => restore());

	/** Three Get Balance calls on one connection, through the node, to this Base URL. */
	const balanceOf = async (baseUrl: string) => {
		const item = { ...connection, accountID: sim.users()[0].accounts[0].id };
		const node = dapiNode('data', 'getBalance', {
			balanceOf: 'account',
			accountID: '={{ $json.accountID }}',
			options: { maxParallelConnections: 1 },
		});
		sim.clearRequests();
		return await runWorkflow(chainWorkflow([item, item, item], [node]), {
			dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl },
		});
	};
	let connection: Connection;
	beforeAll(async () => {
		connection = await connect(sim, sim.users()[0].userID);
	});

	it('the SSRF policy refuses a Base URL in a blocked range: nothing is sent, and the error says who refused it', async () => {
		const result = await withEgressPolicy({ enabled: true }, () => balanceOf(sim.baseUrl));
		expect(result.error()?.message).toBe("n8n's SSRF protection refused the Base URL");
		expect(result.error()?.description).toMatch(/N8N_SSRF_ALLOWED_HOSTNAMES/);
		expect(sim.requests()).toHaveLength(0);
	});

	it('a host whose address changes after the URL was checked is refused where it connects (DNS rebinding)', async () => {
		// The first answer (n8n's check of the URL) is a public address, every later one (the connection's) loopback.
		let lookups = 0;
		const rebinding = {
			lookup: async () => [{ address: lookups++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }],
		} as unknown as DnsResolver;
		const result = await withEgressPolicy(
			{ enabled: true },
			() => balanceOf(withPort(sim.baseUrl, 'localhost', sim.port)),
			rebinding,
		);
		expect(result.error()?.message).toBe("n8n's SSRF protection refused the Base URL");
		expect(lookups).toBeGreaterThanOrEqual(2);
		expect(sim.requests()).toHaveLength(0);
	});

	it('a transfer the SSRF policy refuses was not sent, so its outcome is known', async () => {
		const transfer = dapiNode('payment', 'createTransfer', {
			senderID: 'acc-1',
			amount: 10,
			payTo: 'beneficiary',
			receiverID: 'ben-1',
		});
		const result = await withEgressPolicy({ enabled: true }, () =>
			runWorkflow(chainWorkflow([{ ...connection }], [transfer]), {
				dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl },
			}),
		);
		expect(result.error()?.message).toBe("n8n's SSRF protection refused the Base URL");
		expect(result.error()?.description).toMatch(/nothing was sent/i);
		expect(sim.requests()).toHaveLength(0);
	});

	it('the SSRF policy lets through what its allowed ranges and hosts name', async () => {
		const byRange = await withEgressPolicy({ enabled: true, allowedIpRanges: ['127.0.0.1/32'] }, () =>
			balanceOf(sim.baseUrl),
		);
		expect(byRange.error()).toBeUndefined();
		expect(byRange.output('Dapi')).toHaveLength(3);
		const byHost = await withEgressPolicy({ enabled: true, allowedHostnames: ['localhost'] }, () =>
			balanceOf(withPort(sim.baseUrl, 'localhost', sim.port)),
		);
		expect(byHost.error()).toBeUndefined();
		expect(sim.requests()).toHaveLength(3);
	});

	it('HTTP_PROXY sends every call through the proxy, and NO_PROXY exempts its hosts', async () => {
		const proxy = await startForwardProxy();
		try {
			// A first run without the proxy, so that agents n8n may keep are there before the variable is set.
			expect((await balanceOf(sim.baseUrl)).error()).toBeUndefined();
			const proxied = await withEnv({ HTTP_PROXY: proxy.url, http_proxy: proxy.url }, () => balanceOf(sim.baseUrl));
			expect(proxied.error()).toBeUndefined();
			expect(proxy.seen).toEqual(Array(3).fill(`${sim.baseUrl}/data/balance/get`));
			const exempt = await withEnv({ HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '127.0.0.1' }, () =>
				balanceOf(sim.baseUrl),
			);
			expect(exempt.error()).toBeUndefined();
			expect(proxy.seen).toHaveLength(3);
		} finally {
			await proxy.close();
		}
	});

	it(`the calls of a run ${reuse ? 'share one connection' : 'each open a connection'}`, async () => {
		const counter = await startConnectionCounter(sim.port);
		try {
			const result = await balanceOf(withPort(sim.baseUrl, '127.0.0.1', counter.port));
			expect(result.error()).toBeUndefined();
			expect(counter.opened()).toBe(reuse ? 1 : 3);
		} finally {
			await counter.close();
		}
	});

	it('a transfer is sent once when its connection breaks before the answer, and its outcome is unknown', async () => {
		const server = await startHostileServer();
		const counter = await startConnectionCounter(Number(new URL(server.baseUrl).port));
		try {
			server.setFaultFor((request) =>
				request.path === '/payment/transfer/create' ? { kind: 'resetBeforeAnswer' } : undefined,
			);
			const item = { accessToken: 'token-1', userSecret: 'user-secret-1' };
			const read = { ...requestNode({ endpoint: '/data/accounts/get' }), name: 'Read' };
			const transfer = dapiNode('payment', 'createTransfer', {
				accessToken: "={{ $('Start').first().json.accessToken }}",
				userSecret: "={{ $('Start').first().json.userSecret }}",
				senderID: 'acc-1',
				amount: 10,
				payTo: 'beneficiary',
				receiverID: 'ben-1',
			});
			const result = await runWorkflow(chainWorkflow([item], [read, transfer]), {
				dapiApi: {
					appSecret: APP_SECRET,
					appKey: APP_KEY,
					baseUrl: withPort(server.baseUrl, '127.0.0.1', counter.port),
				},
			});
			expect(result.output('Read')).toHaveLength(1);
			expect(server.received.get('/payment/transfer/create')).toBe(1);
			expect(result.error()?.message).toMatch(/outcome is unknown/);
			// On n8n reusing its agents the transfer went out on the read's connection.
			expect(counter.opened()).toBe(reuse ? 1 : 2);
		} finally {
			await counter.close();
			await server.close();
		}
	});
});
