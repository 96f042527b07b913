/**
 * Drives the real n8n CLI (the runtime from scripts/provision-runtime.sh) for end-to-end tests:
 * a fresh user folder with the packed package installed as a community package, credential and
 * workflow import, and `n8n execute --rawOutput` with its run parsed.
 *
 * Runs the n8n line of the jest project (its `globals.DAPI_N8N_VERSION`, jest.config.js), whose
 * runtime test/e2e/globalSetup.js provisioned.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, IRun, IRunExecutionData, IWorkflowBase } from 'n8n-workflow';

import {
	PACKAGE_NAME,
	createUserFolder as createFolder,
	importFile as importFromFile,
	n8nLine,
	packPackage,
	parseRun as parseRunOutput,
	runCli,
	runtimeFromEnv,
} from '../../scripts/n8n';

/** Node type names as n8n registers them for the installed community package. */
export const NODE_TYPES = {
	dapi: `${PACKAGE_NAME}.dapi`,
	dapiRequest: `${PACKAGE_NAME}.dapiRequest`,
	dapiTrigger: `${PACKAGE_NAME}.dapiTrigger`,
	dapiConnectTrigger: `${PACKAGE_NAME}.dapiConnectTrigger`,
} as const;

export const ENCRYPTION_KEY = 'n8n-nodes-dapi-e2e-key';
/** Generous: one n8n CLI process takes 2-4 s here. */
const COMMAND_TIMEOUT_MS = 120_000;

export interface CredentialToImport {
	/** At most 16 characters. */
	id: string;
	name: string;
	type: string;
	/** Plain values; n8n encrypts them on import. */
	data: ICredentialDataDecryptedObject;
}

export type WorkflowToImport = Pick<IWorkflowBase, 'id' | 'name' | 'nodes' | 'connections'> &
	Partial<Pick<IWorkflowBase, 'settings' | 'active'>>;

export interface CommandResult {
	/** Exit code, or null when the process was killed (timeout). */
	code: number | null;
	/** Everything n8n printed: stdout, then stderr. */
	output: string;
	stdout: string;
}

export interface ExecuteResult extends CommandResult {
	/** The run n8n printed with --rawOutput, or null when it printed none. */
	run: IRun | null;
}

/** The n8n line under test: '2' (n8n 2.x, project e2e) or '1' (n8n 1.x, project e2e-n8n1). */
export const N8N_LINE = n8nLine(String((globalThis as { DAPI_N8N_VERSION?: unknown }).DAPI_N8N_VERSION ?? '2'));

/** The n8n of this line (its runtime, which globalSetup provisioned). */
export const runtime = () => runtimeFromEnv(N8N_LINE);

/** n8n processes still running, with their user folder; killed if the test process exits first. */
const running = new Map<ChildProcess, string>();
process.on('exit', () => running.forEach((_, child) => child.kill('SIGKILL')));

let tarball: string | undefined;
/** The `npm pack`ed package: the one globalSetup made for this run, else packed once per process. */
function packedTarball(): string {
	tarball ??= process.env.DAPI_E2E_TARBALL || packPackage(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-pack-')));
	return tarball;
}

/** A fresh n8n user folder with the packed package in .n8n/nodes/node_modules (as users install it). */
export function createUserFolder(): string {
	return createFolder('n8n-dapi-e2e-', packedTarball());
}

/**
 * Deletes a user folder, unless DAPI_E2E_KEEP is set (to look at n8n's database afterwards).
 * First kills n8n processes still using it (after a test timeout they would recreate it).
 */
export async function removeUserFolder(folder: string): Promise<void> {
	await Promise.all(
		[...running]
			.filter(([, usedFolder]) => usedFolder === folder)
			.map(([child]) => new Promise((resolve) => child.once('close', resolve).kill('SIGKILL'))),
	);
	if (process.env.DAPI_E2E_KEEP) {
		process.stderr.write(`[e2e] kept n8n user folder ${folder}\n`);
		return;
	}
	fs.rmSync(folder, { recursive: true, force: true });
}

/** Runs one n8n CLI command against `folder` (scripts/n8n/cli.js). Never rejects on a non-zero exit. */
export async function runN8n(folder: string, args: string[]): Promise<CommandResult> {
	const result = await runCli({
		n8n: { runtime: runtime(), folder, encryptionKey: ENCRYPTION_KEY },
		args,
		timeoutMs: COMMAND_TIMEOUT_MS,
		onStart: (child) => running.set(child, folder),
		onEnd: (child) => running.delete(child),
	});
	return { code: result.code, output: result.stdout + result.stderr, stdout: result.stdout };
}

const importFile = (folder: string, command: 'import:credentials' | 'import:workflow', content: unknown) =>
	importFromFile(
		(args) => runN8n(folder, args).then((result) => ({ code: result.code, stdout: result.output, stderr: '' })),
		folder,
		command,
		content,
	);

/** `n8n import:credentials`; throws with n8n's output when it fails. */
export async function importCredentials(folder: string, credentials: CredentialToImport[]): Promise<void> {
	await importFile(folder, 'import:credentials', credentials);
}

/** `n8n import:workflow`; throws with n8n's output when it fails. */
export async function importWorkflow(folder: string, workflow: WorkflowToImport): Promise<void> {
	await importFile(folder, 'import:workflow', {
		active: false,
		settings: { executionOrder: 'v1' },
		...workflow,
	});
}

/** The run `execute --rawOutput` printed, or null (scripts/n8n/cli.js). */
export function parseRun(stdout: string): IRun | null {
	return parseRunOutput(stdout) as IRun | null;
}

/** `n8n execute --id=<id> --rawOutput`: exit code, all output, and the parsed run. */
export async function execute(folder: string, workflowId: string): Promise<ExecuteResult> {
	const result = await runN8n(folder, ['execute', `--id=${workflowId}`, '--rawOutput']);
	return { ...result, run: parseRun(result.stdout) };
}

/** The JSON of the items a node output in a run (first run of the node, first output by default). */
export function nodeItems(run: IRun, nodeName: string, runIndex = 0, outputIndex = 0): IDataObject[] {
	return runDataItems(run.data, nodeName, runIndex, outputIndex);
}

/** The same for an execution's data (as the public API returns it with includeData=true). */
export function runDataItems(data: IRunExecutionData, nodeName: string, runIndex = 0, outputIndex = 0): IDataObject[] {
	const taskData = data.resultData.runData[nodeName]?.[runIndex];
	const items = taskData?.data?.main?.[outputIndex];
	if (!items) {
		const ran = Object.keys(data.resultData.runData).join(', ');
		throw new Error(`node "${nodeName}" has no output ${outputIndex} in run ${runIndex} (nodes that ran: ${ran})`);
	}
	return items.map((item) => item.json);
}
