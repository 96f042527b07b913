import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IVersionedNodeType,
} from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/n8nVersion';
import { outputsWithAlreadySent } from '../shared/idempotency';
import { tokenFieldProperties, tokenSourceProperty } from '../shared/connection';
import { appLevelOperations, operationProperties, resourceProperty } from './actions/registry';
import { router } from './actions/router';
import { updateDisplayOptions } from './helpers/displayOptions';
import * as listSearch from './methods/listSearch';

assertSupportedN8n();

/** Operations that only send the app secret (or call nothing), so they have no token source. */
const appLevelOnly = { hide: { operation: appLevelOperations } };

/**
 * One version of the Dapi node. Version 2 differs from 1 only in the operation-status resource's
 * value ("operationStatus" instead of "operation"); workflows saved with version 1 keep running.
 */
class DapiVersion implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi',
		name: 'dapi',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['transform'],
		version: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Bank data and payments across the Middle East through the Dapi open-banking API',
		defaults: { name: 'Dapi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsWithAlreadySent(['Done', 'Needs User Input']),
		credentials: [
			{ name: 'dapiApi', required: true, displayOptions: { hide: { tokenSource: ['credential'] } } },
			{ name: 'dapiConnectionApi', required: true, displayOptions: { show: { tokenSource: ['credential'] } } },
		],
		properties: [],
	};

	constructor(version: number) {
		this.description = {
			...this.description,
			version,
			properties: [
				resourceProperty(version),
				...operationProperties(version),
				...updateDisplayOptions(appLevelOnly, [tokenSourceProperty(false), ...tokenFieldProperties]),
			],
		};
	}

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

export class Dapi extends VersionedNodeType {
	constructor() {
		const versions: IVersionedNodeType['nodeVersions'] = { 1: new DapiVersion(1), 2: new DapiVersion(2) };
		const { displayName, name, icon, group, subtitle, description } = versions[2].description;
		const base: INodeTypeBaseDescription = { displayName, name, icon, group, subtitle, description, defaultVersion: 2 };
		super(versions, base);
	}
}
