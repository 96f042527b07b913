// @ts-check
'use strict';

/**
 * Fixed sandbox data. Everything here is constant so that every simulator start answers the same.
 * Bank ids follow Dapi's sandbox naming (DAPIBANK_<country>_<bank>); the values are invented.
 */

const AED = Object.freeze({ code: 'AED', name: 'UNITED ARAB EMIRATES DIRHAM' });
const USD = Object.freeze({ code: 'USD', name: 'UNITED STATES DOLLAR' });

/** @param {{ code: string, name: string }} currency */
const cur = (currency) => ({ code: currency.code, name: currency.name });

/**
 * @template {object} T
 * @param {string} swiftCode @param {string} bankName @param {T} more
 */
function metadata(swiftCode, bankName, more) {
	return {
		swiftCode,
		sortCode: null,
		bankName,
		...more,
		validators: {
			createBeneficiary: { local: {}, same: {} },
			createTransfer: { local: { remarks: { required: false, length: 35 } }, same: { remarks: { required: false, length: 35 } } },
		},
	};
}

const BANKS = {
	DAPIBANK_AE_LIV: {
		bankID: 'DAPIBANK_AE_LIV',
		name: 'Liv',
		accountsMetadata: metadata('DAPIBANK_AE_LIV', 'Liv', {
			branchName: 'Main Branch',
			branchAddress: 'Dubai Mall',
			address: { line1: 'Maryam Street', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
			transferBounds: [{ minimum: 1, currency: cur(AED), type: 'local' }, { minimum: 1, currency: cur(AED), type: 'same' }],
			beneficiaryCoolDownPeriod: { value: 1, unit: 'hrs' },
			transactionRange: { value: 365, unit: 'days' },
			country: { code: 'AE', name: 'UNITED ARAB EMIRATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: true,
		}),
	},
	DAPIBANK_AE_ADCB: {
		bankID: 'DAPIBANK_AE_ADCB',
		name: 'Abu Dhabi Commercial Bank',
		accountsMetadata: metadata('DAPIBANK_AE_ADCB', 'Abu Dhabi Commercial Bank', {
			branchName: 'Head Office',
			branchAddress: 'ADCB Building, Sheikh Zayed Street',
			address: { line1: 'Sheikh Zayed Street', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
			transferBounds: [{ minimum: 10, currency: cur(AED), type: 'local' }, { minimum: 1, currency: cur(AED), type: 'same' }],
			beneficiaryCoolDownPeriod: { value: 12, unit: 'hrs' },
			transactionRange: { value: 180, unit: 'days' },
			country: { code: 'AE', name: 'UNITED ARAB EMIRATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: false,
		}),
	},
	DAPIBANK_US_CHASE: {
		bankID: 'DAPIBANK_US_CHASE',
		name: 'JPMorgan Chase Bank',
		accountsMetadata: metadata('DAPIBANK_US_CHASE', 'JPMorgan Chase Bank', {
			branchName: 'Manhattan',
			branchAddress: '270 Park Avenue, New York',
			address: { line1: '270 Park Avenue', line2: 'New York', line3: 'United States' },
			transferBounds: [{ minimum: 1, currency: cur(USD), type: 'local' }],
			beneficiaryCoolDownPeriod: { value: 0, unit: 'hrs' },
			transactionRange: { value: 730, unit: 'days' },
			country: { code: 'US', name: 'UNITED STATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: true,
		}),
	},
};

const USERS = [
	{
		userID: 'user-ae-liv-001',
		bankID: 'DAPIBANK_AE_LIV',
		identity: {
			name: 'Aisha Al Mansouri',
			nationality: 'AE',
			dateOfBirth: '1991-04-12',
			emailAddress: 'aisha.almansouri@example.com',
			numbers: [{ type: 'mobile', value: '+971501234567' }],
			address: {
				flat: '1204',
				building: 'Marina Heights',
				full: '1204 Marina Heights, Dubai Marina, Dubai, AE',
				area: 'Dubai Marina',
				poBox: '12345',
				city: 'Dubai',
				state: 'Dubai',
				country: 'AE',
			},
			identification: [{ type: 'national_id', value: '784-1991-1234567-1' }],
		},
		accounts: [
			{
				id: 'acc-liv-001-current',
				name: 'Liv Everyday Account',
				type: 'current',
				iban: 'AE730260001015234567801',
				number: '1015234567801',
				currency: cur(AED),
				isFavourite: true,
				balance: 15234.75,
			},
		],
		cards: [],
	},
	{
		userID: 'user-ae-adcb-002',
		bankID: 'DAPIBANK_AE_ADCB',
		identity: {
			name: 'Omar Khalid Haddad',
			nationality: 'JO',
			dateOfBirth: '1985-11-03',
			emailAddress: 'omar.haddad@example.com',
			numbers: [
				{ type: 'mobile', value: '+971559876543' },
				{ type: 'office', value: '+97126543210' },
			],
			address: {
				flat: '',
				building: 'Villa 17',
				full: 'Villa 17, Khalifa City A, Abu Dhabi, AE',
				area: 'Khalifa City A',
				poBox: '54321',
				city: 'Abu Dhabi',
				state: 'Abu Dhabi',
				country: 'AE',
			},
			identification: [
				{ type: 'passport', value: 'N1234567' },
				{ type: 'visa_number', value: '101/2019/7654321' },
			],
		},
		accounts: [
			{
				id: 'acc-adcb-002-current',
				name: 'Current Account',
				type: 'current',
				iban: 'AE960300011223344550001',
				number: '11223344550001',
				currency: cur(AED),
				isFavourite: true,
				balance: 8420.15,
			},
			{
				id: 'acc-adcb-002-savings',
				name: 'Active Saver Account',
				type: 'savings',
				iban: 'AE690300011223344550002',
				number: '11223344550002',
				currency: cur(AED),
				isFavourite: false,
				balance: 120500.45,
			},
			{
				id: 'acc-adcb-002-usd',
				name: 'USD Current Account',
				type: 'current',
				iban: 'AE420300011223344550003',
				number: '11223344550003',
				currency: cur(USD),
				isFavourite: false,
				balance: 2310.8,
			},
		],
		cards: [
			{
				id: 'card-adcb-002-platinum',
				name: 'ADCB Platinum Credit Card',
				cardNumber: '************4821',
				creditLimit: 25000,
				currency: cur(AED),
				type: 'credit',
				expiryDate: '2028-09-30',
				status: 'active',
				balance: { availableBalance: 18250.6, outstandingBalance: 6749.4, amountDue: 337.47, dueDate: '2026-01-15' },
			},
		],
	},
	{
		userID: 'user-us-chase-003',
		bankID: 'DAPIBANK_US_CHASE',
		identity: {
			name: 'Emily Carter',
			nationality: 'US',
			dateOfBirth: '1988-07-22',
			emailAddress: 'emily.carter@example.com',
			numbers: [{ type: 'mobile', value: '+12125550143' }],
			address: {
				flat: '5B',
				building: '210',
				full: '210 West 77th Street Apt 5B, New York, NY 10024, US',
				area: 'Upper West Side',
				poBox: '',
				city: 'New York',
				state: 'NY',
				country: 'US',
			},
			identification: [{ type: 'passport', value: '567890123' }],
		},
		accounts: [
			{
				id: 'acc-chase-003-checking',
				name: 'Total Checking',
				type: 'current',
				// US accounts have no IBAN.
				iban: null,
				number: '483920175',
				currency: cur(USD),
				isFavourite: true,
				balance: 3250.18,
			},
			{
				id: 'acc-chase-003-savings',
				name: 'Chase Savings',
				type: 'savings',
				iban: null,
				number: '483920176',
				currency: cur(USD),
				isFavourite: false,
				balance: 18990.07,
			},
		],
		cards: [],
	},
];

/** @typedef {typeof USERS[number]} SeedUser */
/** @typedef {typeof BANKS[keyof typeof BANKS]} SeedBank */

/** A fresh deep copy, so one simulator can never change another's data. */
function seedUsers() {
	return structuredClone(USERS);
}

/** @param {string} bankID @returns {SeedBank} */
function bankOf(bankID) {
	const bank = /** @type {Record<string, SeedBank>} */ (BANKS)[bankID];
	if (!bank) throw new Error(`Seed data refers to unknown bank ${bankID}`);
	return bank;
}

module.exports = { seedUsers, bankOf };
