import { useSimulator } from '../support/simulator';
import { startSimulator } from '../../simulator';
import {
	AED,
	APP_SECRET,
	FIXED_NOW,
	USD,
	expectDapiError,
	login,
	userCall,
	type Session,
} from '../support/simulatorHttp';

const TODAY = '2024-06-15';
const PLAIN_KEYS = [
	'amount',
	'date',
	'type',
	'description',
	'details',
	'currency',
	'beforeAmount',
	'afterAmount',
	'reference',
];

interface Txn {
	amount: number;
	date: string;
	type: 'credit' | 'debit';
	description: string;
	details: string;
	currency: { code: string; name: string };
	beforeAmount: number;
	afterAmount: number;
	reference: string;
	category?: string;
	brandDetails?: { logo: string; name: string };
}

const cents = (n: number) => Math.round(n * 100);
const DAY = 24 * 60 * 60 * 1000;
/** Inclusive day count, worked out independently of the simulator. */
const inclusiveDays = (from: string, to: string) =>
	(Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;

describe('transactions (plain, categorized, enriched)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW });
	let liv: Session;
	let adcb: Session;
	let chase: Session;
	let enbd: Session;

	const get = (
		session: Session,
		accountID: string,
		fromDate: string,
		toDate: string,
		path = '/v2/data/transactions/get',
	) => userCall(sim, session, path, { accountID, fromDate, toDate });

	beforeAll(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
		chase = await login(sim, 'user-us-chase-003');
		enbd = await login(sim, 'user-ae-enbd-004');
	});

	describe('shape', () => {
		test('plain transactions have exactly the SDK fields, sorted by date, 0-3 per day, in range', async () => {
			const reply = await get(liv, 'acc-liv-001-current', '2024-03-01', '2024-05-31');
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'status', 'success', 'transactions']);
			expect(reply.body).toMatchObject({ success: true, status: 'done' });
			const txns: Txn[] = reply.body.transactions;
			expect(txns.length).toBeGreaterThan(30);
			const perDay = new Map<string, number>();
			for (const t of txns) {
				expect(Object.keys(t)).toEqual(PLAIN_KEYS);
				expect(t.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
				expect(t.date >= '2024-03-01' && t.date <= '2024-05-31').toBe(true);
				expect(['credit', 'debit']).toContain(t.type);
				expect(typeof t.amount).toBe('number');
				expect(t.amount).toBeGreaterThan(0);
				expect(cents(t.amount) / 100).toBe(t.amount);
				expect(t.currency).toEqual(AED);
				expect(typeof t.description).toBe('string');
				expect(typeof t.details).toBe('string');
				perDay.set(t.date, (perDay.get(t.date) ?? 0) + 1);
			}
			expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3);
			// Some days have none: 92 days with 0-3 each gives fewer than 92 * 3 and more days than dates listed.
			expect(perDay.size).toBeLessThan(inclusiveDays('2024-03-01', '2024-05-31'));
			expect(txns.map((t) => t.date)).toEqual([...txns.map((t) => t.date)].sort());
			expect(new Set(txns.map((t) => t.reference)).size).toBe(txns.length);
		});

		test('categorized adds category; enriched adds category and brandDetails {logo, name}', async () => {
			const plain: Txn[] = (await get(liv, 'acc-liv-001-current', '2024-04-01', '2024-04-30')).body.transactions;
			const categorized: Txn[] = (
				await get(liv, 'acc-liv-001-current', '2024-04-01', '2024-04-30', '/v2/data/categorizedTransactions/get')
			).body.transactions;
			const enriched: Txn[] = (
				await get(liv, 'acc-liv-001-current', '2024-04-01', '2024-04-30', '/v2/data/enrichedTransactions/get')
			).body.transactions;
			expect(plain.length).toBeGreaterThan(0);
			expect(categorized).toHaveLength(plain.length);
			expect(enriched).toHaveLength(plain.length);
			plain.forEach((t, i) => {
				expect(Object.keys(categorized[i])).toEqual([...PLAIN_KEYS, 'category']);
				expect(Object.keys(enriched[i])).toEqual([...PLAIN_KEYS, 'category', 'brandDetails']);
				const { category, ...rest } = categorized[i];
				expect(rest).toEqual(t);
				expect(typeof category).toBe('string');
				expect(category!.length).toBeGreaterThan(0);
				expect(enriched[i].category).toBe(category);
				expect(Object.keys(enriched[i].brandDetails!).sort()).toEqual(['logo', 'name']);
			});
			const branded = enriched.filter((t) => t.brandDetails!.name !== '');
			expect(branded.length).toBeGreaterThan(0);
			for (const t of branded) expect(t.brandDetails!.logo).toMatch(/^https:\/\//);
		});

		test('US accounts get USD transactions', async () => {
			const txns: Txn[] = (await get(chase, 'acc-chase-003-checking', '2024-05-01', '2024-06-15')).body.transactions;
			expect(txns.length).toBeGreaterThan(0);
			for (const t of txns) expect(t.currency).toEqual(USD);
		});
	});

	describe('running balance', () => {
		test('before/after amounts chain, follow the type, and end at the current balance today', async () => {
			for (const [session, accountID] of [
				[liv, 'acc-liv-001-current'],
				[adcb, 'acc-adcb-002-usd'],
				[enbd, 'acc-enbd-004-current'],
			] as const) {
				const balance = (await userCall(sim, session, '/v2/data/balance/get', { accountID })).body.balance.amount;
				const txns: Txn[] = (await get(session, accountID, '2024-03-18', TODAY)).body.transactions;
				expect(txns.length).toBeGreaterThan(10);
				txns.forEach((t, i) => {
					const delta = t.type === 'credit' ? cents(t.amount) : -cents(t.amount);
					expect(cents(t.afterAmount) - cents(t.beforeAmount)).toBe(delta);
					expect(t.beforeAmount).toBeGreaterThanOrEqual(0);
					if (i > 0) expect(t.beforeAmount).toBe(txns[i - 1].afterAmount);
				});
				// The newest transaction is at most today; balance after it is today's balance.
				expect(txns[txns.length - 1].afterAmount).toBe(balance);
			}
		});

		test('split windows give the same transactions as one window (deterministic per account and day)', async () => {
			const whole: Txn[] = (await get(liv, 'acc-liv-001-current', '2024-01-01', '2024-02-29')).body.transactions;
			const jan: Txn[] = (await get(liv, 'acc-liv-001-current', '2024-01-01', '2024-01-31')).body.transactions;
			const feb: Txn[] = (await get(liv, 'acc-liv-001-current', '2024-02-01', '2024-02-29')).body.transactions;
			expect([...jan, ...feb]).toEqual(whole);
			expect(whole.length).toBeGreaterThan(0);
		});

		test('another start with the same clock serves identical transactions; other accounts differ', async () => {
			const other = await startSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW });
			try {
				const session = await login(other, 'user-ae-adcb-002');
				const a = (await get(adcb, 'acc-adcb-002-current', '2024-02-01', '2024-03-31')).body.transactions;
				const b = (
					await userCall(other, session, '/v2/data/transactions/get', {
						accountID: 'acc-adcb-002-current',
						fromDate: '2024-02-01',
						toDate: '2024-03-31',
					})
				).body.transactions;
				expect(b).toEqual(a);
				const savings = (await get(adcb, 'acc-adcb-002-savings', '2024-02-01', '2024-03-31')).body.transactions;
				expect(savings.map((t: Txn) => t.reference)).not.toEqual(a.map((t: Txn) => t.reference));
			} finally {
				await other.close();
			}
		});

		test('there are no transactions before 2019-01-01', async () => {
			const before: Txn[] = (await get(chase, 'acc-chase-003-savings', '2018-01-01', '2018-12-31')).body.transactions;
			expect(before).toEqual([]);
			const after: Txn[] = (await get(chase, 'acc-chase-003-savings', '2018-12-01', '2019-01-31')).body.transactions;
			expect(after.length).toBeGreaterThan(0);
			expect(after[0].date >= '2019-01-01').toBe(true);
		});
	});

	describe('cards', () => {
		test('cardID on /data/transactions/get lists the card, and PHP-style accountID=<card id> gives the same', async () => {
			const byCard = await userCall(sim, adcb, '/v2/data/transactions/get', {
				cardID: 'card-adcb-002-platinum',
				fromDate: '2024-05-01',
				toDate: '2024-05-31',
			});
			expect(byCard.status).toBe(200);
			expect(byCard.body.transactions.length).toBeGreaterThan(0);
			for (const t of byCard.body.transactions) expect(t.currency).toEqual(AED);
			const byAccountField = await get(adcb, 'card-adcb-002-platinum', '2024-05-01', '2024-05-31');
			expect(byAccountField.body.transactions).toEqual(byCard.body.transactions);
		});

		test('categorized and enriched take accountID only', async () => {
			for (const path of ['/v2/data/categorizedTransactions/get', '/v2/data/enrichedTransactions/get']) {
				expectDapiError(
					await userCall(sim, adcb, path, {
						cardID: 'card-adcb-002-platinum',
						fromDate: '2024-05-01',
						toDate: '2024-05-31',
					}),
					400,
					'PARAMETER_ERROR',
				);
				expectDapiError(
					await get(adcb, 'card-adcb-002-platinum', '2024-05-01', '2024-05-31', path),
					404,
					'INVALID_ACCOUNT_ID',
				);
			}
		});

		test('unknown ids are 404', async () => {
			expectDapiError(await get(adcb, 'acc-nope', '2024-05-01', '2024-05-31'), 404, 'INVALID_ACCOUNT_ID');
			expectDapiError(await get(liv, 'acc-adcb-002-current', '2024-05-01', '2024-05-31'), 404, 'INVALID_ACCOUNT_ID');
			expectDapiError(
				await userCall(sim, adcb, '/v2/data/transactions/get', {
					cardID: 'card-nope',
					fromDate: '2024-05-01',
					toDate: '2024-05-31',
				}),
				404,
				'INVALID_CARD_ID',
			);
			expectDapiError(
				await userCall(sim, adcb, '/v2/data/transactions/get', {
					accountID: 'acc-adcb-002-current',
					cardID: 'card-adcb-002-platinum',
					fromDate: '2024-05-01',
					toDate: '2024-05-31',
				}),
				400,
				'PARAMETER_ERROR',
			);
		});
	});

	describe('dates', () => {
		test.each([
			[{ toDate: '2024-05-31' }, 'fromDate'],
			[{ fromDate: '2024-05-01' }, 'toDate'],
			[{ fromDate: '', toDate: '2024-05-31' }, 'fromDate'],
		])('a missing date (%j) is 422 PARAMETER_MISSING', async (dates, field) => {
			const reply = await userCall(sim, liv, '/v2/data/transactions/get', {
				accountID: 'acc-liv-001-current',
				...dates,
			});
			expectDapiError(reply, 422, 'PARAMETER_MISSING');
			expect(reply.body.msg).toContain(field);
		});

		test('a missing accountID is 422 PARAMETER_MISSING', async () => {
			const reply = await userCall(sim, liv, '/v2/data/categorizedTransactions/get', {
				fromDate: '2024-05-01',
				toDate: '2024-05-31',
			});
			expectDapiError(reply, 422, 'PARAMETER_MISSING');
			expect(reply.body.msg).toContain('accountID');
		});

		test.each([
			'2024-5-01',
			'2024/05/01',
			'20240501',
			'01-05-2024',
			'2024-05-01T00:00:00Z',
			' 2024-05-01',
			'2024-13-01',
			'2024-00-10',
			'2023-02-29',
			'2024-04-31',
			'2024-05-00',
		])('fromDate %p is 400 PARAMETER_ERROR (strict YYYY-MM-DD, real calendar day)', async (fromDate) => {
			const reply = await get(liv, 'acc-liv-001-current', fromDate, '2024-05-31');
			expectDapiError(reply, 400, 'PARAMETER_ERROR');
			expect(reply.body.msg).toContain('fromDate');
		});

		test('a non-string date is 400 PARAMETER_ERROR', async () => {
			const reply = await userCall(sim, liv, '/v2/data/transactions/get', {
				accountID: 'acc-liv-001-current',
				fromDate: 20240501,
				toDate: '2024-05-31',
			});
			expectDapiError(reply, 400, 'PARAMETER_ERROR');
		});

		test('fromDate after toDate is 400 PARAMETER_ERROR', async () => {
			expectDapiError(await get(liv, 'acc-liv-001-current', '2024-05-02', '2024-05-01'), 400, 'PARAMETER_ERROR');
		});

		test('a single day (fromDate = toDate) is fine', async () => {
			const reply = await get(liv, 'acc-liv-001-current', '2024-05-02', '2024-05-02');
			expect(reply.status).toBe(200);
			for (const t of reply.body.transactions) expect(t.date).toBe('2024-05-02');
		});

		test("toDate may be the simulator's today, not after it (400 INVALID_DATE_RANGE)", async () => {
			expect((await get(liv, 'acc-liv-001-current', '2024-06-01', TODAY)).status).toBe(200);
			const reply = await get(liv, 'acc-liv-001-current', '2024-06-01', '2024-06-16');
			expectDapiError(reply, 400, 'INVALID_DATE_RANGE');
		});

		test('2024-02-29 is a real day: 2024-02-28..2024-03-01 is accepted and stays in those three days', async () => {
			const dates = new Set<string>();
			for (const [session, accountID] of [
				[liv, 'acc-liv-001-current'],
				[adcb, 'acc-adcb-002-current'],
				[adcb, 'acc-adcb-002-savings'],
				[enbd, 'acc-enbd-004-current'],
			] as const) {
				const reply = await get(session, accountID, '2024-02-28', '2024-03-01');
				expect(reply.status).toBe(200);
				for (const t of reply.body.transactions) {
					expect(['2024-02-28', '2024-02-29', '2024-03-01']).toContain(t.date);
					dates.add(t.date);
				}
			}
			expect(dates).toContain('2024-02-29');
		});
	});

	describe("the bank's transactionRange, counted inclusively", () => {
		test('ENBD (90 days): 90 days is fine, 91 days is INVALID_DATE_RANGE "Enter a date range of up to 90 days."', async () => {
			expect(inclusiveDays('2024-01-01', '2024-03-30')).toBe(90);
			expect((await get(enbd, 'acc-enbd-004-current', '2024-01-01', '2024-03-30')).status).toBe(200);
			expect(inclusiveDays('2024-01-01', '2024-03-31')).toBe(91);
			const reply = await get(enbd, 'acc-enbd-004-current', '2024-01-01', '2024-03-31');
			expectDapiError(reply, 400, 'INVALID_DATE_RANGE');
			expect(reply.body.msg).toBe('Enter a date range of up to 90 days.');
		});

		test('ENBD across the leap day: 2024-02-01..2024-04-30 is 90 days, 2024-01-31..2024-04-30 is 91', async () => {
			expect(inclusiveDays('2024-02-01', '2024-04-30')).toBe(90);
			expect((await get(enbd, 'acc-enbd-004-current', '2024-02-01', '2024-04-30')).status).toBe(200);
			expectDapiError(await get(enbd, 'acc-enbd-004-current', '2024-01-31', '2024-04-30'), 400, 'INVALID_DATE_RANGE');
		});

		test('every endpoint enforces it, and each bank has its own limit', async () => {
			for (const path of ['/v2/data/categorizedTransactions/get', '/v2/data/enrichedTransactions/get']) {
				expect((await get(enbd, 'acc-enbd-004-current', '2024-03-18', TODAY, path)).status).toBe(200);
				expectDapiError(await get(enbd, 'acc-enbd-004-current', '2024-03-17', TODAY, path), 400, 'INVALID_DATE_RANGE');
			}
			const limits: Array<[Session, string, number]> = [
				[adcb, 'acc-adcb-002-current', 180],
				[liv, 'acc-liv-001-current', 365],
				[chase, 'acc-chase-003-checking', 730],
			];
			for (const [session, accountID, days] of limits) {
				const to = Date.parse(`${TODAY}T00:00:00Z`);
				const fromOk = new Date(to - (days - 1) * DAY).toISOString().slice(0, 10);
				const fromTooEarly = new Date(to - days * DAY).toISOString().slice(0, 10);
				expect((await get(session, accountID, fromOk, TODAY)).status).toBe(200);
				const reply = await get(session, accountID, fromTooEarly, TODAY);
				expectDapiError(reply, 400, 'INVALID_DATE_RANGE');
				expect(reply.body.msg).toBe(`Enter a date range of up to ${days} days.`);
			}
		});
	});

	test('a transfer shows as a debit on its date, with the new balance after it', async () => {
		const before = (await userCall(sim, enbd, '/v2/data/balance/get', { accountID: 'acc-enbd-004-current' })).body
			.balance.amount;
		const transfer = await userCall(sim, enbd, '/v2/payment/transfer/create', {
			senderID: 'acc-enbd-004-current',
			amount: 321.45,
			receiverID: 'ben-enbd-004-01',
			remark: 'Rent June',
		});
		expect(transfer.status).toBe(200);
		const txns: Txn[] = (await get(enbd, 'acc-enbd-004-current', '2024-06-01', TODAY)).body.transactions;
		const last = txns[txns.length - 1];
		expect(last).toEqual({
			amount: 321.45,
			date: TODAY,
			type: 'debit',
			description: 'OUTWARD TRANSFER',
			details: 'TO RASHID AL FALASI Rent June',
			currency: AED,
			beforeAmount: before,
			afterAmount: (cents(before) - 32145) / 100,
			reference: transfer.body.reference,
		});
		const enriched: Txn[] = (
			await get(enbd, 'acc-enbd-004-current', '2024-06-01', TODAY, '/v2/data/enrichedTransactions/get')
		).body.transactions;
		expect(enriched[enriched.length - 1]).toMatchObject({
			reference: transfer.body.reference,
			category: 'Transfers',
			brandDetails: { logo: '', name: '' },
		});
		// Older history is unchanged by the transfer.
		const may: Txn[] = (await get(enbd, 'acc-enbd-004-current', '2024-05-01', '2024-05-31')).body.transactions;
		expect(may[may.length - 1].afterAmount).toBe(txns.find((t) => t.date >= '2024-06-01')!.beforeAmount);
	});
});
