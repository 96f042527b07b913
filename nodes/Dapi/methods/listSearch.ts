import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listFromDapi } from './listCall';

/** Only the last four characters of an account number, card number or IBAN are ever shown. */
export function masked(value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const shown = String(value);
	// Banks send card numbers already masked (************4821); their last four are the digits.
	const plain = shown.replace(/[^0-9A-Za-z]/g, '');
	if (!plain) return undefined;
	return shown.length > 4 && plain.length >= 4 ? `••••${plain.slice(-4)}` : '••••';
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const currencyCode = (currency: unknown): string | undefined =>
	typeof currency === 'object' && currency !== null ? text((currency as IDataObject).code) : text(currency);

/** Dapi has no paging or search: the whole list comes at once, and the filter matches names. */
function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const wanted = filter?.trim().toLowerCase();
	const results = wanted ? items.filter((item) => item.name.toLowerCase().includes(wanted)) : items;
	return { results };
}

const entry = (id: unknown, parts: Array<string | undefined>): INodeListSearchItems | undefined =>
	typeof id === 'string' || typeof id === 'number'
		? { name: parts.filter((part) => part !== undefined).join(' · '), value: String(id) }
		: undefined;

const listOf = (answer: IDataObject, field: string): IDataObject[] =>
	Array.isArray(answer[field]) ? (answer[field] as IDataObject[]) : [];

export async function searchAccounts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const answer = await listFromDapi.call(this, '/data/accounts/get', 'accounts');
	const items = listOf(answer, 'accounts').map((account) =>
		entry(account.id, [
			text(account.name) ?? String(account.id),
			text(account.type),
			currencyCode(account.currency),
			masked(account.number ?? account.iban),
		]),
	);
	return matching(
		items.filter((item) => item !== undefined),
		filter,
	);
}

export async function searchCards(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const answer = await listFromDapi.call(this, '/data/cards/get', 'cards');
	const items = listOf(answer, 'cards').map((card) =>
		entry(card.id, [
			text(card.name) ?? String(card.id),
			text(card.type),
			currencyCode(card.currency),
			masked(card.cardNumber),
		]),
	);
	return matching(
		items.filter((item) => item !== undefined),
		filter,
	);
}

async function beneficiaries(
	this: ILoadOptionsFunctions,
	path: string,
	filter?: string,
): Promise<INodeListSearchResult> {
	const answer = await listFromDapi.call(this, path, 'beneficiaries');
	const items = listOf(answer, 'beneficiaries').map((beneficiary) =>
		entry(beneficiary.id, [
			text(beneficiary.name) ?? String(beneficiary.id),
			beneficiary.iban ? `IBAN ${masked(beneficiary.iban)}` : masked(beneficiary.accountNumber),
		]),
	);
	return matching(
		items.filter((item) => item !== undefined),
		filter,
	);
}

export async function searchBeneficiaries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await beneficiaries.call(this, '/payment/beneficiaries/get', filter);
}

export async function searchWireBeneficiaries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await beneficiaries.call(this, '/wire/beneficiaries/get', filter);
}
