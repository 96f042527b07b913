import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	ENDPOINTS,
	endpointFacts,
	endpointSpec,
	isKnownRead,
	reportsOnAnotherOperation,
	takesIdempotencyKey,
	type EndpointFacts,
} from '../../../nodes/shared/endpointTable';
import { DAPI_DEFAULT_TIMEOUT_MS, MONEY_TIMEOUT_MS, defaultTimeoutMs } from '../../../nodes/shared/transport';

const rows = Object.entries(ENDPOINTS) as Array<[string, EndpointFacts]>;

describe('the endpoint table', () => {
	it('holds the rows of docs/dapi-contract.md (section 5, Endpoint facts), one for one', () => {
		const page = readFileSync(join(__dirname, '../../../docs/dapi-contract.md'), 'utf8');
		const section = page.slice(page.indexOf('### Endpoint facts'));
		const documented = section
			.split('\n\n')
			.find((block) => block.startsWith('| path |'))!
			.split('\n')
			.slice(2)
			.map((line) => line.split('|').map((cell) => cell.trim()));
		const yes = (fact: boolean | undefined) => (fact ? 'yes' : '');
		const coded = rows.map(([path, facts]) => [
			'',
			`\`${path}\``,
			facts.effect,
			facts.effect === 'read' ? '' : facts.noun,
			facts.timeout,
			yes(facts.appLevel),
			yes(facts.withAppKey),
			yes(facts.reportsOnAnotherOperation),
			yes(facts.agentMayRun),
			'',
		]);
		expect(documented).toEqual(coded);
	});

	it("gives every call that moves money the long timeout, as Dapi's SDKs wait, but the batch calls", () => {
		// The batch calls are money by caution (the bank pays the file once uploaded); no SDK waits long on them.
		const standardMoney = ['/batch/file/create', '/batch/transfers/create'];
		for (const [path] of rows.filter(([, facts]) => facts.effect === 'money')) {
			const wanted = standardMoney.includes(path) ? DAPI_DEFAULT_TIMEOUT_MS : MONEY_TIMEOUT_MS;
			expect([path, defaultTimeoutMs(path)]).toEqual([path, wanted]);
		}
		for (const [path] of rows.filter(([, facts]) => facts.effect !== 'money')) {
			expect([path, defaultTimeoutMs(path)]).toEqual([path, DAPI_DEFAULT_TIMEOUT_MS]);
		}
	});

	it('names what every change changes, for its messages', () => {
		for (const [path, facts] of rows) {
			if (facts.effect !== 'read') expect([path, facts.noun.length > 0]).toEqual([path, true]);
		}
	});
});

describe('what a path is, for Dapi Request, the transport and the AI guard', () => {
	it.each([
		['/data/accounts/get', true],
		['/data/accounts/get/', true],
		['/operation/status', true],
		['/batch/items/get', true],
		// Unknown paths, and reads spelled otherwise than Dapi spells them, are treated as changes.
		['/data/statements/get', false],
		['/DATA/ACCOUNTS/GET', false],
		['/users/DelinkUser', false],
		['/payment/transfer/create', false],
		['/x/y', false],
		['', false],
	])('%s is a known read: %p', (path, read) => {
		expect(isKnownRead(path)).toBe(read);
	});

	it('keeps a change, and its timeout, however the path is spelled', () => {
		expect(endpointFacts('/Payment/Transfer/Create/')).toMatchObject({ effect: 'money', timeout: 'long' });
		expect(defaultTimeoutMs('/PAYMENT/transfer/autoflow')).toBe(MONEY_TIMEOUT_MS);
		expect(takesIdempotencyKey('/WIRE/beneficiaries/create')).toBe(true);
		expect(endpointFacts('/nothing/here')).toEqual({ effect: 'change', noun: 'call', timeout: 'standard' });
	});

	it('takes an Idempotency Key for money and payee calls only', () => {
		for (const [path, facts] of rows) {
			const keyed = facts.effect === 'money' || facts.effect === 'payee';
			expect([path, takesIdempotencyKey(path)]).toEqual([path, keyed]);
		}
		expect(takesIdempotencyKey('/x/y')).toBe(false);
	});

	it('lets operation status report on another operation, however it is spelled', () => {
		expect(reportsOnAnotherOperation('/operation/get')).toBe(true);
		expect(reportsOnAnotherOperation('/Operation/Status/')).toBe(true);
		expect(reportsOnAnotherOperation('/data/accounts/get')).toBe(false);
	});
});

describe("an operation's spec", () => {
	it("carries its row's facts under the names the node uses", () => {
		expect(endpointSpec('/data/balance/get')).toEqual({ path: '/data/balance/get' });
		expect(endpointSpec('/payment/transfer/create')).toEqual({
			path: '/payment/transfer/create',
			sideEffect: 'transfer',
		});
		expect(endpointSpec('/auth/ExchangeToken')).toEqual({
			path: '/auth/ExchangeToken',
			appLevel: true,
			sideEffect: 'access code exchange',
			agentMayRun: true,
		});
		expect(endpointSpec('/operation/get')).toEqual({ path: '/operation/get', appLevel: true, withAppKey: true });
	});
});
