import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { tokenFieldProperties, tokenSourceProperty } from '../shared/connection';
import { updateDisplayOptions } from '../shared/displayOptions';
import * as ach from './actions/ach';
import * as auth from './actions/auth';
import * as batch from './actions/batch';
import * as data from './actions/data';
import * as metadata from './actions/metadata';
import * as listSearch from './methods/listSearch';
import * as operation from './actions/operation';
import * as payment from './actions/payment';
import { router } from './actions/router';
import * as wire from './actions/wire';

/** Operations that only send the app secret (or call nothing), so they have no token source. */
const appLevelOnly = { hide: { operation: ['exchangeAccessCode', 'getStatus', 'resealConnection'] } };

export class Dapi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi',
		name: 'dapi',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Bank data and payments across the Middle East through the Dapi open-banking API',
		defaults: { name: 'Dapi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Done', 'Needs User Input'],
		credentials: [
			{ name: 'dapiApi', required: true, displayOptions: { hide: { tokenSource: ['credential'] } } },
			{ name: 'dapiConnectionApi', required: true, displayOptions: { show: { tokenSource: ['credential'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'ACH (US)', value: 'ach' },
					{ name: 'Auth', value: 'auth' },
					{ name: 'Batch', value: 'batch' },
					{ name: 'Data', value: 'data' },
					{ name: 'Metadata', value: 'metadata' },
					{ name: 'Operation', value: 'operation' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Wire (US)', value: 'wire' },
				],
				default: 'auth',
			},
			...auth.description,
			...data.description,
			...metadata.description,
			...payment.description,
			...wire.description,
			...ach.description,
			...batch.description,
			...operation.description,
			...updateDisplayOptions(appLevelOnly, [tokenSourceProperty(false), ...tokenFieldProperties]),
		],
	};

	methods = {
		listSearch: {
			searchAccounts: listSearch.searchAccounts,
			searchCards: listSearch.searchCards,
			searchBeneficiaries: listSearch.searchBeneficiaries,
			searchWireBeneficiaries: listSearch.searchWireBeneficiaries,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
