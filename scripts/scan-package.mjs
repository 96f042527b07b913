// Runs the lint gate of n8n's community-package scanner offline, on both legs it checks before a
// package is verified: the source (package.json, nodes/, credentials/) and the packed tarball.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, 'dist'))) {
	console.error('scan: dist/ is missing, run `npm run build` first');
	process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dapi-scan-'));
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
	.toString()
	.trim()
	.split('\n')
	.pop();
const unpacked = path.join(work, 'package');
fs.mkdirSync(unpacked);
execFileSync('tar', ['xzf', path.join(work, tarball), '-C', unpacked, '--strip-components=1']);

let failed = false;
for (const [leg, dir, patterns] of [
	['source', root, SOURCE_FILE_PATTERNS],
	['tarball', unpacked, undefined],
]) {
	const result = await analyzePackage(dir, patterns);
	console.log(`scan ${leg}: ${result.passed ? 'passed' : `FAILED (${result.message})`}`);
	if (!result.passed) {
		failed = true;
		if (result.details) console.log(result.details);
	}
}
fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
