/**
 * n8n's processed-items store in memory, for the engine: the persistence n8n-core's
 * DataDeduplicationService is initialised with. n8n-core exposes the service and its interface
 * (IDataDeduplicator), but n8n's implementation lives in the n8n package (packages/cli,
 * deduplication/deduplication-helper.ts on @n8n/db's ProcessedDataRepository), which this project does
 * not install. This is that file's "entries" mode (the one the package uses), step for step, as it is
 * in n8n 2.41.1 and 1.123.81 (the same code): a row per workflow (and node) holding an array of MD5
 * hashes, read with one query and written back with another, with no transaction and no lock. Each
 * query here takes a turn of the event loop, as a database round trip does, so executions interleave
 * between the read and the write as they do in n8n. An insert on an existing row fails as a primary key does.
 */
import { createHash } from 'node:crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	workflowId: string;
	context: string;
	value: { mode: string; data: string[] };
}

const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

export class InMemoryProcessedData implements IDataDeduplicator {
	/** The table, by workflow ID and context; rows are stored as the JSON text n8n's column holds. */
	readonly table = new Map<string, string>();
	/** Queries run against the table, for tests that count the store's work. */
	queries = 0;

	private static createContext(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (scope === 'node') {
			if (!contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
			return `n:${contextData.node.id}`;
		}
		return '';
	}

	private static createValueHash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private async findOne(workflowId: string, context: string): Promise<Row | null> {
		this.queries++;
		await roundTrip();
		const text = this.table.get(`${workflowId}\n${context}`);
		return text === undefined ? null : { workflowId, context, value: JSON.parse(text) as Row['value'] };
	}

	private async insert(row: Row): Promise<void> {
		this.queries++;
		await roundTrip();
		const key = `${row.workflowId}\n${row.context}`;
		if (this.table.has(key)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		this.table.set(key, JSON.stringify(row.value));
	}

	private async update(row: Row): Promise<void> {
		this.queries++;
		await roundTrip();
		const key = `${row.workflowId}\n${row.context}`;
		if (this.table.has(key)) this.table.set(key, JSON.stringify(row.value));
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('only the "entries" mode of n8n is reproduced here');
		const context = InMemoryProcessedData.createContext(scope, contextData);
		if (!contextData.workflow.id) throw new Error('The expression evaluated to a falsy value');
		const processedData = await this.findOne(contextData.workflow.id, context);
		if (processedData && processedData.value.mode !== options.mode) {
			throw new Error('Deduplication data was originally saved with an incompatible setting');
		}
		const hashedItems = items.map((item) => InMemoryProcessedData.createValueHash(item));
		if (!processedData) {
			if (options.maxEntries) hashedItems.splice(0, hashedItems.length - options.maxEntries);
			await this.insert({
				workflowId: contextData.workflow.id,
				context,
				value: { mode: options.mode, data: hashedItems },
			});
			return { new: items, processed: [] };
		}
		const returnData: IDeduplicationOutput = { new: [], processed: [] };
		const processedItemsSet = new Set(processedData.value.data);
		hashedItems.forEach((item, index) => {
			if (processedItemsSet.has(item)) {
				returnData.processed.push(items[index]);
			} else {
				returnData.new.push(items[index]);
				processedData.value.data.push(item);
			}
		});
		if (options.maxEntries) {
			processedData.value.data.splice(0, processedData.value.data.length - options.maxEntries);
		}
		await this.update(processedData);
		return returnData;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (options.mode !== 'entries') throw new Error('Removing processed data is not possible in mode "latest"');
		const processedData = await this.findOne(
			contextData.workflow.id,
			InMemoryProcessedData.createContext(scope, contextData),
		);
		if (!processedData) return;
		const hashedItems = items.map((item) => InMemoryProcessedData.createValueHash(item));
		for (const item of hashedItems) {
			const index = processedData.value.data.findIndex((value) => value === item);
			if (index !== -1) processedData.value.data.splice(index, 1);
		}
		await this.update(processedData);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.queries++;
		await roundTrip();
		this.table.delete(`${contextData.workflow.id}\n${InMemoryProcessedData.createContext(scope, contextData)}`);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const processedData = await this.findOne(
			contextData.workflow.id,
			InMemoryProcessedData.createContext(scope, contextData),
		);
		return options.mode === 'entries' && processedData ? processedData.value.data.length : 0;
	}

	/** Empties the table (between tests). */
	clear(): void {
		this.table.clear();
		this.queries = 0;
	}
}
