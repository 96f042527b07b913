import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	auth: 'exchangeAccessCode';
};

export type DapiType = AllEntities<NodeMap>;
