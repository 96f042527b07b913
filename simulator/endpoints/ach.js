// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { optionalString, requiredObject, requiredAmount } = require('../params');
const { senderAccount, sessionOf } = require('../transfers');
const { requireUSBank } = require('./wire');

/**
 * POST /v2/ach/pull/create {transfer: {senderID, amount, description?}} → base envelope (dapi-go branch feat/addACHPull).
 * The pull is recorded as pending; it does not move money in the simulator.
 * @type {import('./types').Handler}
 */
function createAchPull(ctx) {
	const user = requireUSBank(ctx, 'ACH pulls');
	const { connection } = sessionOf(ctx);
	const transfer = requiredObject(ctx.body, 'transfer');
	const account = senderAccount(user, transfer, 'transfer.senderID');
	const amount = requiredAmount(transfer, 'amount', 'transfer.amount');
	const description = optionalString(transfer, 'description', 'transfer.description') ?? null;
	const pulls = ctx.state.achPulls.get(connection.connectionID) ?? [];
	pulls.push({
		senderID: account.id,
		amount,
		currency: { ...account.currency },
		description,
		status: 'pending',
		at: ctx.state.now(),
	});
	ctx.state.achPulls.set(connection.connectionID, pulls);
	return {};
}

/** POST /v2/ach/pull/get → transfer {amount, currency, status} of this connection's latest pull @type {import('./types').Handler} */
function getAchPull(ctx) {
	requireUSBank(ctx, 'ACH pulls');
	const { connection } = sessionOf(ctx);
	const latest = ctx.state.achPulls.get(connection.connectionID)?.at(-1);
	if (!latest) throw new DapiError('PARAMETER_ERROR', 'No ACH pull has been created on this connection.');
	return { transfer: { amount: latest.amount, currency: { ...latest.currency }, status: latest.status } };
}

module.exports = { createAchPull, getAchPull };
