import type { INodeProperties } from 'n8n-workflow';

import * as getAccounts from './getAccounts.operation';
import * as getBalance from './getBalance.operation';
import * as getCards from './getCards.operation';
import * as getCompleteAccounts from './getCompleteAccounts.operation';
import * as getIdentity from './getIdentity.operation';
import * as getTransactions from './getTransactions.operation';

export { getAccounts, getBalance, getCards, getCompleteAccounts, getIdentity, getTransactions };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['data'] } },
		options: [
			{ name: 'Get Accounts', value: 'getAccounts', description: 'List the user\'s bank accounts', action: 'Get accounts' },
			{ name: 'Get Balance', value: 'getBalance', description: 'Get the balance of an account or a card', action: 'Get balance' },
			{ name: 'Get Cards', value: 'getCards', description: 'List the user\'s cards', action: 'Get cards' },
			{
				name: 'Get Complete Accounts',
				value: 'getCompleteAccounts',
				description: 'List the user\'s accounts with their balances',
				action: 'Get complete accounts',
			},
			{ name: 'Get Identity', value: 'getIdentity', description: 'Get the account holder\'s identity', action: 'Get identity' },
			{
				name: 'Get Transactions',
				value: 'getTransactions',
				description: 'List transactions of an account or card between two dates',
				action: 'Get transactions',
			},
		],
		default: 'getAccounts',
	},
	...getAccounts.description,
	...getBalance.description,
	...getCards.description,
	...getCompleteAccounts.description,
	...getIdentity.description,
	...getTransactions.description,
];
