// A process the tooling starts (scripts/n8n/process.js): ready on a line of its output, failing when it
// exits first, and stopped with its whole process group.
import { spawnManaged } from '../../../scripts/n8n/process';

const node = (script: string) =>
	spawnManaged({ name: 'probe', command: process.execPath, args: ['-e', script], env: process.env });

describe('spawnManaged', () => {
	it('is ready when the line appears, even split across chunks', async () => {
		const child = node(
			"process.stdout.write('Editor is '); setTimeout(() => console.log('now accessible'), 50); setInterval(() => {}, 1000);",
		);
		try {
			await child.waitForLine('Editor is now accessible', 30_000);
			expect(child.running).toBe(true);
		} finally {
			await child.stop();
		}
		expect(child.running).toBe(false);
	});

	it('fails with the end of its output when it exits before the line', async () => {
		const child = node("console.error('port 5678 already in use'); process.exit(3);");
		await expect(child.waitForLine('Editor is now accessible', 30_000)).rejects.toThrow(
			/probe exited \(3\)[\s\S]*already in use/,
		);
	});

	it('stop() ends the whole group: a child that ignores SIGTERM too', async () => {
		const child = node(
			"const c = require('node:child_process').spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); console.log('grandchild ' + process.pid); setInterval(() => {}, 1000)\"], { stdio: 'inherit' }); setInterval(() => {}, 1000);",
		);
		await child.waitForLine('grandchild', 30_000);
		const grandchild = Number(/grandchild (\d+)/.exec(child.output)![1]);
		await child.stop(2000);
		expect(() => process.kill(grandchild, 0)).toThrow();
	});
});
