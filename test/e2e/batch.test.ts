/**
 * The batch payroll example through the real n8n CLI with the packed package installed: a Connect result,
 * the token, the sender account, three payroll lines as three items, ONE batch transfer built from them,
 * then its status. What reached the simulator is compared with the bodies Dapi's Node SDK 2.3.2 sends.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import {
	createUserFolder,
	execute,
	importCredentials,
	importWorkflow,
	nodeItems,
	removeUserFolder,
	type WorkflowToImport,
} from './n8n';

jest.setTimeout(300_000);

const APP_SECRET = 'sim-app-secret';
const EXAMPLE = path.resolve(__dirname, '../../examples/simulator-batch-payroll.workflow.json');

describe('the batch payroll example (real n8n CLI, packed package)', () => {
	let sim: Simulator;
	let folder: string;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET });
		folder = createUserFolder();
	});

	afterAll(async () => {
		await sim?.close();
		if (folder) await removeUserFolder(folder);
	});

	test('three payroll items make one batch transfer, sent as the SDK sends it, paired with all three', async () => {
		const example = JSON.parse(
			fs.readFileSync(EXAMPLE, 'utf8').split('http://127.0.0.1:8787').join(sim.url),
		) as WorkflowToImport;
		await importCredentials(folder, [
			{
				id: 'dapiSimulator0001',
				name: 'Dapi (simulator)',
				type: 'dapiApi',
				data: { appSecret: APP_SECRET, baseUrl: sim.baseUrl },
			},
		]);
		await importWorkflow(folder, example);
		const { code, output, run } = await execute(folder, example.id!);
		if (code !== 0 || !run || run.status !== 'success') {
			throw new Error(`n8n execute: exit code ${code}, run status ${run?.status}. Its output:\n${output}`);
		}

		const [{ userSecret }] = nodeItems(run, 'Exchange Access Code') as Array<{ userSecret: string }>;
		const payroll = nodeItems(run, 'One Item per Employee') as Array<{
			employee: string;
			iban: string;
			swiftCode: string;
			salary: number;
		}>;
		expect(payroll).toHaveLength(3);
		const sender = sim.users()[0].accounts[0];

		expect(sim.requests().map((call) => `${call.path} ${call.status}`)).toEqual([
			'/v2/auth/ExchangeToken 200',
			'/v2/data/accounts/get 200',
			'/v2/batch/metadata/get 200',
			'/v2/batch/transfers/create 200',
			'/v2/batch/items/get 200',
		]);
		const [create] = sim.requests().filter((call) => call.path === '/v2/batch/transfers/create');
		expect(create.body).toEqual({
			appSecret: APP_SECRET,
			userSecret,
			senderID: sender.id,
			type: 'local',
			items: payroll.map((line) => ({
				type: 'local',
				amount: line.salary,
				currency: 'AED',
				remark: 'June salary',
				beneficiary: { name: line.employee, iban: line.iban, swiftCode: line.swiftCode, country: 'AE' },
			})),
			remark: 'Payroll June',
		});

		const paid = run.data.resultData.runData['Pay Payroll'][0].data!.main[0]!;
		expect(paid).toHaveLength(1);
		expect(paid[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [status] = nodeItems(run, 'Batch Status');
		expect(status).toMatchObject({
			stage: 'pending',
			totalAmountRequested: 2950.75,
			items: payroll.map(() => ({ status: 'pending' })),
		});
		expect(output).not.toContain(APP_SECRET);
	});
});
