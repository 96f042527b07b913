import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, secretsOf } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});

	describe('Auth: Delink User', () => {
		it.each([['/users/DelinkUser'], ['/users/delinkuser']])('revokes the token (path %s)', async (path) => {
			const user = await connect(sim, 'user-ae-liv-001');
			sim.clearRequests();
			const parameters = path === '/users/DelinkUser' ? {} : { delinkPath: path };
			const result = await run(user, 'auth', 'delinkUser', parameters);
			expect(result.error()).toBeUndefined();
			const [call] = sim.requests();
			expect(call.path).toBe(`/v2${path}`);
			expect(call.body).toEqual(secretsOf(user));
			expect(call.headers.authorization).toBe(`Bearer ${user.accessToken}`);
			const after = await run(user, 'data', 'getAccounts');
			expect(after.error()?.message).toBe('Dapi rejected the access token');
		});

		it('refuses a path that leaves the Base URL', async () => {
			const result = await run(liv, 'auth', 'delinkUser', { delinkPath: 'https://evil.example/x' });
			expect(result.error()?.message).toMatch(/^Path is not allowed/);
			expect(sim.requests()).toHaveLength(0);
		});
	});
});
