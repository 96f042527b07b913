/**
 * The package where users meet it: n8n's editor in a real browser (Debian's Chromium driven by
 * playwright-core, no browser download). One screenshot per check goes to test-output/editor/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { N8N_LINE } from './n8n';
import { N8nServer } from './server';

jest.setTimeout(300_000);

const CHROMIUM = '/usr/bin/chromium';

/** Polls `read` until `ok` holds for its value (or the time is up) and returns the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		value = await read();
	}
	return value;
}
const SHOTS = path.resolve(__dirname, '../../test-output/editor');

/** Installs Debian's Chromium when it is missing (the machines here run as root with apt). */
function ensureChromium(): void {
	if (fs.existsSync(CHROMIUM)) return;
	const apt = { stdio: 'inherit' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
	execFileSync('apt-get', ['update', '-qq'], apt);
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], apt);
}

// The machine has no internet: requests to n8n's own cloud services fail and are reported as console
// errors that have nothing to do with this package (n8n 1.x also fetches "dynamic banners" from n8n.io).
const OFFLINE_NOISE =
	/net::ERR_|Failed to load resource|ERR_NAME_NOT_RESOLVED|ENOTFOUND|telemetry|posthog|rudderstack|sentry|dynamic banners/i;

describe('n8n editor in a real browser', () => {
	let server: N8nServer;
	let browser: Browser;
	let page: Page;
	const consoleErrors: string[] = [];

	beforeAll(async () => {
		ensureChromium();
		fs.mkdirSync(SHOTS, { recursive: true });
		server = await N8nServer.start();
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
		page.on('console', (message) => {
			if (message.type() === 'error' && !OFFLINE_NOISE.test(message.text())) consoleErrors.push(message.text());
		});
		page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));

		await page.goto(`${server.url}/signin`);
		// n8n 1.x's sign-in form does not tie its labels to the inputs: find those by type there.
		await page.getByLabel(/email/i).or(page.locator('input[type="email"]')).first().fill(server.owner.email);
		await page
			.getByLabel(/password/i)
			.or(page.locator('input[type="password"]'))
			.first()
			.fill(server.owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	let workflowWithTrigger = '';

	/** Opens the node creator on a new workflow (triggers) or after a Manual Trigger (actions) and searches. */
	async function openNodeCreator(search: string, after: 'nothing' | 'trigger') {
		if (after === 'trigger' && !workflowWithTrigger) {
			const workflow = await server.createWorkflow({
				name: 'editor check',
				nodes: [
					{
						id: '5d5c1c1e-0000-4000-8000-000000000001',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
				],
				connections: {},
			});
			workflowWithTrigger = workflow.id;
		}
		await page.goto(`${server.url}/workflow/${after === 'trigger' ? workflowWithTrigger : 'new'}`);
		await page.waitForLoadState('networkidle');
		// The "+" at the top left opens the node creator, whether or not the workflow has a trigger.
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const searchBox = page
			.locator('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator"] input')
			.first();
		await searchBox.waitFor({ timeout: 30_000 });
		await searchBox.fill(search);
	}

	const shot = async (name: string) => await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
	const creatorItems = async () =>
		(await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).map((text) => text.trim());
	const creatorText = async () => await page.locator('[data-test-id="node-creator"]').innerText();

	it('the trigger panel finds the Dapi Trigger', async () => {
		await openNodeCreator('Dapi', 'nothing');
		const names = await eventually(creatorItems, (found) => found.includes('Dapi'));
		await shot('01-triggers-search-dapi');
		expect(names).toContain('Dapi');
		// n8n 2.x shows the app's description under its name; n8n 1.x's search results show names only.
		if (N8N_LINE === '2') expect(await creatorText()).toMatch(/starts workflows from Dapi's signed webhooks/);
	});

	it('the node creator finds Dapi and Dapi Request by name', async () => {
		await openNodeCreator('Dapi', 'trigger');
		const names = await eventually(creatorItems, (found) => found.includes('Dapi Request'));
		await shot('02-actions-search-dapi');
		expect(names).toEqual(expect.arrayContaining(['Dapi', 'Dapi Request']));
		// n8n merges the Dapi node and the Dapi Trigger into one "Dapi" app entry with all their actions.
		await page
			.locator('[data-test-id="node-creator-item-name"]')
			.filter({ hasText: /^Dapi$/ })
			.first()
			.click();
		// In the app's view every action is an item, named like the operation's `action` text. The list
		// renders what fits, so it is scrolled to its end to read them all.
		await eventually(creatorItems, (found) => found.length >= 20);
		const seen = new Set<string>();
		for (let scrolled = 0; scrolled < 15; scrolled++) {
			const before = seen.size;
			for (const name of await creatorItems()) seen.add(name);
			if (scrolled > 0 && seen.size === before) break;
			await page.locator('[data-test-id="node-creator-item-name"]').last().scrollIntoViewIfNeeded();
			await page.mouse.wheel(0, 600);
			await page.waitForTimeout(300);
		}
		const actions = [...seen];
		await shot('02b-dapi-actions');
		for (const action of [
			'Exchange access code',
			'Reseal a sealed connection',
			'Get balance',
			'Get transactions',
			'Create a batch transfer',
			'Transfer money with autoflow',
			'Get operation status',
		]) {
			expect(actions.join('|')).toContain(action);
		}
	});

	/** Searches an action, opens the Dapi app entry it finds, and gives the action's item. */
	async function findAction(action: string) {
		await openNodeCreator(action, 'trigger');
		const found = await eventually(creatorItems, (names) => names.includes('Dapi'));
		expect(found).toContain('Dapi');
		await page
			.locator('[data-test-id="node-creator-item-name"]')
			.filter({ hasText: /^Dapi$/ })
			.first()
			.click();
		const item = page
			.locator('[data-test-id="node-creator-item-name"]')
			.filter({ hasText: new RegExp(`^${action}$`, 'i') });
		await item.first().waitFor({ timeout: 30_000 });
		return item.first();
	}

	it('the node creator finds the Dapi node by its actions', async () => {
		const item = await findAction('Exchange access code');
		await shot('03-actions-search-exchange');
		expect(await item.innerText()).toBe('Exchange access code');
	});

	it('opening the Dapi node shows its resources, operations and the credential picker, without console errors', async () => {
		consoleErrors.length = 0;
		await (await findAction('Exchange access code')).click();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });
		// The credential picker: no Dapi credential exists yet, so n8n 2.x offers to create one; n8n 1.x
		// shows an empty picker.
		const picker = N8N_LINE === '2' ? /Credential\s+Connect to Dapi/ : /Credential to connect with/;
		const text = await eventually(
			async () => await panel.innerText(),
			(t) => picker.test(t),
		);
		await shot('04-dapi-node-exchange');
		expect(text).toMatch(picker);
		for (const label of ['Resource', 'Operation', 'Access Code', 'Connection ID']) expect(text).toContain(label);

		await panel.locator('[data-test-id="parameter-input-resource"]').click();
		const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		const resources = await eventually(
			async () => (await options.allInnerTexts()).map((option) => option.trim()),
			(found) => found.includes('Payment'),
		);
		await page.waitForTimeout(500); // the dropdown animates open
		await shot('05-dapi-resources');
		for (const resource of [
			'ACH (US)',
			'Auth',
			'Batch',
			'Data',
			'Metadata',
			'Operation Status',
			'Payment',
			'Wire (US)',
		]) {
			expect(resources).toContain(resource);
		}
		expect(consoleErrors).toEqual([]);
	});
});
