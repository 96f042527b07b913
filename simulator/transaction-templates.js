// @ts-check
'use strict';

/** Seed data of the generated transaction history (transactions.js): what a debit or credit of each country looks like. */

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

module.exports = { TEMPLATES };
