import { idPicker, requiredId } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'createTransfer',
	spec: { path: '/wire/transfer/create', changes: 'wire transfer' },
	properties: [
		...senderAndAmountProperties,
		idPicker('searchWireBeneficiaries', {
			displayName: 'Beneficiary',
			name: 'receiverID',
			description: 'The wire beneficiary, from the connection\'s list or by its ID from Wire: Get Beneficiaries',
		}),
		remarkProperty,
	],
	body(itemIndex) {
		const body = readSenderAndAmount.call(this, itemIndex);
		body.receiverID = requiredId.call(this, itemIndex, 'receiverID', 'Beneficiary', 'Pick the wire beneficiary from the list, or map its ID from Wire: Get Beneficiaries.');
		return withRemark.call(this, itemIndex, body);
	},
});
