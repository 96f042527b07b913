// @ts-check
'use strict';

/**
 * The plain-client rows: the same 500 balance calls made with `got`, in a worker thread of the bench
 * process (its own event loop, as n8n has its own process: the simulator's work in the main thread
 * does not slow the client down, nor the other way round).
 *
 * workerData: { mode: 'sequential' | 'perToken', maxParallel, url, appSecret, items }
 * posts back: { wallMs, results: [{ ok, status, type }] } (results in input order)
 */

const { parentPort, workerData } = require('node:worker_threads');

const { runPerToken } = require('./per-token');

/**
 * @typedef {{ accessToken: string, userSecret: string, accountID: string }} BalanceItem
 * @typedef {{ ok: boolean, status: number, type: string | null }} CallResult
 */

async function main() {
	// got is ESM only, and its types need a module resolution the project does not use.
	const gotModule = 'got';
	const { default: got } = await import(gotModule);
	const { mode, maxParallel, url, appSecret, items } =
		/** @type {{ mode: string, maxParallel: number, url: string, appSecret: string, items: BalanceItem[] }} */ (
			workerData
		);

	/** @param {BalanceItem} item @returns {Promise<CallResult>} */
	const call = async (item) => {
		const response = await got.post(url, {
			headers: { authorization: `Bearer ${item.accessToken}` },
			json: { appSecret, userSecret: item.userSecret, accountID: item.accountID },
			responseType: 'json',
			throwHttpErrors: false,
			retry: { limit: 0 },
		});
		const body = /** @type {{ success?: boolean, type?: string, balance?: unknown }} */ (response.body);
		return {
			ok: response.statusCode === 200 && body.success === true,
			status: response.statusCode,
			type: body.type ?? null,
		};
	};

	/** @type {CallResult[]} */
	let results;
	const started = performance.now();
	if (mode === 'sequential') {
		results = [];
		for (const item of items) results.push(await call(item));
	} else {
		results = await runPerToken(
			items.map((item) => item.accessToken),
			maxParallel,
			(index) => call(items[index]),
		);
	}
	const wallMs = performance.now() - started;
	parentPort?.postMessage({ wallMs, results });
}

main().catch((error) => {
	parentPort?.postMessage({ error: String(error?.stack ?? error) });
});
