import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { APP_SECRET, callsTo, connect, dapiNode, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { startHostileServer } from '../../../../support/hostileServer';
import { PAYROLL, PER_ITEM_FIELDS, dapiRunner, sdkItem, secretsOf, withToken } from '../../../../support/fixtures';

describe('Dapi node, Batch (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let account: { id: string; iban: string | null; number: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});
	beforeEach(() => {
		sim.clearRequests();
		sim.setUserInputPolicy('/v2/batch/transfers/create', 'none');
		account = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	describe('Create Batch File', () => {
		it('sends sender {iban, accountNumber}, type and items, and gives the file back as binary data', async () => {
			const result = await run(withToken(PAYROLL.slice(0, 2), liv), 'batch', 'createFile', {
				senderIban: account.iban,
				senderAccountNumber: account.number,
				...PER_ITEM_FIELDS,
				fileName: 'payroll-june',
			});
			expect(result.error()).toBeUndefined();
			const [item] = result.output('Dapi');
			expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
			expect(item.json).not.toHaveProperty('fileContent');
			expect(item.json).toMatchObject({
				fileName: 'payroll-june.csv',
				fileExtension: 'csv',
				details: { numPendingItems: 2, numFailedItems: 0 },
			});
			expect(item.binary?.data).toMatchObject({
				fileName: 'payroll-june.csv',
				mimeType: 'text/csv',
				fileExtension: 'csv',
			});
			expect(Buffer.from(item.binary!.data.data, 'base64').toString('utf8')).toBe(
				'type,amount,currency,name,iban,accountNumber,swiftCode,country,remark\n' +
					'local,1200.50,AED,Omar Khalil,AE070331234567890123456,,BOMLAEAD,AE,\n' +
					'local,800.00,AED,Sara Ali,AE460330000010123456789,,BOMLAEAD,AE,\n',
			);
			expect(callsTo(sim, '/batch/file/create')[0].body).toEqual({
				...secretsOf(liv),
				sender: { iban: account.iban, accountNumber: account.number },
				type: 'local',
				items: PAYROLL.slice(0, 2).map((line) => sdkItem(line)),
			});
			expect(sim.users()[0].accounts[0].balance).toBe(account.balance);
		});

		it("refuses a file name longer than the bank's filenameMaxChars before asking for the file", async () => {
			const result = await run(withToken(PAYROLL.slice(0, 1), liv), 'batch', 'createFile', {
				senderIban: account.iban,
				senderAccountNumber: account.number,
				...PER_ITEM_FIELDS,
				fileName: 'payroll-june-2024-head-office-x',
			});
			expect(result.error()?.message).toBe('File Name has 31 characters, more than the 30 the bank takes');
			expect(callsTo(sim, '/batch/file/create')).toHaveLength(0);
		});

		it.each([
			['10', 'File Name has 12 characters, more than the 10 the bank takes'],
			['ten', "The bank's batch limit filenameMaxChars could not be read"],
		])('filenameMaxChars sent as %j is read, or stops the file before it is asked for', async (limit, message) => {
			const server = await startHostileServer();
			try {
				const metadata = { filenameMaxChars: limit };
				server.setFault({ kind: 'json', text: JSON.stringify({ success: true, status: 'done', metadata }) });
				const items = withToken(PAYROLL.slice(0, 1), { accessToken: 'token', userSecret: 'secret' } as Connection);
				const result = await runWorkflow(
					chainWorkflow(items, [
						dapiNode('batch', 'createFile', {
							senderIban: 'AE070331234567890123456',
							senderAccountNumber: '1234567890',
							...PER_ITEM_FIELDS,
							fileName: 'payroll-june',
						}),
					]),
					{ dapiApi: { appSecret: APP_SECRET, baseUrl: server.baseUrl } },
				);
				expect(result.error()?.message).toBe(message);
				expect(server.received.get('/batch/file/create')).toBeUndefined();
			} finally {
				await server.close();
			}
		});
	});
});
