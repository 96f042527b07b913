// @ts-check
'use strict';

const crypto = require('node:crypto');
const { parseDay, formatDay } = require('./dates');

/** Generated history starts here; earlier days have no transactions. */
const FIRST_DAY = /** @type {number} */ (parseDay('2019-01-01'));

/**
 * @typedef {{ logo: string, name: string }} BrandDetails
 * @typedef {object} Template
 * @property {'credit' | 'debit'} type
 * @property {string} description
 * @property {string} details
 * @property {string} category
 * @property {BrandDetails} brand
 * @property {number} min  amount range, whole currency units
 * @property {number} max
 */
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

const NO_BRAND = Object.freeze({ logo: '', name: '' });
/** @param {string} name @param {string} slug @returns {BrandDetails} */
const brand = (name, slug) => ({ logo: `https://brands.dapi-simulator.invalid/${slug}.png`, name });

/** @type {Record<'AE' | 'US', { debits: Template[], credits: Template[] }>} */
const TEMPLATES = {
	AE: {
		debits: [
			{
				type: 'debit',
				description: 'CARD PURCHASE',
				details: 'CARREFOUR CITY CENTRE DEIRA DUBAI',
				category: 'Groceries',
				brand: brand('Carrefour', 'carrefour'),
				min: 40,
				max: 450,
			},
			{
				type: 'debit',
				description: 'CARD PURCHASE',
				details: 'STARBUCKS DUBAI MALL',
				category: 'Food & Dining',
				brand: brand('Starbucks', 'starbucks'),
				min: 15,
				max: 60,
			},
			{
				type: 'debit',
				description: 'ONLINE PURCHASE',
				details: 'NOON.COM DUBAI',
				category: 'Shopping',
				brand: brand('noon', 'noon'),
				min: 50,
				max: 600,
			},
			{
				type: 'debit',
				description: 'BILL PAYMENT',
				details: 'DEWA UTILITY BILL',
				category: 'Utilities',
				brand: brand('DEWA', 'dewa'),
				min: 150,
				max: 700,
			},
			{
				type: 'debit',
				description: 'CARD PURCHASE',
				details: 'CAREEM RIDE DUBAI',
				category: 'Transport',
				brand: brand('Careem', 'careem'),
				min: 12,
				max: 90,
			},
			{
				type: 'debit',
				description: 'CARD PURCHASE',
				details: 'TALABAT ORDER',
				category: 'Food & Dining',
				brand: brand('talabat', 'talabat'),
				min: 25,
				max: 180,
			},
			{
				type: 'debit',
				description: 'ATM WITHDRAWAL',
				details: 'ATM CASH WITHDRAWAL DUBAI',
				category: 'Cash',
				brand: NO_BRAND,
				min: 100,
				max: 500,
			},
		],
		credits: [
			{
				type: 'credit',
				description: 'INWARD TRANSFER',
				details: 'IPP TRANSFER RECEIVED',
				category: 'Transfers',
				brand: NO_BRAND,
				min: 100,
				max: 900,
			},
			{
				type: 'credit',
				description: 'REFUND',
				details: 'NOON.COM REFUND',
				category: 'Refunds',
				brand: brand('noon', 'noon'),
				min: 20,
				max: 300,
			},
		],
	},
	US: {
		debits: [
			{
				type: 'debit',
				description: 'DEBIT CARD PURCHASE',
				details: 'WHOLE FOODS MARKET NEW YORK NY',
				category: 'Groceries',
				brand: brand('Whole Foods Market', 'whole-foods'),
				min: 15,
				max: 160,
			},
			{
				type: 'debit',
				description: 'DEBIT CARD PURCHASE',
				details: 'STARBUCKS STORE 1234 NEW YORK NY',
				category: 'Food & Dining',
				brand: brand('Starbucks', 'starbucks'),
				min: 4,
				max: 20,
			},
			{
				type: 'debit',
				description: 'ONLINE PAYMENT',
				details: 'AMAZON.COM SEATTLE WA',
				category: 'Shopping',
				brand: brand('Amazon', 'amazon'),
				min: 10,
				max: 250,
			},
			{
				type: 'debit',
				description: 'ACH DEBIT',
				details: 'CON EDISON UTILITY PAYMENT',
				category: 'Utilities',
				brand: brand('Con Edison', 'con-edison'),
				min: 40,
				max: 180,
			},
			{
				type: 'debit',
				description: 'DEBIT CARD PURCHASE',
				details: 'UBER TRIP HELP.UBER.COM',
				category: 'Transport',
				brand: brand('Uber', 'uber'),
				min: 8,
				max: 60,
			},
		],
		credits: [
			{
				type: 'credit',
				description: 'ZELLE PAYMENT FROM',
				details: 'ZELLE PAYMENT RECEIVED',
				category: 'Transfers',
				brand: brand('Zelle', 'zelle'),
				min: 20,
				max: 300,
			},
			{
				type: 'credit',
				description: 'REFUND',
				details: 'AMAZON.COM REFUND',
				category: 'Refunds',
				brand: brand('Amazon', 'amazon'),
				min: 10,
				max: 120,
			},
		],
	},
};

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
