// @ts-check
'use strict';

/**
 * The benchmark's workflows: Manual Trigger → Warm Up → Items (a Set node holding the workload as raw
 * JSON) → Split Out (one item per call) → the node under test. Set and Split Out run in n8n's main
 * process (a Code node would start n8n's task runner first, half a second more per run). Every node
 * under test continues on failure, so a failed call becomes an item with an `error` field instead of
 * stopping the run: failed items can then be counted.
 *
 * Warm Up is one HTTP Request GET to the simulator (a path it does not log) with a Header Auth
 * credential: each run is a fresh n8n process, whose first request sets up n8n's HTTP stack (40–60 ms)
 * and whose first credential read sets up its decryption (a key lookup, a warning logged once, the
 * first queries: 10–30 ms), one-time work a running n8n has done long before. Without it that work
 * lands in whichever node under test calls first, as the plain client's start-up (importing got) does
 * not land in its time.
 */

const { PACKAGE_NAME } = require('../../scripts/n8n/package');

const CREDENTIAL = { id: 'dapiBenchCred001', name: 'Dapi simulator (bench)' };
/** The same app behind the TLS front, which adds round trips (bench/lib/tls-front.js). */
const TLS_CREDENTIAL = { id: 'dapiBenchCredTls', name: 'Dapi simulator over TLS (bench)' };
/** Warm Up's own credential (n8n's Header Auth): the header carries nothing secret. */
const WARM_UP_CREDENTIAL = {
	id: 'benchWarmUpCred1',
	name: 'Warm Up header (bench)',
	type: 'httpHeaderAuth',
	data: { name: 'X-Bench-Warm-Up', value: '1' },
};
/** The node whose executionTime is measured. */
const UNDER_TEST = 'Under Test';

let uuidSeq = 0;
/** Stable node ids, so the same workflow is imported the same way every run. */
const nodeId = () => `00000000-0000-4000-8000-${String(++uuidSeq).padStart(12, '0')}`;

/**
 * @param {string} id at most 16 characters
 * @param {string} name
 * @param {Record<string, unknown>[]} items the JSON of the items the node under test gets
 * @param {Record<string, unknown>} underTest the node under test, without id/name/position
 * @param {string} warmUpUrl a URL of the simulator that answers without being logged
 */
function workflow(id, name, items, underTest, warmUpUrl) {
	if (id.length > 16) throw new Error(`workflow id too long: ${id}`);
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: nodeId(),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: nodeId(),
				name: 'Warm Up',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [110, 0],
				parameters: {
					method: 'GET',
					url: warmUpUrl,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					options: { response: { response: { neverError: true } } },
				},
				credentials: { httpHeaderAuth: { id: WARM_UP_CREDENTIAL.id, name: WARM_UP_CREDENTIAL.name } },
				onError: 'continueRegularOutput',
			},
			{
				id: nodeId(),
				name: 'Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			},
			{
				id: nodeId(),
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
			},
			{ id: nodeId(), name: UNDER_TEST, position: [660, 0], onError: 'continueRegularOutput', ...underTest },
		],
		connections: {
			Start: { main: [[{ node: 'Warm Up', type: 'main', index: 0 }]] },
			'Warm Up': { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: UNDER_TEST, type: 'main', index: 0 }]] },
		},
	};
}

/**
 * The Dapi node, Data → Get Balance, token and user secret from the items.
 * @param {number} maxParallelConnections
 * @param {{ id: string, name: string }} [credential] the simulator's over plain HTTP (default) or TLS_CREDENTIAL
 */
function dapiGetBalance(maxParallelConnections, credential = CREDENTIAL) {
	return {
		type: `${PACKAGE_NAME}.dapi`,
		typeVersion: 1,
		parameters: {
			resource: 'data',
			operation: 'getBalance',
			balanceOf: 'account',
			accountID: '={{ $json.accountID }}',
			tokenSource: 'fields',
			accessToken: '={{ $json.accessToken }}',
			userSecret: '={{ $json.userSecret }}',
			options: { maxParallelConnections },
		},
		credentials: { dapiApi: credential },
	};
}

/**
 * n8n's HTTP Request node 4.2 doing the same call by hand: POST, Bearer header, JSON body.
 * @param {string} url the simulator's /v2/data/balance/get
 * @param {string} appSecret
 * @param {number | null} batchInterval null: default options (no batching)
 */
function httpGetBalance(url, appSecret, batchInterval) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			authentication: 'none',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: '=Bearer {{ $json.accessToken }}' }] },
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'appSecret', value: appSecret },
					{ name: 'userSecret', value: '={{ $json.userSecret }}' },
					{ name: 'accountID', value: '={{ $json.accountID }}' },
				],
			},
			options: batchInterval === null ? {} : { batching: { batch: { batchSize: 1, batchInterval } } },
		},
	};
}

/**
 * The Dapi node, Data → Get Transactions over a long range, split into bank-sized windows.
 * @param {string} fromDate
 * @param {string} toDate
 */
function dapiGetTransactions(fromDate, toDate) {
	return {
		type: `${PACKAGE_NAME}.dapi`,
		typeVersion: 1,
		parameters: {
			resource: 'data',
			operation: 'getTransactions',
			transactionType: 'plain',
			transactionsOf: 'account',
			accountID: '={{ $json.accountID }}',
			fromDate,
			toDate,
			tokenSource: 'fields',
			accessToken: '={{ $json.accessToken }}',
			userSecret: '={{ $json.userSecret }}',
			options: { splitByRange: true },
		},
		credentials: { dapiApi: CREDENTIAL },
	};
}

/**
 * A Code node standing in for the node under test: whatever it gets, it returns `items` (the node's
 * output), so n8n carries the same output without the node.
 * @param {Record<string, unknown>[]} items
 */
function codeReturning(items) {
	return code(`return ${JSON.stringify(items)}.map((json) => ({ json }));`);
}

/** A Code node that passes its input on: the trivial counterpart of codeReturning. */
function codePassThrough() {
	return code('return $input.all();');
}

/** @param {string} jsCode */
function code(jsCode) {
	return {
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
	};
}

/** The trivial counterpart of a workflow: the same items pass a No Operation node. */
function noOp() {
	return { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/** The credential as n8n imports it. @param {string} baseUrl @param {string} appSecret @param {string} appKey */
function credential(baseUrl, appSecret, appKey) {
	return { ...CREDENTIAL, type: 'dapiApi', data: { appSecret, appKey, baseUrl } };
}

/**
 * The credentials every user folder of the benchmark gets: the Dapi one, the same over the TLS front,
 * and Warm Up's.
 * @param {string} baseUrl @param {string} appSecret @param {string} appKey @param {string} tlsBaseUrl
 */
function credentials(baseUrl, appSecret, appKey, tlsBaseUrl) {
	return [
		credential(baseUrl, appSecret, appKey),
		{ ...credential(tlsBaseUrl, appSecret, appKey), ...TLS_CREDENTIAL },
		WARM_UP_CREDENTIAL,
	];
}

module.exports = {
	UNDER_TEST,
	TLS_CREDENTIAL,
	workflow,
	dapiGetBalance,
	httpGetBalance,
	dapiGetTransactions,
	codeReturning,
	codePassThrough,
	noOp,
	credentials,
};
