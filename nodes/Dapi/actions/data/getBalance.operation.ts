import { requiredText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getBalance',
	spec: { path: '/data/balance/get' },
	field: 'balance',
	list: false,
	properties: [
		{
			displayName: 'Balance Of',
			name: 'balanceOf',
			type: 'options',
			options: [
				{ name: 'Account', value: 'account' },
				{ name: 'Card', value: 'card' },
			],
			default: 'account',
		},
		{
			displayName: 'Account ID',
			name: 'accountID',
			type: 'string',
			required: true,
			default: '',
			description: 'The account\'s ID from Get Accounts (its "ID" field)',
			displayOptions: { show: { balanceOf: ['account'] } },
		},
		{
			displayName: 'Card ID',
			name: 'cardID',
			type: 'string',
			required: true,
			default: '',
			description: 'The card\'s ID from Get Cards (its "ID" field)',
			displayOptions: { show: { balanceOf: ['card'] } },
		},
	],
	body(itemIndex) {
		if (this.getNodeParameter('balanceOf', itemIndex) === 'card') {
			return { cardID: requiredText.call(this, itemIndex, 'cardID', 'Card ID', 'Map the card\'s ID from Get Cards.') };
		}
		return {
			accountID: requiredText.call(this, itemIndex, 'accountID', 'Account ID', 'Map the account\'s ID from Get Accounts.'),
		};
	},
});
