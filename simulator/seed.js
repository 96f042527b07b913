// @ts-check
'use strict';

/**
 * Fixed sandbox data. Everything here is constant so that every simulator start answers the same.
 * Bank ids follow Dapi's sandbox naming (DAPIBANK_<country>_<bank>); the values are invented.
 */

/**
 * @typedef {{ code: string, name: string }} Currency
 * @typedef {{ line1: string, line2: string, line3: string }} Address
 * @typedef {object} SeedAccount
 * @property {string} id
 * @property {string} name
 * @property {string} type
 * @property {string | null} iban  US accounts have none
 * @property {string} number
 * @property {Currency} currency
 * @property {boolean} isFavourite
 * @property {number} balance  current balance, 2 decimals
 * @typedef {object} SeedCard
 * @property {string} id
 * @property {string} name
 * @property {string} cardNumber
 * @property {number} creditLimit
 * @property {Currency} currency
 * @property {string} type
 * @property {string} expiryDate
 * @property {string} status
 * @property {{ availableBalance: number, outstandingBalance: number, amountDue: number, dueDate: string }} balance
 * @typedef {object} SeedBeneficiary the create-beneficiary fields plus id and status
 * @property {string} id
 * @property {string} name
 * @property {string | null} nickname
 * @property {string} type  same | local | intl
 * @property {string} status approved | rejected | cancelled | waiting_for_confirmation | modified_for_pending_approval
 * @property {string | null} iban
 * @property {string} accountNumber
 * @property {string | null} swiftCode
 * @property {string | null} bankName
 * @property {string} country
 * @property {Address} address
 * @property {string} branchAddress
 * @property {string} branchName
 * @property {string | null} phoneNumber
 * @property {string | null} routingNumber
 * @property {string | null} sortCode
 * @property {number} activeFrom  simulator time (ms) from which transfers may use it; 0 for seeded ones
 * @typedef {object} SeedUser
 * @property {string} userID
 * @property {string} bankID
 * @property {Record<string, unknown> & { name: string }} identity
 * @property {SeedAccount[]} accounts
 * @property {SeedCard[]} cards
 * @property {SeedBeneficiary[]} beneficiaries  payment beneficiaries; seeded ones are past their cool-down
 * @property {SeedBeneficiary[]} wireBeneficiaries  US wire beneficiaries; seeded ones are past their cool-down
 */

const AED = Object.freeze({ code: 'AED', name: 'UNITED ARAB EMIRATES DIRHAM' });
const USD = Object.freeze({ code: 'USD', name: 'UNITED STATES DOLLAR' });

/** @param {{ code: string, name: string }} currency */
const cur = (currency) => ({ code: currency.code, name: currency.name });

/**
 * @template {Record<string, unknown>} T
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
			createTransfer: {
				local: { remarks: { required: false, length: 35 } },
				same: { remarks: { required: false, length: 35 } },
			},
		},
	};
}

/**
 * What /batch/metadata/get answers (Node SDK IGetBatchMetadata). The SDK types validators as `any` per transfer
 * type; their shape here (per-field {required, length}, as accountsMetadata's createBeneficiary validators) is ours.
 * @param {{ maxBatchTransfers: number, maxTotalTransferAmount: number, minTotalTransferAmount: number, filenameMaxChars: number }} limits
 */
function batchMetadata({ maxBatchTransfers, maxTotalTransferAmount, minTotalTransferAmount, filenameMaxChars }) {
	const remark = { required: false, length: 35 };
	const domestic = {
		remark,
		beneficiary: {
			name: { required: true, length: 35 },
			iban: { required: true, length: 34 },
			accountNumber: { required: false, length: 34 },
		},
	};
	return {
		maxTotalTransferAmount,
		filenameMaxChars,
		minTotalTransferAmount,
		maxBatchTransfers,
		validators: {
			same: domestic,
			local: domestic,
			intl: {
				remark,
				beneficiary: {
					name: { required: true, length: 35 },
					accountNumber: { required: true, length: 34 },
					iban: { required: false, length: 34 },
					bankName: { required: true, length: 35 },
					address: { required: true, length: 105 },
				},
			},
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
			transferBounds: [
				{ minimum: 1, currency: cur(AED), type: 'local' },
				{ minimum: 1, currency: cur(AED), type: 'same' },
			],
			beneficiaryCoolDownPeriod: { value: 0, unit: 'hrs' },
			transactionRange: { value: 365, unit: 'days' },
			country: { code: 'AE', name: 'UNITED ARAB EMIRATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: true,
		}),
		batchMetadata: batchMetadata({
			maxBatchTransfers: 5,
			maxTotalTransferAmount: 50000,
			minTotalTransferAmount: 10,
			filenameMaxChars: 30,
		}),
	},
	DAPIBANK_AE_ADCB: {
		bankID: 'DAPIBANK_AE_ADCB',
		name: 'Abu Dhabi Commercial Bank',
		accountsMetadata: metadata('DAPIBANK_AE_ADCB', 'Abu Dhabi Commercial Bank', {
			branchName: 'Head Office',
			branchAddress: 'ADCB Building, Sheikh Zayed Street',
			address: { line1: 'Sheikh Zayed Street', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
			transferBounds: [
				{ minimum: 10, currency: cur(AED), type: 'local' },
				{ minimum: 1, currency: cur(AED), type: 'same' },
			],
			beneficiaryCoolDownPeriod: { value: 1, unit: 'hrs' },
			transactionRange: { value: 180, unit: 'days' },
			country: { code: 'AE', name: 'UNITED ARAB EMIRATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: false,
		}),
		batchMetadata: batchMetadata({
			maxBatchTransfers: 100,
			maxTotalTransferAmount: 1000000,
			minTotalTransferAmount: 1,
			filenameMaxChars: 40,
		}),
	},
	DAPIBANK_AE_ENBD: {
		bankID: 'DAPIBANK_AE_ENBD',
		name: 'Emirates NBD',
		accountsMetadata: metadata('DAPIBANK_AE_ENBD', 'Emirates NBD', {
			branchName: 'Deira Main Branch',
			branchAddress: 'Baniyas Road, Deira, Dubai',
			address: { line1: 'Baniyas Road', line2: 'Dubai', line3: 'United Arab Emirates' },
			transferBounds: [
				{ minimum: 1, currency: cur(AED), type: 'local' },
				{ minimum: 1, currency: cur(AED), type: 'same' },
			],
			beneficiaryCoolDownPeriod: { value: 12, unit: 'hrs' },
			transactionRange: { value: 90, unit: 'days' },
			country: { code: 'AE', name: 'UNITED ARAB EMIRATES' },
			isCreateBeneficiaryEndpointRequired: true,
			willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod: true,
		}),
		batchMetadata: batchMetadata({
			maxBatchTransfers: 50,
			maxTotalTransferAmount: 250000,
			minTotalTransferAmount: 100,
			filenameMaxChars: 24,
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
		// Batch transfers are for UAE banks here; this bank answers that it has none.
		batchMetadata: /** @type {ReturnType<typeof batchMetadata> | null} */ (null),
	},
};

/**
 * @param {string} id @param {string} name @param {'same' | 'local' | 'intl'} type
 * @param {{ iban: string | null, accountNumber: string, swiftCode?: string, bankName: string, status?: string, routingNumber?: string, nickname?: string, country?: string, address?: Address, branchName?: string, branchAddress?: string }} more
 * @returns {SeedBeneficiary}
 */
function beneficiary(id, name, type, more) {
	return {
		id,
		name,
		nickname: more.nickname ?? null,
		type,
		status: more.status ?? 'approved',
		iban: more.iban,
		accountNumber: more.accountNumber,
		swiftCode: more.swiftCode ?? null,
		bankName: more.bankName,
		country: more.country ?? 'AE',
		address: more.address ?? { line1: 'Sheikh Zayed Road', line2: 'Dubai', line3: 'United Arab Emirates' },
		branchAddress: more.branchAddress ?? 'Sheikh Zayed Road Dubai',
		branchName: more.branchName ?? 'Main Branch',
		phoneNumber: null,
		routingNumber: more.routingNumber ?? null,
		sortCode: null,
		activeFrom: 0,
	};
}

/** @type {SeedUser[]} */
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
		beneficiaries: [
			beneficiary('ben-liv-001-01', 'Mariam Al Mansouri', 'local', {
				iban: 'AE070300000012345678901',
				accountNumber: '0012345678901',
				swiftCode: 'ADCBAEAA',
				bankName: 'Abu Dhabi Commercial Bank',
				nickname: 'Mum',
			}),
			beneficiary('ben-liv-001-02', 'Youssef Nasser', 'same', {
				iban: 'AE630260001019988776601',
				accountNumber: '1019988776601',
				swiftCode: 'EBILAEAD',
				bankName: 'Liv',
			}),
		],
		wireBeneficiaries: [],
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
		beneficiaries: [
			beneficiary('ben-adcb-002-01', 'Khalid Haddad', 'same', {
				iban: 'AE690300011223344550099',
				accountNumber: '11223344550099',
				swiftCode: 'ADCBAEAA',
				bankName: 'Abu Dhabi Commercial Bank',
				address: { line1: 'Khalifa City A', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
			}),
			beneficiary('ben-adcb-002-02', 'Noura Saeed', 'local', {
				iban: 'AE870350000190011223344',
				accountNumber: '0190011223344',
				swiftCode: 'NBADAEAA',
				bankName: 'First Abu Dhabi Bank',
				nickname: 'Landlord',
			}),
		],
		wireBeneficiaries: [],
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
		beneficiaries: [],
		wireBeneficiaries: [
			beneficiary('wben-chase-003-01', 'Michael Brooks', 'local', {
				iban: null,
				accountNumber: '000123456789',
				routingNumber: '021000089',
				bankName: 'Citibank',
				nickname: 'Mike',
				country: 'US',
				address: { line1: '388 Greenwich Street', line2: 'New York', line3: 'United States' },
				branchAddress: '388 Greenwich Street New York',
				branchName: 'Tribeca',
			}),
		],
	},
	{
		userID: 'user-ae-enbd-004',
		bankID: 'DAPIBANK_AE_ENBD',
		identity: {
			name: 'Rania Farouk',
			nationality: 'EG',
			dateOfBirth: '1993-02-27',
			emailAddress: 'rania.farouk@example.com',
			numbers: [{ type: 'mobile', value: '+971524448812' }],
			address: {
				flat: '803',
				building: 'Al Ghurair Residence',
				full: '803 Al Ghurair Residence, Deira, Dubai, AE',
				area: 'Deira',
				poBox: '8820',
				city: 'Dubai',
				state: 'Dubai',
				country: 'AE',
			},
			identification: [{ type: 'national_id', value: '784-1993-7654321-2' }],
		},
		accounts: [
			{
				id: 'acc-enbd-004-current',
				name: 'Current Account',
				type: 'current',
				iban: 'AE800260001014782563001',
				number: '1014782563001',
				currency: cur(AED),
				isFavourite: true,
				balance: 45210.3,
			},
		],
		cards: [],
		beneficiaries: [
			beneficiary('ben-enbd-004-01', 'Rashid Al Falasi', 'local', {
				iban: 'AE100330001300456789012',
				accountNumber: '1300456789012',
				swiftCode: 'BOMLAEAD',
				bankName: 'Mashreq Bank',
			}),
			beneficiary('ben-enbd-004-02', 'Layla Ibrahim', 'same', {
				iban: 'AE480260001017766554401',
				accountNumber: '1017766554401',
				swiftCode: 'EBILAEAD',
				bankName: 'Emirates NBD',
				nickname: 'Sister',
			}),
			// Still waiting for the bank's confirmation: transfers to it answer BENEFICIARY_NOT_ACTIVATED.
			beneficiary('ben-enbd-004-03', 'Hassan Qureshi', 'local', {
				iban: 'AE290300000023456789012',
				accountNumber: '0023456789012',
				swiftCode: 'ADCBAEAA',
				bankName: 'Abu Dhabi Commercial Bank',
				status: 'waiting_for_confirmation',
			}),
		],
		wireBeneficiaries: [],
	},
];

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
