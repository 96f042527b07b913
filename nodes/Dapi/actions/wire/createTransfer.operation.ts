import { requiredText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'createTransfer',
	spec: { path: '/wire/transfer/create', changes: 'wire transfer' },
	properties: [
		...senderAndAmountProperties,
		{
			displayName: 'Beneficiary ID',
			name: 'receiverID',
			type: 'string',
			required: true,
			default: '',
			description: 'The wire beneficiary\'s ID from Wire: Get Beneficiaries',
		},
		remarkProperty,
	],
	body(itemIndex) {
		const body = readSenderAndAmount.call(this, itemIndex);
		body.receiverID = requiredText.call(this, itemIndex, 'receiverID', 'Beneficiary ID', 'Map the ID from Wire: Get Beneficiaries.');
		return withRemark.call(this, itemIndex, body);
	},
});
