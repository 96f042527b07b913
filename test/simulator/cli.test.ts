import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startSimulator, type ConnectResult } from '../../simulator';

const CLI = path.join(__dirname, '..', '..', 'simulator', 'cli.js');

interface Run {
	child: ChildProcess;
	stdout: () => string;
	stderr: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Run {
	const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	child.stdout?.on('data', (chunk) => (out += chunk));
	child.stderr?.on('data', (chunk) => (err += chunk));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves once stdout shows `text`; fails if the CLI exits first. Waits on output, not on a clock. */
function untilOutput(cli: Run, text: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!cli.stdout().includes(text)) return;
			cli.child.stdout?.off('data', check);
			resolve();
		};
		cli.child.stdout?.on('data', check);
		cli.child.once('exit', () => reject(new Error(`the CLI exited before printing "${text}": ${cli.stderr()}`)));
		check();
	});
}

describe('CLI', () => {
	test('starts, prints what the n8n credential needs, serves, and stops on SIGTERM', async () => {
		const cli = run(['--port', '0', '--app-secret', 'cli-secret', '--app-key', 'cli-key', '--latency', '5']);
		try {
			await untilOutput(cli, 'Ctrl+C to stop.');
			const out = cli.stdout();
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
			expect(url).toBeDefined();
			expect(out).toContain(`Base URL    ${url}/v2`);
			expect(out).toContain('App Secret  cli-secret');
			expect(out).toContain('App Key     cli-key');
			expect(out).toContain('Latency     5 ms');
			for (const id of [
				'user-ae-liv-001',
				'user-ae-adcb-002',
				'user-us-chase-003',
				'acc-adcb-002-savings',
				'AE730260001015234567801',
			]) {
				expect(out).toContain(id);
			}
			expect(out).toContain(`curl -s -XPOST ${url}/__sim/connect`);

			const connect = (await (await fetch(`${url}/__sim/connect`, { method: 'POST' })).json()) as ConnectResult;
			const exchange = await fetch(`${url}/v2/auth/ExchangeToken`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					appSecret: 'cli-secret',
					accessCode: connect.accessCode,
					connectionID: connect.connectionID,
				}),
			});
			expect(exchange.status).toBe(200);
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		expect(cli.stdout()).toContain('Dapi simulator stopped (SIGTERM).');
	});

	test('stops on SIGINT too', async () => {
		const cli = run(['--port=0']);
		await untilOutput(cli, 'Ctrl+C to stop.');
		cli.child.kill('SIGINT');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
	});

	test('a SIGTERM as soon as the banner shows stops it cleanly, however late the CLI runs on', async () => {
		// The preload holds the CLI right after the banner until stdin gets a byte: the signal lands there.
		const cli = run(['--port=0'], {}, ['--require', path.join(__dirname, '..', 'support', 'holdAfterBanner.cjs')]);
		await untilOutput(cli, 'Ctrl+C to stop.');
		cli.child.kill('SIGTERM');
		cli.child.stdin?.end('go');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		expect(cli.stdout()).toContain('Dapi simulator stopped (SIGTERM).');
	});

	test('falls back to DAPI_SIM_* environment variables', async () => {
		const cli = run([], {
			DAPI_SIM_PORT: '0',
			DAPI_SIM_APP_SECRET: 'env-secret',
			DAPI_SIM_APP_KEY: 'env-key',
			DAPI_SIM_LATENCY_MS: '7',
		});
		try {
			await untilOutput(cli, 'Ctrl+C to stop.');
			expect(cli.stdout()).toContain('App Secret  env-secret');
			expect(cli.stdout()).toContain('App Key     env-key');
			expect(cli.stdout()).toContain('Latency     7 ms');
			expect(cli.stdout()).not.toContain(':8787');
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect((await cli.exited).code).toBe(0);
	});

	test('exits 1 with a clear message when the port is taken', async () => {
		const blocker = await startSimulator();
		try {
			const cli = run(['--port', String(blocker.port)]);
			expect((await cli.exited).code).toBe(1);
			expect(cli.stderr()).toContain(`Port ${blocker.port} on 127.0.0.1 is already in use`);
		} finally {
			await blocker.close();
		}
	});

	test('--latency min-max sets a uniform spread per call', async () => {
		const cli = run(['--port', '0', '--latency', '40-90', '--app-secret', 'cli-secret']);
		try {
			await untilOutput(cli, 'Ctrl+C to stop.');
			expect(cli.stdout()).toContain('Latency     40-90 ms (uniform per call)');
			expect(cli.stdout()).toContain('user-ae-enbd-004');
			expect(cli.stdout()).toContain('answers: otp 123456, pin 1234, secret_question dapi, captcha n8n42');
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stdout())?.[1];
			const started = performance.now();
			const reply = await fetch(`${url}/v2/auth/ExchangeToken`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ appSecret: 'cli-secret' }),
			});
			expect(reply.status).toBe(422);
			expect(performance.now() - started).toBeGreaterThanOrEqual(39);
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect((await cli.exited).code).toBe(0);
	});

	test.each([['90-40'], ['5-'], ['-5'], ['1-700000']])('exits 2 on --latency %s', async (value) => {
		const cli = run(['--port', '0', `--latency=${value}`]);
		expect((await cli.exited).code).toBe(2);
		expect(cli.stderr()).toMatch(/latency/);
	});

	test('exits 2 with usage on a bad argument', async () => {
		const cli = run(['--port', 'abc']);
		expect((await cli.exited).code).toBe(2);
		expect(cli.stderr()).toContain('port must be an integer');
		expect(cli.stderr()).toContain('Usage:');
	});
});
