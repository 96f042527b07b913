// @ts-check
'use strict';

/**
 * The plain-client rows over TLS (issue 25): Node's own https client, per-token queues with
 * `maxParallel` tokens in flight, with a keep-alive agent (a careful client: a connection is opened
 * once and reused) or with keep-alive off (a connection per call, as n8n's helper does). One call
 * through a separate agent warms Node's TLS stack first, outside the timer, as Warm Up does for n8n.
 *
 * workerData: { keepAlive, maxParallel, url, warmUpUrl, ca, appSecret, items }
 * posts back: { wallMs, results: [{ ok, status, type }] } (results in input order)
 */

const https = require('node:https');
const { parentPort, workerData } = require('node:worker_threads');

const { runPerToken } = require('./per-token');

/**
 * @typedef {{ accessToken: string, userSecret: string, accountID: string }} BalanceItem
 * @typedef {{ ok: boolean, status: number, type: string | null }} CallResult
 */

/**
 * @param {string} url @param {https.Agent} agent @param {string} ca
 * @param {Record<string, string>} headers @param {string | null} body
 * @returns {Promise<{ status: number, text: string }>}
 */
function post(url, agent, ca, headers, body) {
	return new Promise((resolve, reject) => {
		const request = https.request(url, { method: body === null ? 'GET' : 'POST', agent, ca, headers }, (response) => {
			const chunks = /** @type {Buffer[]} */ ([]);
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
			);
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(body ?? undefined);
	});
}

async function main() {
	const { keepAlive, maxParallel, url, warmUpUrl, ca, appSecret, items } =
		/** @type {{ keepAlive: boolean, maxParallel: number, url: string, warmUpUrl: string, ca: string, appSecret: string, items: BalanceItem[] }} */ (
			workerData
		);
	await post(warmUpUrl, new https.Agent({ keepAlive: false }), ca, {}, null);

	const agent = new https.Agent({ keepAlive });
	/** @param {BalanceItem} item @returns {Promise<CallResult>} */
	const call = async (item) => {
		const body = JSON.stringify({ appSecret, userSecret: item.userSecret, accountID: item.accountID });
		const response = await post(
			url,
			agent,
			ca,
			{
				authorization: `Bearer ${item.accessToken}`,
				'content-type': 'application/json',
				'content-length': String(Buffer.byteLength(body)),
			},
			body,
		);
		const parsed = /** @type {{ success?: boolean, type?: string }} */ (JSON.parse(response.text));
		return {
			ok: response.status === 200 && parsed.success === true,
			status: response.status,
			type: parsed.type ?? null,
		};
	};

	const started = performance.now();
	const results = await runPerToken(
		items.map((item) => item.accessToken),
		maxParallel,
		(index) => call(items[index]),
	);
	const wallMs = performance.now() - started;
	agent.destroy();
	parentPort?.postMessage({ wallMs, results });
}

main().catch((error) => {
	parentPort?.postMessage({ error: String(error?.stack ?? error) });
});
