import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { keyOptions } from '../../helpers/operation';
import { idempotencyKeyProperty, readKeyText } from '../../../shared/idempotency';
import type { ItemResult } from '../../../shared/itemLoop';
import { batchTransfersProperties, resumeEndpointOption, transferTypeProperty } from '../../helpers/batchFields';
import { checkBankLimits } from '../../helpers/batchLimits';
import { batchLevel, oneBatchFromAllItems, readBatchTransfers } from '../../helpers/batchTransfers';
import { callForItem } from '../../helpers/operationCall';
import { endpointSpec } from '../../../shared/endpointTable';
import { operationOptions, requiredText } from '../../helpers/fields';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Create Batch File',
	description: "Have Dapi write the bank's batch file for the transfers, to upload to the bank",
	action: 'Create a batch file',
};

export const spec = endpointSpec('/batch/file/create');

export const description: INodeProperties[] = [
	{
		displayName: 'Sender IBAN',
		name: 'senderIban',
		type: 'string',
		required: true,
		default: '',
		description: "The IBAN of the user's account the batch pays from (Get Accounts shows it)",
	},
	{
		displayName: 'Sender Account Number',
		name: 'senderAccountNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'The number of that account (Get Accounts shows it as "number")',
	},
	transferTypeProperty,
	...batchTransfersProperties,
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'payroll-june',
		description:
			"Name of the file, without extension (Dapi's is added); at most the bank's filenameMaxChars characters, checked before sending",
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
	idempotencyKeyProperty,
	operationOptions([resumeEndpointOption, ...keyOptions], { read: false }),
];

/** All input items make one batch, so the node runs this once for all of them (see the router). */
export const runsOnceForAllItems = oneBatchFromAllItems;

/** Dapi does not document the encoding of fileContent: base64 where it reads as base64, else the text itself. */
export function fileBytes(content: string): Buffer {
	const compact = content.replace(/\s+/g, '');
	const isBase64 = compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
	return isBase64 ? Buffer.from(compact, 'base64') : Buffer.from(content, 'utf8');
}

/** Has Dapi write the bank's batch file {sender {iban, accountNumber}, type, items} and gives it back as binary data. */
export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const type = batchLevel(
		run,
		itemIndex,
		'Transfer Type',
		(index) => run.n8n.getNodeParameter('transferType', index) as string,
	);
	const sender = {
		iban: batchLevel(run, itemIndex, 'Sender IBAN', (index) =>
			requiredText(run, index, 'senderIban', 'Sender IBAN', 'Give the IBAN of the account to pay from (Get Accounts).'),
		),
		accountNumber: batchLevel(run, itemIndex, 'Sender Account Number', (index) =>
			requiredText(
				run,
				index,
				'senderAccountNumber',
				'Sender Account Number',
				'Give the number of the account to pay from (Get Accounts).',
			),
		),
	};
	const fileName = requiredText(run, itemIndex, 'fileName', 'File Name', 'Name the file, e.g. payroll-june.');
	const binaryPropertyName = requiredText(
		run,
		itemIndex,
		'binaryPropertyName',
		'Put Output File in Field',
		'Name the binary field, e.g. data.',
	);
	const idempotencyKey = batchLevel(run, itemIndex, 'Idempotency Key', (index) => readKeyText(run, index));
	const items = readBatchTransfers(run, itemIndex, type);
	const limits = await checkBankLimits(run, itemIndex, spec.path, items, fileName);
	if (limits.prompt) return limits.prompt;

	const outcome = await callForItem(
		run,
		itemIndex,
		spec,
		{ sender, type, items },
		{ resume: limits.resumeCreate, idempotencyKey },
	);
	if (outcome.kind === 'routed') return outcome.result;
	const { fileContent, ...answer } = outcome.body;
	if (typeof fileContent !== 'string') {
		throw new NodeOperationError(run.n8n.getNode(), "Dapi's answer holds no file", {
			itemIndex,
			description:
				'Dapi answered /batch/file/create without fileContent; its details are in the answer. Check them and try again.',
		});
	}
	const extension = typeof answer.fileExtension === 'string' ? answer.fileExtension.replace(/^\./, '') : '';
	const name =
		extension && !fileName.toLowerCase().endsWith(`.${extension.toLowerCase()}`)
			? `${fileName}.${extension}`
			: fileName;
	const binary = { [binaryPropertyName]: await run.n8n.helpers.prepareBinaryData(fileBytes(fileContent), name) };
	const data: IDataObject = { ...answer, fileName: name };
	return { data, binary };
}
