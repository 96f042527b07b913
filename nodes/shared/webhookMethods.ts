import type { IHookFunctions } from 'n8n-workflow';

/** For webhooks nothing has to be registered for (Dapi's URLs are set in its dashboard; pages are served here). */
export const nothingToRegister = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};
