import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { tokenFieldProperties, tokenSourceProperty } from '../shared/connection';
import { updateDisplayOptions } from './helpers/displayOptions';
import { appLevelOperations, operationProperties, resourceProperty } from './actions/registry';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';

/** Operations that only send the app secret, so they have no token source. */
const appLevelOnly = { hide: { operation: appLevelOperations } };

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
			resourceProperty,
			...operationProperties,
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
