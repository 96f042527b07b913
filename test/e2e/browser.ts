/**
 * Headless Chromium for end-to-end tests: Debian's chromium (installed with apt when missing) driven
 * by playwright-core, no browser download.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's Chromium when it is missing (the machines here run as root with apt). */
export function ensureChromium(): void {
	if (fs.existsSync(CHROMIUM)) return;
	const apt = { stdio: 'inherit' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
	execFileSync('apt-get', ['update', '-qq'], apt);
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], apt);
}

export async function launchBrowser(): Promise<Browser> {
	ensureChromium();
	return await chromium.launch({
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
}

/** Signs in to n8n's editor as `owner`. */
export async function signIn(page: Page, n8nUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${n8nUrl}/signin`);
	await page.getByLabel(/email/i).first().fill(owner.email);
	await page
		.getByLabel(/password/i)
		.first()
		.fill(owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}
