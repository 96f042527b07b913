// @ts-check
'use strict';

const crypto = require('node:crypto');
const { DapiError } = require('./errors');
const { seedUsers, bankOf } = require('./seed');

/** Docs: "Access Code is only valid for 30 minutes." */
const ACCESS_CODE_TTL_MS = 30 * 60 * 1000;

/** @typedef {import('./seed').SeedUser} SeedUser */
/** @typedef {import('./seed').SeedBeneficiary} Beneficiary */
/**
 * A payment or wire transfer made in the simulator. It shows as a debit in the sender's transactions.
 * @typedef {object} Transfer
 * @property {string} reference
 * @property {'payment' | 'wire'} kind
 * @property {string} userID
 * @property {string} accountID
 * @property {number} amount
 * @property {{ code: string, name: string }} currency
 * @property {number} at simulator time (ms)
 * @property {{ name: string, beneficiaryID: string | null, iban: string | null, accountNumber: string }} receiver
 * @property {string | null} remark
 */
/**
 * One item of a batch transfer, as checked when the batch was created.
 * @typedef {object} BatchItem
 * @property {boolean} accepted  false when the bank's validators refused it (it then never moves money)
 * @property {Array<{ msg: string, field: string, type: string }>} errors
 * @property {string | null} name
 * @property {number} amount
 * @property {string} currency
 * @property {string | null} iban
 * @property {string | null} accountNumber
 * @property {string | null} reference  the transfer's reference, for accepted items
 */
/**
 * A batch transfer made with /batch/transfers/create; its stage follows the simulator clock.
 * @typedef {object} BatchTransfer
 * @property {string} reference
 * @property {string} userID
 * @property {string} accountID
 * @property {{ iban: string | null, accountNumber: string }} sender
 * @property {string} type  same | local | intl
 * @property {string} currency  the sender account's currency code
 * @property {string} fileName
 * @property {number} createdAt  simulator time (ms)
 * @property {BatchItem[]} items
 */
/**
 * @typedef {object} AchPull
 * @property {string} senderID
 * @property {number} amount
 * @property {{ code: string, name: string }} currency
 * @property {string | null} description
 * @property {'pending'} status
 * @property {number} at
 */
/**
 * @typedef {object} Connection
 * @property {string} connectionID
 * @property {string} userID
 * @property {string} tokenID
 * @property {string} userSecret
 */
/**
 * @typedef {object} AccessCode
 * @property {string} connectionID
 * @property {number} issuedAt
 * @property {boolean} used
 */
/**
 * @typedef {object} AccessToken
 * @property {string} connectionID
 * @property {number} issuedAt
 * @property {boolean} revoked
 */
/**
 * @typedef {object} Session what a valid Bearer token resolves to
 * @property {string} accessToken
 * @property {Connection} connection
 * @property {SeedUser} user
 */

/** @param {object} claims @param {string} key */
function jwtLike(claims, key) {
	/** @param {object} part */
	const encode = (part) => Buffer.from(JSON.stringify(part)).toString('base64url');
	const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
	return `${unsigned}.${crypto.createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

/** @param {string} value */
const digest = (value) => crypto.createHash('sha256').update(value).digest();

/** App credentials, seeded users, Connect results, access codes, access tokens and the clock. */
class SimState {
	#appSecretDigest;
	#appSecret;
	#baseNow;
	#offsetMs = 0;
	/** @type {Map<string, Connection>} */
	#connections = new Map();
	/** @type {Map<string, AccessCode>} */
	#accessCodes = new Map();
	/** @type {Map<string, AccessToken>} */
	#accessTokens = new Map();
	/** @type {Transfer[]} */
	transfers = [];
	/** ACH pulls per connectionID, oldest first. @type {Map<string, AchPull[]>} */
	achPulls = new Map();
	/** @type {BatchTransfer[]} */
	batches = [];
	#referenceSeq = 0;

	/** @param {{ appKey: string, appSecret: string, now: () => number }} options */
	constructor({ appKey, appSecret, now }) {
		this.appKey = appKey;
		this.#appSecret = appSecret;
		this.#appSecretDigest = digest(appSecret);
		this.#baseNow = now;
		this.users = seedUsers();
	}

	/** Simulator time in ms: the injected clock plus everything added by advanceClock. */
	now() {
		return this.#baseNow() + this.#offsetMs;
	}

	/** @param {number} ms */
	advanceClock(ms) {
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
			throw new TypeError('advanceClock needs a finite number of milliseconds >= 0');
		}
		this.#offsetMs += ms;
		return this.now();
	}

	/** @param {unknown} candidate */
	isAppSecret(candidate) {
		// Compare digests so the check takes the same time whatever the length of the guess.
		return typeof candidate === 'string' && crypto.timingSafeEqual(digest(candidate), this.#appSecretDigest);
	}

	/** @param {string} userID */
	findUser(userID) {
		return this.users.find((user) => user.userID === userID);
	}

	/** @param {SeedUser} user */
	bankOf(user) {
		return bankOf(user.bankID);
	}

	/** A bank-style transfer reference, unique within this simulator. */
	nextReference() {
		const date = new Date(this.now()).toISOString().slice(2, 10).replaceAll('-', '');
		this.#referenceSeq += 1;
		return `DAPI${date}${String(this.#referenceSeq).padStart(6, '0')}`;
	}

	/**
	 * What Dapi Connect hands the app after the user logs in to the bank.
	 * @param {string} [userID] defaults to the first seeded user
	 */
	connect(userID) {
		const user = userID === undefined ? this.users[0] : this.findUser(userID);
		if (!user) {
			throw new RangeError(`Unknown userID "${userID}". Seeded users: ${this.users.map((u) => u.userID).join(', ')}`);
		}
		const issuedAt = this.now();
		const connection = {
			connectionID: crypto.randomUUID(),
			userID: user.userID,
			tokenID: crypto.randomUUID(),
			userSecret: crypto.randomBytes(32).toString('base64url'),
		};
		const iat = Math.floor(issuedAt / 1000);
		const accessCode = jwtLike(
			{
				salt: crypto.randomBytes(8).toString('hex'),
				appKey: this.appKey,
				tokenID: connection.tokenID,
				iat,
				exp: iat + ACCESS_CODE_TTL_MS / 1000,
			},
			this.#appSecret,
		);
		this.#connections.set(connection.connectionID, connection);
		this.#accessCodes.set(accessCode, { connectionID: connection.connectionID, issuedAt, used: false });
		return {
			success: true,
			accessCode,
			userSecret: connection.userSecret,
			connectionID: connection.connectionID,
			userID: connection.userID,
			tokenID: connection.tokenID,
		};
	}

	/**
	 * @param {string} accessCode
	 * @param {string} connectionID
	 * @returns {{ accessToken: string, tokenID: string, userID: string }}
	 */
	exchangeToken(accessCode, connectionID) {
		const code = this.#accessCodes.get(accessCode);
		if (!code) throw new DapiError('INVALID_ACCESS_CODE');
		// Checked before "used" so a wrong connectionID cannot burn somebody else's code.
		if (code.connectionID !== connectionID) throw new DapiError('INVALID_CONNECTION_ID');
		if (code.used) throw new DapiError('ACCESS_CODE_ALREADY_USED');
		if (this.now() - code.issuedAt > ACCESS_CODE_TTL_MS) throw new DapiError('ACCESS_CODE_EXPIRED');
		code.used = true;
		const connection = /** @type {Connection} */ (this.#connections.get(connectionID));
		const issuedAt = this.now();
		const accessToken = jwtLike(
			{
				salt: crypto.randomBytes(8).toString('hex'),
				appKey: this.appKey,
				tokenID: connection.tokenID,
				iat: Math.floor(issuedAt / 1000),
			},
			this.#appSecret,
		);
		this.#accessTokens.set(accessToken, { connectionID, issuedAt, revoked: false });
		return { accessToken, tokenID: connection.tokenID, userID: connection.userID };
	}

	/**
	 * @param {string | null} accessToken
	 * @returns {Session | null} null when the token is unknown or revoked
	 */
	session(accessToken) {
		const token = accessToken === null ? undefined : this.#accessTokens.get(accessToken);
		if (!token || token.revoked || accessToken === null) return null;
		const connection = /** @type {Connection} */ (this.#connections.get(token.connectionID));
		const user = /** @type {SeedUser} */ (this.findUser(connection.userID));
		return { accessToken, connection, user };
	}

	/**
	 * Every connection Connect made and the access tokens exchanged for it (revoked or not): what a
	 * test searches n8n's data, logs and stores for, to prove none of it is kept in clear.
	 */
	issued() {
		return [...this.#connections.values()].map((connection) => ({
			...connection,
			accessTokens: [...this.#accessTokens.entries()]
				.filter(([, token]) => token.connectionID === connection.connectionID)
				.map(([accessToken, token]) => ({ accessToken, revoked: token.revoked })),
		}));
	}

	/** For delink: the token stops working, the connection's data stays. @param {string} accessToken */
	revokeToken(accessToken) {
		const token = this.#accessTokens.get(accessToken);
		if (!token || token.revoked) return false;
		token.revoked = true;
		return true;
	}
}

module.exports = { SimState, ACCESS_CODE_TTL_MS };
