import { endpointSpec } from '../../../shared/endpointTable';
import { idPicker, requiredId } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Create Transfer',
	description: 'Send money to a registered wire beneficiary',
	action: 'Create a wire transfer',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/wire/transfer/create'),
	properties: [
		...senderAndAmountProperties,
		idPicker('searchWireBeneficiaries', {
			displayName: 'Beneficiary',
			name: 'receiverID',
			description: "The wire beneficiary, from the connection's list or by its ID from Wire: Get Beneficiaries",
		}),
		remarkProperty,
	],
	body(run, itemIndex) {
		const body = readSenderAndAmount(run, itemIndex);
		body.receiverID = requiredId(
			run,
			itemIndex,
			'receiverID',
			'Beneficiary',
			'Pick the wire beneficiary from the list, or map its ID from Wire: Get Beneficiaries.',
		);
		return withRemark(run, itemIndex, body);
	},
});
