import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	auth: 'exchangeAccessCode' | 'delinkUser' | 'resealConnection';
	batch: 'getMetadata' | 'getTransfers' | 'getItems' | 'createFile' | 'createTransfer';
	data: 'getIdentity' | 'getAccounts' | 'getCompleteAccounts' | 'getBalance' | 'getTransactions' | 'getCards';
	metadata: 'getAccountsMetadata';
	payment: 'getBeneficiaries' | 'createBeneficiary' | 'createTransfer' | 'transferAutoflow';
	wire: 'getBeneficiaries' | 'createBeneficiary' | 'createTransfer' | 'transferAutoflow';
	ach: 'createPull' | 'getPull';
	operation: 'getStatus';
};

export type DapiType = AllEntities<NodeMap>;
