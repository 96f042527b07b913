import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { idPicker, requiredId } from './fields';
import { readAmount } from './validate';
import type { NodeRun } from '../../shared/run';

/** Sender and amount, shared by every transfer. */
export const senderAndAmountProperties: INodeProperties[] = [
	idPicker('searchAccounts', {
		displayName: 'Sender Account',
		name: 'senderID',
		description: "The user's account to pay from, from the connection's list or by its ID from Get Accounts",
	}),
	amountProperty("In the sender account's currency, greater than 0, at most 2 decimals"),
];

export function amountProperty(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

export const remarkProperty: INodeProperties = {
	displayName: 'Remark',
	name: 'remark',
	type: 'string',
	default: '',
	description: 'A message that goes with the transfer',
};

export function readSenderAndAmount(run: NodeRun, itemIndex: number): IDataObject {
	return {
		senderID: requiredId(
			run,
			itemIndex,
			'senderID',
			'Sender Account',
			'Pick the account to pay from, or map its ID from Get Accounts.',
		),
		amount: readAmount(run, itemIndex),
	};
}

/** Adds the remark only when there is one, as the SDKs omit an empty remark. */
export function withRemark(run: NodeRun, itemIndex: number, body: IDataObject): IDataObject {
	const remark = run.n8n.getNodeParameter('remark', itemIndex, '') as string;
	return remark.trim() ? { ...body, remark: remark.trim() } : body;
}
