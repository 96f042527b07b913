import { endpointSpec } from '../../../shared/endpointTable';
import { optionalText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, senderAndAmountProperties } from '../../helpers/transfer';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Create Pull',
	description: "Pull money from the user's US account",
	action: 'Create an ACH pull',
};

// ACH pulls money from the user's US account; the SDKs nest the fields in `transfer`.
export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/ach/pull/create'),
	properties: [
		...senderAndAmountProperties,
		{
			displayName: 'Description',
			name: 'pullDescription',
			type: 'string',
			default: '',
			description: 'A description that goes with the pull',
		},
	],
	body(run, itemIndex) {
		const transfer = readSenderAndAmount(run, itemIndex);
		const description = optionalText(run, itemIndex, 'pullDescription');
		if (description) transfer.description = description;
		return { transfer };
	},
});
