import { endpointSpec } from '../../../shared/endpointTable';
import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import { readSenderAndAmount, remarkProperty, senderAndAmountProperties, withRemark } from '../../helpers/transfer';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Transfer Autoflow',
	description: 'Register the wire beneficiary when needed and send the money in one call',
	action: 'Transfer money with wire autoflow',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/wire/transfer/autoflow'),
	properties: [...senderAndAmountProperties, remarkProperty, ...beneficiaryProperties('wire', true)],
	body(run, itemIndex) {
		const body = readSenderAndAmount(run, itemIndex);
		body.beneficiary = readBeneficiary(run, itemIndex, 'wire', true);
		return withRemark(run, itemIndex, body);
	},
});
