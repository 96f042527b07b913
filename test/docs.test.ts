/**
 * The Markdown a user reads: every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md
 * reaches a file (and heading), the nodes' and credentials' documentation URLs reach a README heading, and the
 * README's Operations table names every resource and operation the Dapi node offers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { Dapi } from '../nodes/Dapi/Dapi.node';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

const DOCS = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** Markdown without code: links inside fences or backticks are examples, not links. */
function prose(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const [, text] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
		const base = text
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.toLowerCase()
			.replace(/[^\p{L}\p{N} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

/** What is wrong with `target` as a link from `from`, or null. */
function brokenLink(from: string, target: string): string | null {
	const [file, anchor] = target.split('#') as [string, string | undefined];
	const resolved = file === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
	if (!fs.existsSync(path.join(ROOT, resolved))) return `${from}: ${target} (no file ${resolved})`;
	if (anchor === undefined || !resolved.endsWith('.md')) return null;
	return anchors(read(resolved)).has(anchor) ? null : `${from}: ${target} (no heading #${anchor} in ${resolved})`;
}

describe('the Markdown docs', () => {
	it('link only to files and headings that exist', () => {
		const broken: string[] = [];
		for (const doc of DOCS) {
			for (const [, target] of prose(read(doc)).matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z]+:/i.test(target)) continue;
				const problem = brokenLink(doc, target);
				if (problem !== null) broken.push(problem);
			}
		}
		expect(broken).toEqual([]);
	});

	it('have the README headings that the nodes and credentials link to', () => {
		const readme = anchors(read('README.md'));
		const sources = [
			...fs.readdirSync(path.join(ROOT, 'credentials')).map((name) => `credentials/${name}`),
			...fs.readdirSync(path.join(ROOT, 'nodes')).map((name) => `nodes/${name}/${name}.node.json`),
		].filter((file) => fs.existsSync(path.join(ROOT, file)) && /\.(ts|json)$/.test(file));
		const linked = sources.flatMap((file) =>
			[...read(file).matchAll(/n8n-nodes-dapi\/n8n-nodes-dapi#([\w-]+)/g)].map(([, anchor]) => ({ file, anchor })),
		);
		expect(linked.length).toBeGreaterThan(5);
		expect(linked.filter(({ anchor }) => !readme.has(anchor))).toEqual([]);
	});

	it("list every resource and operation of the Dapi node in the README's Operations table", () => {
		const node = new Dapi() as unknown as INodeType & { getNodeType?: () => INodeType };
		const { properties }: INodeTypeDescription = (node.getNodeType?.() ?? node).description;
		// Union over every property of the name, so a node that lists them per version reads the same.
		const options = (name: string, resource?: string) =>
			properties
				.filter((p) => p.name === name && (!resource || (p.displayOptions?.show?.resource ?? []).includes(resource)))
				.flatMap((p) => (p.options ?? []) as Array<{ name: string; value: string }>);
		const table = new Map(
			[...read('README.md').matchAll(/^\| Dapi \| ([^|]+) \| ([^|]+) \|$/gm)].map(([, resource, operations]) => [
				resource.trim(),
				operations.split(',').map((operation) => operation.trim()),
			]),
		);
		const resources = new Map(options('resource').map((resource) => [resource.name, resource.value]));
		const missing = [...resources].flatMap(([name, value]) =>
			options('operation', value)
				.filter((operation) => !table.get(name)?.includes(operation.name))
				.map((operation) => `${name}: ${operation.name}`),
		);
		expect(resources.size).toBeGreaterThan(0);
		expect(missing).toEqual([]);
		expect([...table.keys()].sort()).toEqual([...resources.keys()].sort());
	});
});
