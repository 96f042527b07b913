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

/** An id a picker can save: non-blank text or a finite number. */
const usableId = (id: unknown): string | undefined =>
	typeof id === 'number' ? (Number.isFinite(id) ? String(id) : undefined) : text(id);

/** The list's entries that are objects with a usable id; anything else a server sends is skipped. */
function entriesOf(answer: IDataObject, field: string): Array<{ id: string; entry: IDataObject }> {
	const list = answer[field];
	if (!Array.isArray(list)) return [];
	return list.flatMap((entry: unknown) => {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [];
		const id = usableId((entry as IDataObject).id);
		return id === undefined ? [] : [{ id, entry: entry as IDataObject }];
	});
}

const item = (id: string, parts: Array<string | undefined>): INodeListSearchItems => ({
	name: parts.filter((part) => part !== undefined).join(' · '),
	value: id,
});

export async function searchAccounts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const answer = await listFromDapi(this, '/data/accounts/get', 'accounts');
	const items = entriesOf(answer, 'accounts').map(({ id, entry: account }) =>
		item(id, [
			text(account.name) ?? id,
			text(account.type),
			currencyCode(account.currency),
			masked(account.number ?? account.iban),
		]),
	);
	return matching(items, filter);
}

export async function searchCards(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const answer = await listFromDapi(this, '/data/cards/get', 'cards');
	const items = entriesOf(answer, 'cards').map(({ id, entry: card }) =>
		item(id, [text(card.name) ?? id, text(card.type), currencyCode(card.currency), masked(card.cardNumber)]),
	);
	return matching(items, filter);
}

async function beneficiaries(
	context: ILoadOptionsFunctions,
	path: string,
	filter?: string,
): Promise<INodeListSearchResult> {
	const answer = await listFromDapi(context, path, 'beneficiaries');
	const items = entriesOf(answer, 'beneficiaries').map(({ id, entry: beneficiary }) => {
		const iban = masked(beneficiary.iban);
		return item(id, [text(beneficiary.name) ?? id, iban ? `IBAN ${iban}` : masked(beneficiary.accountNumber)]);
	});
	return matching(items, filter);
}

export async function searchBeneficiaries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await beneficiaries(this, '/payment/beneficiaries/get', filter);
}

export async function searchWireBeneficiaries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await beneficiaries(this, '/wire/beneficiaries/get', filter);
}
