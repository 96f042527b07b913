// @ts-check
'use strict';

/**
 * POST /v2/users/DelinkUser (also /users/delinkuser and /data/DelinkUser, the SDKs' spellings): Base body + Bearer
 * → base envelope. Afterwards the access token answers INVALID_TOKEN; the connection's data stays.
 * @type {import('./types').Handler}
 */
function delinkUser({ session, state }) {
	if (!session) throw new Error('delink must be routed with auth: "user"');
	state.revokeToken(session.accessToken);
	return {};
}

module.exports = { delinkUser };
