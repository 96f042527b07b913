import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import { idPicker, optionalText, requiredId, requiredText } from '../../helpers/fields';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Create Transfer',
	description: 'Send money to a registered beneficiary',
	action: 'Create a transfer',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/payment/transfer/create'),
	properties: [
		...senderAndAmountProperties,
		{
			displayName: 'Pay To',
			name: 'payTo',
			type: 'options',
			options: [
				{
					name: 'A Registered Beneficiary',
					value: 'beneficiary',
					description: 'For banks that need beneficiaries registered first',
				},
				{
					name: 'Account Details',
					value: 'details',
					description: 'Name, IBAN and account number, for banks without registration',
				},
			],
			default: 'beneficiary',
		},
		idPicker('searchBeneficiaries', {
			displayName: 'Beneficiary',
			name: 'receiverID',
			description: "The registered beneficiary, from the connection's list or by its ID from Get Beneficiaries",
			displayOptions: { show: { payTo: ['beneficiary'] } },
		}),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { payTo: ['details'] } },
		},
		{
			displayName: 'IBAN',
			name: 'iban',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { payTo: ['details'] } },
		},
		{
			displayName: 'Account Number',
			name: 'accountNumber',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { payTo: ['details'] } },
		},
		remarkProperty,
		{
			displayName: 'Nickname',
			name: 'nickname',
			type: 'string',
			default: '',
			description: 'A short name for the receiver, where the bank asks for one',
			displayOptions: { show: { payTo: ['details'] } },
		},
	],
	body(run, itemIndex) {
		const body = readSenderAndAmount(run, itemIndex);
		if (run.n8n.getNodeParameter('payTo', itemIndex) === 'beneficiary') {
			body.receiverID = requiredId(
				run,
				itemIndex,
				'receiverID',
				'Beneficiary',
				'Pick the beneficiary from the list, or map its ID from Get Beneficiaries.',
			);
		} else {
			body.name = requiredText(run, itemIndex, 'name', 'Name', "Give the receiver's name.");
			body.iban = requiredText(run, itemIndex, 'iban', 'IBAN', "Give the receiver's IBAN.");
			body.accountNumber = requiredText(
				run,
				itemIndex,
				'accountNumber',
				'Account Number',
				"Give the receiver's account number.",
			);
			const nickname = optionalText(run, itemIndex, 'nickname');
			if (nickname) body.nickname = nickname;
		}
		return withRemark(run, itemIndex, body);
	},
});
