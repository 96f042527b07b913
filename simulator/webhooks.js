// @ts-check
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');

/**
 * Dapi posts operation results to the app's webhook URL. Two verification schemes exist in the official SDKs:
 * - 'dapi-signature' (Node SDK verifyWebhookSignature): headers dapi-ts and
 *   dapi-signature = base64(HMAC-SHA256(key = webhook secret, data = dapi-ts + raw body)); body = the envelope.
 * - 'svix' (Go SDK 2024, VerifyWebhook + DecryptWebhookData): Svix headers svix-id, svix-timestamp,
 *   svix-signature = "v1," + base64(HMAC-SHA256(key = base64-decoded secret without "whsec_",
 *   data = id.timestamp.body)); body = {"data": base64(iv16 + AES-CFB(envelope JSON))} with the AES key.
 */

/** @typedef {'dapi-signature' | 'svix'} WebhookScheme */
/** @typedef {'bad-signature' | 'old-timestamp' | 'duplicate'} WebhookFault */
/**
 * @typedef {object} WebhookConfig
 * @property {string} url
 * @property {string} secret
 * @property {WebhookScheme} [scheme]  default 'dapi-signature'
 * @property {string} [aesKey]  base64 of 16, 24 or 32 bytes; required for 'svix'
 */
/**
 * @typedef {object} WebhookDelivery
 * @property {number} seq
 * @property {string} url
 * @property {WebhookScheme} scheme
 * @property {Record<string, string>} headers  as sent
 * @property {string} body  raw body as sent
 * @property {Record<string, unknown>} payload  the envelope before signing/encryption
 * @property {WebhookFault | null} fault
 * @property {number} sentAt  simulator clock (ms)
 * @property {number | null} status  HTTP status of the receiver's answer; null if none came
 * @property {string | null} error  why no answer came
 */

const SCHEMES = /** @type {const} */ (['dapi-signature', 'svix']);
const FAULTS = /** @type {const} */ (['bad-signature', 'old-timestamp', 'duplicate']);
const OLD_TIMESTAMP_MS = 10 * 60 * 1000;
const TIMEOUT_MS = 10000;

/** @param {string} secret */
function svixKey(secret) {
	const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
	const key = Buffer.from(encoded, 'base64');
	if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
		throw new TypeError('a svix webhook secret must be base64 (optionally prefixed with "whsec_")');
	}
	return key;
}

/** @param {string} aesKey */
function aesAlgorithm(aesKey) {
	const key = Buffer.from(aesKey, 'base64');
	const bits = { 16: 128, 24: 192, 32: 256 }[key.length];
	if (bits === undefined || key.toString('base64').replace(/=+$/, '') !== aesKey.replace(/=+$/, ''))
		throw new TypeError('aesKey must be base64 of 16, 24 or 32 bytes');
	return { key, algorithm: `aes-${bits}-cfb` };
}

/**
 * @param {unknown} config
 * @returns {Required<Omit<WebhookConfig, 'aesKey'>> & { aesKey: string | null }}
 */
function checkConfig(config) {
	if (config === null || typeof config !== 'object') throw new TypeError('webhook config must be an object');
	const { url, secret, scheme = 'dapi-signature', aesKey } = /** @type {Record<string, unknown>} */ (config);
	if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new TypeError('webhook url must be an http(s) URL');
	new URL(url);
	if (typeof secret !== 'string' || secret === '') throw new TypeError('webhook secret must be a non-empty string');
	if (typeof scheme !== 'string' || !(/** @type {readonly string[]} */ (SCHEMES).includes(scheme))) {
		throw new TypeError(`webhook scheme must be one of ${SCHEMES.join(', ')}`);
	}
	if (scheme === 'svix') {
		svixKey(secret);
		if (typeof aesKey !== 'string') throw new TypeError('the svix scheme needs aesKey (base64 of 16, 24 or 32 bytes)');
		aesAlgorithm(aesKey);
	} else if (aesKey !== undefined && aesKey !== null) {
		throw new TypeError('aesKey is only used by the svix scheme');
	}
	return {
		url,
		secret,
		scheme: /** @type {WebhookScheme} */ (scheme),
		aesKey: scheme === 'svix' ? /** @type {string} */ (aesKey) : null,
	};
}

/** Flips one bit of the first byte of a base64 signature. @param {string} signature */
function corrupt(signature) {
	const bytes = Buffer.from(signature, 'base64');
	bytes[0] ^= 0x01;
	return bytes.toString('base64');
}

class Webhooks {
	/** @type {ReturnType<typeof checkConfig> | null} */
	#config = null;
	/** @type {{ fault: WebhookFault, sticky: boolean } | null} */
	#fault = null;
	/** @type {WebhookDelivery[]} */
	#deliveries = [];
	/** @type {Set<Promise<void>>} */
	#inFlight = new Set();
	/** @type {Set<http.ClientRequest>} */
	#requests = new Set();
	#seq = 0;
	#now;

	/** @param {() => number} now simulator clock */
	constructor(now) {
		this.#now = now;
	}

	/** @param {WebhookConfig | null} config null switches webhooks off */
	configure(config) {
		this.#config = config === null ? null : checkConfig(config);
	}

	/** @returns {{ url: string, scheme: WebhookScheme } | null} the secrets are not repeated */
	config() {
		return this.#config && { url: this.#config.url, scheme: this.#config.scheme };
	}

	/** @param {WebhookFault | null} fault @param {{ sticky?: boolean }} [options] one-shot unless sticky */
	setFault(fault, { sticky = false } = {}) {
		if (fault !== null && !(/** @type {readonly unknown[]} */ (FAULTS).includes(fault))) {
			throw new TypeError(`webhook fault must be one of ${FAULTS.join(', ')} or null`);
		}
		if (typeof sticky !== 'boolean') throw new TypeError('sticky must be a boolean');
		this.#fault = fault === null ? null : { fault, sticky };
	}

	/** @returns {WebhookDelivery[]} copies, in sending order */
	deliveries() {
		return structuredClone(this.#deliveries);
	}

	clear() {
		this.#deliveries = [];
	}

	/** Resolves when every delivery started so far has its answer (or failed). */
	async idle() {
		while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
	}

	/** Aborts deliveries in flight. */
	close() {
		for (const request of this.#requests) request.destroy(new Error('simulator closed'));
	}

	/**
	 * Posts the envelope to the configured URL, if any, without waiting. Used after an API answer has gone out.
	 * @param {Record<string, unknown>} payload
	 */
	dispatch(payload) {
		if (this.#config === null) return;
		const sending = this.#send(this.#config, payload).then(
			() => undefined,
			(err) => console.error('[dapi-simulator] webhook delivery crashed:', err),
		);
		this.#inFlight.add(sending);
		sending.finally(() => this.#inFlight.delete(sending));
	}

	/**
	 * Posts one envelope now and resolves with its delivery record (the first, for the duplicate fault).
	 * @param {Record<string, unknown>} payload
	 * @returns {Promise<WebhookDelivery>}
	 */
	async send(payload) {
		if (this.#config === null)
			throw new Error('No webhook configured: call setWebhook({ url, secret, scheme }) first.');
		if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
			throw new TypeError('the webhook payload must be an object');
		const sending = this.#send(this.#config, payload);
		const tracked = sending.then(
			() => undefined,
			() => undefined,
		);
		this.#inFlight.add(tracked);
		tracked.finally(() => this.#inFlight.delete(tracked));
		const [first] = await sending;
		return structuredClone(first);
	}

	/** @param {ReturnType<typeof checkConfig>} config @param {Record<string, unknown>} payload */
	async #send(config, payload) {
		const active = this.#fault;
		if (active && !active.sticky) this.#fault = null;
		const fault = active?.fault ?? null;
		const nowMs = fault === 'old-timestamp' ? this.#now() - OLD_TIMESTAMP_MS : this.#now();
		const timestamp = String(Math.floor(nowMs / 1000));
		const { headers, body } =
			config.scheme === 'svix' ? this.#svix(config, payload, timestamp) : this.#dapi(config, payload, timestamp);
		const signatureHeader = config.scheme === 'svix' ? 'svix-signature' : 'dapi-signature';
		if (fault === 'bad-signature') {
			headers[signatureHeader] =
				config.scheme === 'svix'
					? `v1,${corrupt(headers[signatureHeader].slice(3))}`
					: corrupt(headers[signatureHeader]);
		}
		const copies = fault === 'duplicate' ? 2 : 1;
		/** @type {WebhookDelivery[]} */
		const sent = [];
		for (let i = 0; i < copies; i++) {
			/** @type {WebhookDelivery} */
			const delivery = {
				seq: ++this.#seq,
				url: config.url,
				scheme: config.scheme,
				headers: { ...headers },
				body,
				payload: structuredClone(payload),
				fault,
				sentAt: this.#now(),
				status: null,
				error: null,
			};
			this.#deliveries.push(delivery);
			// One after the other, as a retrying sender would.
			await this.#post(config.url, headers, body).then(
				(status) => (delivery.status = status),
				(err) => (delivery.error = err instanceof Error ? err.message : String(err)),
			);
			sent.push(delivery);
		}
		return sent;
	}

	/** @param {ReturnType<typeof checkConfig>} config @param {Record<string, unknown>} payload @param {string} timestamp */
	#dapi(config, payload, timestamp) {
		const body = JSON.stringify(payload);
		const signature = crypto
			.createHmac('sha256', config.secret)
			.update(timestamp + body)
			.digest('base64');
		/** @type {Record<string, string>} */
		const headers = { 'content-type': 'application/json', 'dapi-ts': timestamp, 'dapi-signature': signature };
		return { headers, body };
	}

	/** @param {ReturnType<typeof checkConfig>} config @param {Record<string, unknown>} payload @param {string} timestamp */
	#svix(config, payload, timestamp) {
		const { key, algorithm } = aesAlgorithm(/** @type {string} */ (config.aesKey));
		const iv = crypto.randomBytes(16);
		const cipher = crypto.createCipheriv(algorithm, key, iv);
		const encrypted = Buffer.concat([iv, cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
		const body = JSON.stringify({ data: encrypted.toString('base64') });
		const id = `msg_${crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, '0')}`;
		const signature = crypto
			.createHmac('sha256', svixKey(config.secret))
			.update(`${id}.${timestamp}.${body}`)
			.digest('base64');
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': 'application/json',
			'svix-id': id,
			'svix-timestamp': timestamp,
			'svix-signature': `v1,${signature}`,
		};
		return { headers, body };
	}

	/** @param {string} url @param {Record<string, string>} headers @param {string} body @returns {Promise<number>} */
	#post(url, headers, body) {
		return new Promise((resolve, reject) => {
			const target = new URL(url);
			const client = target.protocol === 'https:' ? https : http;
			const request = client.request(
				target,
				{
					method: 'POST',
					headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
					timeout: TIMEOUT_MS,
				},
				(response) => {
					response.resume();
					response.on('end', () => resolve(response.statusCode ?? 0));
					response.on('error', reject);
				},
			);
			this.#requests.add(request);
			request.on('close', () => this.#requests.delete(request));
			request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
			request.on('error', reject);
			request.end(body);
		});
	}
}

module.exports = { Webhooks, WEBHOOK_SCHEMES: SCHEMES, WEBHOOK_FAULTS: FAULTS };
