// @ts-check
'use strict';

/** POST /v2/metadata/accounts/get: the user's bank, including its transactionRange. @type {import('./types').Handler} */
function getAccountsMetadata({ session, state }) {
	if (!session) throw new Error('metadata endpoints must be routed with auth: "user"');
	return { accountsMetadata: structuredClone(state.bankOf(session.user).accountsMetadata) };
}

module.exports = { getAccountsMetadata };
