import { endpointSpec } from '../../../shared/endpointTable';
import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Transfer Autoflow',
	description: 'Register the beneficiary when needed and send the money in one call',
	action: 'Transfer money with autoflow',
};

// Dapi's recommended payment: it registers the beneficiary when needed and pays, in the sender's currency.
export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/payment/transfer/autoflow'),
	properties: [...senderAndAmountProperties, remarkProperty, ...beneficiaryProperties('payment', true)],
	body(run, itemIndex) {
		const body = readSenderAndAmount(run, itemIndex);
		body.beneficiary = readBeneficiary(run, itemIndex, 'payment', true);
		return withRemark(run, itemIndex, body);
	},
});
