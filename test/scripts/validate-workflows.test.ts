import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WORKFLOWS, main, workflowProblems } from '../../scripts/validate-workflows';

const read = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');
const ci = read('ci.yml');
const release = read('release.yml');

describe('the repository workflows', () => {
	it.each([['ci.yml'], ['release.yml']])('%s is a valid GitHub Actions workflow', (name) => {
		expect(workflowProblems(read(name))).toEqual([]);
	});

	it('CI runs the project checks on every push and pull request, on Node 20 and 24, and the stress check', () => {
		expect(ci).toMatch(/^on:\n {2}push:\n {4}branches: \['\*\*'\]\n {2}pull_request:\n {2}workflow_call:\n/m);
		expect(ci).toMatch(/node: \[20, 24\]/);
		expect(ci).toMatch(/run: bash \.ci\/run/);
		expect(ci).toMatch(/run: npm run test:stress/);
	});

	it('Release publishes from v* tags with provenance through OIDC, after the gate, the checks and the pack inspection', () => {
		expect(release).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*'\]\n/m);
		expect(release).toMatch(/^permissions:\n {2}contents: read\n/m);
		expect(release).toMatch(/ {4}permissions:\n {6}contents: read\n {6}id-token: write\n/);
		expect(release).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
		expect(release).toMatch(/uses: \.\/\.github\/workflows\/ci\.yml/);
		const publish = release.slice(release.indexOf('  publish:'));
		expect(publish).toMatch(/needs: \[gate, checks\]/);
		const order = [
			'node scripts/release-check.js --tag "$GITHUB_REF_NAME" --repository "$GITHUB_REPOSITORY"',
			'npx jest --ci --selectProjects tooling',
			'npm publish --provenance --access public --ignore-scripts',
		].map((step) => publish.indexOf(step));
		expect(order.every((at) => at > 0)).toBe(true);
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});
});

describe('a broken workflow fails validation', () => {
	it.each([
		['a permission value misspelt', release.replace('id-token: write', 'id-token: writ'), '/id-token'],
		['a key misspelt', ci.replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04'), "'runs_on' is not allowed"],
		['needs naming no job', release.replace('needs: gate', 'needs: gates'), 'unresolved job gates'],
		['broken indentation', ci.replace('    steps:', '   steps:'), 'line'],
		['an unknown event', ci.replace('  pull_request:', '  pull_requests:'), '/on'],
	])('%s', (_what, broken, problem) => {
		expect(workflowProblems(broken)).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
	});

	it('and the command exits 1 naming the file', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dapi-workflow-'));
		const file = path.join(dir, 'broken.yml');
		fs.writeFileSync(file, release.replace('id-token: write', 'id-token: writ'));
		const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		try {
			expect(main([file])).toBe(1);
			expect(log.mock.calls.flat().join('\n')).toMatch(
				/broken\.yml: INVALID\n {2}\/jobs\/publish\/permissions\/id-token/,
			);
		} finally {
			log.mockRestore();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
