// @ts-check
'use strict';

const crypto = require('node:crypto');
const { parseDay, formatDay } = require('./dates');
const { TEMPLATES } = require('./transaction-templates');

/** Generated history starts here; earlier days have no transactions. */
const FIRST_DAY = /** @type {number} */ (parseDay('2019-01-01'));

/** @typedef {import('./transaction-templates').BrandDetails} BrandDetails */
/**
 * One transaction before the running balance is known. Amounts are in cents so sums stay exact.
 * @typedef {object} Entry
 * @property {number} day
 * @property {'credit' | 'debit'} type
 * @property {number} cents
 * @property {string} description
 * @property {string} details
 * @property {string} category
 * @property {BrandDetails} brand
 * @property {string} reference
 */
/**
 * @typedef {object} Transaction
 * @property {number} amount
 * @property {string} date YYYY-MM-DD
 * @property {'credit' | 'debit'} type
 * @property {string} description
 * @property {string} details
 * @property {{ code: string, name: string }} currency
 * @property {number} beforeAmount
 * @property {number} afterAmount
 * @property {string} reference
 * @property {string} category
 * @property {BrandDetails} brandDetails
 */

/** @param {string} text */
const hash = (text) => crypto.createHash('sha256').update(text).digest();

/** mulberry32: a small seeded PRNG, floats in [0, 1). @param {number} seed */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The generated transactions of one account (or card) on one day: 0-3, the same for every simulator start.
 * Debits outweigh credits, so walking back from today the balance grows and never turns negative.
 * @param {string} key account or card id
 * @param {'AE' | 'US'} country
 * @param {number} day
 * @returns {Entry[]}
 */
function generatedOn(key, country, day) {
	if (day < FIRST_DAY) return [];
	const date = formatDay(day);
	const random = prng(hash(`${key}|${date}`).readUInt32LE(0));
	const templates = TEMPLATES[country];
	const count = Math.floor(random() * 4);
	const prefix = hash(key).toString('hex').slice(0, 6).toUpperCase();
	/** @type {Entry[]} */
	const entries = [];
	for (let i = 0; i < count; i++) {
		const pool = random() < 0.8 ? templates.debits : templates.credits;
		const template = pool[Math.floor(random() * pool.length)];
		const cents = Math.round((template.min + random() * (template.max - template.min)) * 100);
		entries.push({
			day,
			type: template.type,
			cents,
			description: template.description,
			details: template.details,
			category: template.category,
			brand: template.brand,
			reference: `FT${date.slice(2).replaceAll('-', '')}${prefix}${String(i + 1).padStart(2, '0')}`,
		});
	}
	return entries;
}

/**
 * The transactions of [fromDay, toDay], oldest first, with beforeAmount/afterAmount worked back from the
 * current balance so the newest afterAmount is today's balance.
 * @param {object} source
 * @param {string} source.key
 * @param {'AE' | 'US'} source.country
 * @param {number} source.balance current balance
 * @param {{ code: string, name: string }} source.currency
 * @param {Entry[]} source.extra transactions made in the simulator (transfers), in time order
 * @param {number} fromDay
 * @param {number} toDay
 * @param {number} today
 * @returns {Transaction[]}
 */
function listTransactions(source, fromDay, toDay, today) {
	/** @type {Map<number, Entry[]>} */
	const extraByDay = new Map();
	for (const entry of source.extra) extraByDay.set(entry.day, [...(extraByDay.get(entry.day) ?? []), entry]);
	const lastDay = Math.max(today, ...extraByDay.keys());

	let running = Math.round(source.balance * 100);
	/** @type {Transaction[]} */
	const newestFirst = [];
	for (let day = lastDay; day >= fromDay; day--) {
		const entries = [...generatedOn(source.key, source.country, day), ...(extraByDay.get(day) ?? [])];
		for (let i = entries.length - 1; i >= 0; i--) {
			const entry = entries[i];
			const after = running;
			const before = entry.type === 'credit' ? after - entry.cents : after + entry.cents;
			running = before;
			if (day > toDay) continue;
			newestFirst.push({
				amount: entry.cents / 100,
				date: formatDay(day),
				type: entry.type,
				description: entry.description,
				details: entry.details,
				currency: { ...source.currency },
				beforeAmount: before / 100,
				afterAmount: after / 100,
				reference: entry.reference,
				category: entry.category,
				brandDetails: { ...entry.brand },
			});
		}
	}
	return newestFirst.reverse();
}

module.exports = { FIRST_DAY, generatedOn, listTransactions };
