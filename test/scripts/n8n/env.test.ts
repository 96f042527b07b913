// The one builder of an n8n process's environment (scripts/n8n/env.js), for each role the tooling runs.
import path from 'node:path';

import { n8nEnv } from '../../../scripts/n8n/env';

const runtime = { line: '2' as const, bin: '/rt/n8n', nodeDir: '/rt/node/bin' };
const base = { PATH: '/usr/bin', NODE_ENV: 'test', NODE_OPTIONS: '--inspect', HOME: '/root' };
const queue = {
	redisPort: 6400,
	postgresPort: 5500,
	mainPort: 5678,
	hostname: 'dapi-queue-worker1',
	preload: '/q/h.cjs',
};

describe('n8nEnv', () => {
	it('a CLI command: offline settings, its own broker port, the runtime first on PATH, no NODE_ENV, no listening port', () => {
		const env = n8nEnv({ runtime, folder: 'f', role: 'cli', brokerPort: 7001, base });
		expect(env).toMatchObject({
			PATH: `/rt/node/bin${path.delimiter}/usr/bin`,
			N8N_USER_FOLDER: path.resolve('f'),
			N8N_RUNNERS_BROKER_PORT: '7001',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DISABLED_MODULES: 'mcp-registry',
			HOME: '/root',
			NODE_OPTIONS: '--inspect',
		});
		expect(env.NODE_ENV).toBeUndefined();
		expect(env.N8N_PORT).toBeUndefined();
		expect(env.EXECUTIONS_MODE).toBeUndefined();
	});

	it('a main process with webhooks on a host of their own: the webhook URL under the name of its n8n line', () => {
		const urls = { editor: 'http://127.0.0.1:5678', webhooks: 'http://localhost:5678' };
		const two = n8nEnv({ runtime, folder: 'f', role: 'main', port: 5678, brokerPort: 5679, urls, base });
		expect(two).toMatchObject({
			N8N_PORT: '5678',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: 'http://127.0.0.1:5678/',
			N8N_WEBHOOK_URL: 'http://localhost:5678/',
		});
		const one = n8nEnv({ runtime: { ...runtime, line: '1' }, folder: 'f', role: 'main', port: 1, brokerPort: 2, urls });
		expect(one).toMatchObject({ WEBHOOK_URL: 'http://localhost:5678/', N8N_EXPRESSION_ENGINE: 'legacy' });
		expect(one.N8N_WEBHOOK_URL).toBeUndefined();
	});

	it('a queue worker: Redis, Postgres, its health port, its host name, main serving no production webhooks', () => {
		const env = n8nEnv({ runtime, folder: 'w', role: 'worker', brokerPort: 7002, healthPort: 7003, queue, base });
		expect(env).toMatchObject({
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_PORT: '6400',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_PORT: '5500',
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: '7003',
			N8N_PORT: '5678',
			DAPI_QUEUE_HOSTNAME: 'dapi-queue-worker1',
			NODE_OPTIONS: '--require /q/h.cjs',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		});
	});

	it('refuses a worker without a health port', () => {
		expect(() => n8nEnv({ runtime, folder: 'w', role: 'worker', brokerPort: 1, queue })).toThrow(/health port/);
	});

	it('NODE_OPTIONS: null drops it, a value replaces it; extra comes last', () => {
		expect(n8nEnv({ runtime, folder: 'f', role: 'cli', brokerPort: 1, base, nodeOptions: null }).NODE_OPTIONS).toBe(
			undefined,
		);
		const env = n8nEnv({
			runtime,
			folder: 'f',
			role: 'cli',
			brokerPort: 1,
			base,
			nodeOptions: '--require x',
			extra: { NODE_ENV: 'production', N8N_RUNNERS_BROKER_PORT: '9' },
		});
		expect(env).toMatchObject({ NODE_OPTIONS: '--require x', NODE_ENV: 'production', N8N_RUNNERS_BROKER_PORT: '9' });
	});
});
