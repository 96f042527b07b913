// @ts-check
'use strict';

const zlib = require('node:zlib');

/**
 * MFA ("user input") prompts: docs /docs/specify-user-input and /docs/user-input-types.
 * An endpoint with a policy answers its first call with status user_input_required and these prompts;
 * the client resumes on the same endpoint with operationID and the answers.
 */

/** What the simulated bank accepts. Documented in README.md. */
const USER_INPUT_ANSWERS = Object.freeze({ otp: '123456', pin: '1234', secret_question: 'dapi', captcha: 'n8n42' });

/** @typedef {'none' | 'otp' | 'otp_pin' | 'secret_question' | 'captcha'} UserInputPolicy */
/** @typedef {{ answer: string, id: keyof typeof USER_INPUT_ANSWERS, index: number, queryType: 'txt' | 'image', query: string }} UserInputPrompt */

/** 5x7 glyphs for the captcha text. */
const GLYPHS = /** @type {Record<string, string[]>} */ ({
	n: ['.....', '.....', '####.', '#...#', '#...#', '#...#', '#...#'],
	8: ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
	4: ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
	2: ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
});

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A small valid grayscale PNG showing `text` in black on white (each glyph pixel drawn scale x scale).
 * @param {string} text characters of GLYPHS only
 * @param {number} [scale]
 */
function renderPng(text, scale = 3) {
	const margin = 2;
	const cols = text.length * 6 - 1 + margin * 2;
	const rows = 7 + margin * 2;
	const width = cols * scale;
	const height = rows * scale;
	/** @param {number} x @param {number} y */
	const ink = (x, y) => {
		const col = Math.floor(x / scale) - margin;
		const row = Math.floor(y / scale) - margin;
		if (row < 0 || row >= 7 || col < 0) return false;
		const glyph = GLYPHS[text[Math.floor(col / 6)]];
		return glyph !== undefined && col % 6 < 5 && glyph[row][col % 6] === '#';
	};
	const raw = Buffer.alloc((width + 1) * height, 0xff);
	for (let y = 0; y < height; y++) {
		raw[y * (width + 1)] = 0; // filter type None
		for (let x = 0; x < width; x++) if (ink(x, y)) raw[y * (width + 1) + 1 + x] = 0;
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 0; // colour type: grayscale
	header[10] = 0; // compression, filter, interlace
	header[11] = 0;
	header[12] = 0;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** Docs: for captcha the query "will hold a base64 encoded image". */
const CAPTCHA_PNG_BASE64 = renderPng(USER_INPUT_ANSWERS.captcha).toString('base64');

/** @type {Readonly<Record<Exclude<UserInputPolicy, 'none'>, ReadonlyArray<Omit<UserInputPrompt, 'answer'>>>>} */
const PROMPTS = Object.freeze({
	otp: [{ id: 'otp', index: 0, queryType: 'txt', query: 'Please enter the OTP sent to your registered mobile number' }],
	otp_pin: [
		{ id: 'otp', index: 0, queryType: 'txt', query: 'Please enter the OTP sent to your registered mobile number' },
		{ id: 'pin', index: 1, queryType: 'txt', query: 'Please enter your pin' },
	],
	secret_question: [
		{
			id: 'secret_question',
			index: 0,
			queryType: 'txt',
			query: 'Which open-banking API is this simulator standing in for?',
		},
	],
	captcha: [{ id: 'captcha', index: 0, queryType: 'image', query: CAPTCHA_PNG_BASE64 }],
});

const POLICIES = /** @type {ReadonlyArray<UserInputPolicy>} */ (['none', ...Object.keys(PROMPTS)]);

/** @param {unknown} policy @returns {policy is UserInputPolicy} */
const isPolicy = (policy) => typeof policy === 'string' && /** @type {readonly string[]} */ (POLICIES).includes(policy);

/**
 * @typedef {object} PendingInput
 * @property {string} operationID
 * @property {string} endpoint  route path, e.g. /v2/data/balance/get
 * @property {string} token     the access token that started it
 * @property {string} canonicalBody the request body without secrets, operationID and userInputs, key-sorted JSON
 * @property {ReadonlyArray<Omit<UserInputPrompt, 'answer'>>} prompts
 */

/** Fields that never take part in comparing a resume with the call that asked for input. */
const NOT_COMPARED = new Set(['appSecret', 'userSecret', 'operationID', 'userInputs']);

/** Key-sorted JSON, so PHP and Node bodies with the same fields compare equal. @param {unknown} value @returns {string} */
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const record = /** @type {Record<string, unknown>} */ (value);
		return `{${Object.keys(record)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** @param {Record<string, unknown>} body */
function canonicalBody(body) {
	return canonical(Object.fromEntries(Object.entries(body).filter(([key]) => !NOT_COMPARED.has(key))));
}

/** Per-endpoint MFA policies and the operations waiting for answers. */
class UserInputs {
	/** @type {Map<string, UserInputPolicy>} route path or '*' → policy */
	#policies = new Map();
	/** @type {Map<string, PendingInput>} */
	#pending = new Map();

	/** @param {string} path a route path or '*' @param {UserInputPolicy} policy */
	setPolicy(path, policy) {
		if (policy === 'none') this.#policies.delete(path);
		else this.#policies.set(path, policy);
	}

	/** A path's own policy wins over '*'. @param {string} path @returns {UserInputPolicy} */
	policyFor(path) {
		return this.#policies.get(path) ?? this.#policies.get('*') ?? 'none';
	}

	/** @returns {Record<string, UserInputPolicy>} */
	policies() {
		return Object.fromEntries(this.#policies);
	}

	/**
	 * Records an operation waiting for input and returns the prompts for the answer.
	 * @param {{ operationID: string, endpoint: string, token: string, body: Record<string, unknown>, policy: Exclude<UserInputPolicy, 'none'> }} start
	 * @returns {UserInputPrompt[]}
	 */
	open({ operationID, endpoint, token, body, policy }) {
		const prompts = PROMPTS[policy];
		this.#pending.set(operationID, { operationID, endpoint, token, canonicalBody: canonicalBody(body), prompts });
		return prompts.map((prompt) => ({ answer: '', ...prompt }));
	}

	/** @param {string} operationID */
	pending(operationID) {
		return this.#pending.get(operationID);
	}

	/** All user inputs are valid only for one operation: a pending entry is used up by its first resume. @param {string} operationID */
	consume(operationID) {
		this.#pending.delete(operationID);
	}
}

/**
 * True when every prompt has exactly one answer with its id and index and the expected value, and nothing else was sent.
 * @param {PendingInput} pending
 * @param {Array<{ id: string, index: number, answer: string }>} answers
 */
function answersAreRight(pending, answers) {
	if (answers.length !== pending.prompts.length) return false;
	return pending.prompts.every((prompt) => {
		const matching = answers.filter((answer) => answer.id === prompt.id && answer.index === prompt.index);
		return matching.length === 1 && matching[0].answer === USER_INPUT_ANSWERS[prompt.id];
	});
}

module.exports = { UserInputs, USER_INPUT_ANSWERS, POLICIES, isPolicy, answersAreRight, canonicalBody, renderPng };
