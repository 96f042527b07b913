/**
 * The Dapi node's operations come from one registry generated from the operation files: each file
 * exports all the node needs of it, and the pickers, the router and the hidden token source follow.
 */
import { Dapi } from '../../../../nodes/Dapi/Dapi.node';
import { allOperations, findOperation } from '../../../../nodes/Dapi/actions/registry';
import { endpointRow, endpointSpec, type DapiPath } from '../../../../nodes/shared/endpointTable';

const registry = require('../../../../scripts/generate-registry') as { isStale: () => boolean };

describe('the operation registry', () => {
	it('is up to date with the operation files on disk (npm run build regenerates it)', () => {
		expect(registry.isStale()).toBe(false);
	});

	it('names every operation after its file and shows its parameters only for it', () => {
		for (const { resource, name, operation } of allOperations()) {
			expect(operation.option.value).toBe(name);
			expect(typeof operation.execute).toBe('function');
			for (const property of operation.description) {
				expect(property.displayOptions?.show?.resource).toEqual([resource]);
				expect(property.displayOptions?.show?.operation).toEqual([name]);
			}
		}
	});

	it('has a row in the endpoint table for every path an operation calls, and takes its facts from it', () => {
		for (const { resource, name, operation } of allOperations()) {
			const { path } = operation.spec;
			// Reseal Connection and Release Key call nothing.
			if (path === '') continue;
			expect([`${resource}.${name}`, path, endpointRow(path) !== undefined]).toEqual([
				`${resource}.${name}`,
				path,
				true,
			]);
			expect(operation.spec).toEqual(endpointSpec(path as DapiPath));
		}
	});

	it('shows the Timeout the call will use: 5 minutes for the calls that move money, 135 s for the rest', () => {
		const timeouts = new Map<string, unknown>();
		for (const { name, operation } of allOperations()) {
			const options = operation.description.find((property) => property.name === 'options');
			const timeout = (options?.options as Array<{ name: string; default?: unknown }> | undefined)?.find(
				(option) => option.name === 'timeout',
			);
			if (timeout) timeouts.set(`${operation.spec.path} ${name}`, timeout.default);
		}
		expect(timeouts.get('/payment/transfer/create createTransfer')).toBe(300_000);
		expect(timeouts.get('/payment/transfer/autoflow transferAutoflow')).toBe(300_000);
		expect(timeouts.get('/wire/transfer/autoflow transferAutoflow')).toBe(300_000);
		expect(timeouts.get('/ach/pull/create createPull')).toBe(300_000);
		expect(timeouts.get('/data/accounts/get getAccounts')).toBe(135_000);
		expect(timeouts.get('/payment/beneficiaries/create createBeneficiary')).toBe(135_000);
	});

	it('gives the node one Operation picker per resource, sorted, with a default that exists', () => {
		const properties = new Dapi().nodeVersions[2].description.properties;
		const resources = properties.find((property) => property.name === 'resource')!.options as Array<{ value: string }>;
		for (const { value: resource } of resources) {
			const pickers = properties.filter(
				(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[])?.includes(resource),
			);
			expect(pickers).toHaveLength(1);
			const names = (pickers[0].options as Array<{ name: string; value: string }>).map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(findOperation(resource, String(pickers[0].default))).toBeDefined();
		}
		expect(allOperations().length).toBeGreaterThanOrEqual(25);
	});

	it("version 1 keeps the operation-status resource's old value 'operation'; version 2 calls it 'operationStatus'", () => {
		const resourceValues = (version: number) =>
			(
				new Dapi().nodeVersions[version].description.properties.find((p) => p.name === 'resource')!.options as Array<{
					value: string;
				}>
			).map((o) => o.value);
		expect(resourceValues(1)).toContain('operation');
		expect(resourceValues(1)).not.toContain('operationStatus');
		expect(resourceValues(2)).toContain('operationStatus');
		expect(resourceValues(2)).not.toContain('operation');
		expect(findOperation('operation', 'getStatus')).toBe(findOperation('operationStatus', 'getStatus'));
		const v1Fields = new Dapi().nodeVersions[1].description.properties.filter(
			(p) => p.name === 'operationID' && !p.displayOptions?.show?.resource?.includes('payment'),
		);
		expect(v1Fields.some((p) => (p.displayOptions?.show?.resource as string[]).includes('operation'))).toBe(true);
	});

	it('finds nothing for names that are not its own operations', () => {
		expect(findOperation('payment', 'constructor')).toBeUndefined();
		expect(findOperation('__proto__', 'toString')).toBeUndefined();
		expect(findOperation('payment', 'createTransfer')?.spec.sideEffect).toBe('transfer');
	});
});
