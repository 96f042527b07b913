import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { keyOptions } from '../../helpers/operation';
import { idempotencyKeyProperty, readKeyText } from '../../../shared/idempotency';
import type { ItemResult } from '../../../shared/itemLoop';
import { batchTransfersProperties, resumeEndpointOption, transferTypeProperty } from '../../helpers/batchFields';
import { checkBankLimits } from '../../helpers/batchLimits';
import { batchLevel, oneBatchFromAllItems, readBatchTransfers } from '../../helpers/batchTransfers';
import { callForItem } from '../../helpers/operationCall';
import { endpointSpec } from '../../../shared/endpointTable';
import { idPicker, operationOptions, requiredId } from '../../helpers/fields';
import { remarkProperty, withRemark } from '../../helpers/transfer';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Create Batch Transfer',
	description: 'Pay many beneficiaries in one batch, e.g. a payroll or supplier run',
	action: 'Create a batch transfer',
};

export const spec = endpointSpec('/batch/transfers/create');

export const description: INodeProperties[] = [
	idPicker('searchAccounts', {
		displayName: 'Sender Account',
		name: 'senderID',
		description:
			"The user's account to pay the whole batch from, from the connection's list or by its ID from Get Accounts",
	}),
	transferTypeProperty,
	...batchTransfersProperties,
	{ ...remarkProperty, description: 'A message that goes with the whole batch' },
	idempotencyKeyProperty,
	operationOptions([resumeEndpointOption, ...keyOptions], { read: false }),
];

/** All input items make one batch, so the node runs this once for all of them (see the router). */
export const runsOnceForAllItems = oneBatchFromAllItems;

/** Pays a batch: {senderID, type, items, remark?} after checking it against the bank's batch limits. */
export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const type = batchLevel(
		run,
		itemIndex,
		'Transfer Type',
		(index) => run.n8n.getNodeParameter('transferType', index) as string,
	);
	const senderID = batchLevel(run, itemIndex, 'Sender Account', (index) =>
		requiredId(
			run,
			index,
			'senderID',
			'Sender Account',
			'Pick the account to pay from, or map its ID from Get Accounts.',
		),
	);
	const idempotencyKey = batchLevel(run, itemIndex, 'Idempotency Key', (index) => readKeyText(run, index));
	const items = readBatchTransfers(run, itemIndex, type);
	const limits = await checkBankLimits(run, itemIndex, spec.path, items);
	if (limits.prompt) return limits.prompt;
	const body: IDataObject = withRemark(run, itemIndex, { senderID, type, items });
	const outcome = await callForItem(run, itemIndex, spec, body, {
		resume: limits.resumeCreate,
		idempotencyKey,
	});
	return outcome.kind === 'routed' ? outcome.result : { data: outcome.body };
}
