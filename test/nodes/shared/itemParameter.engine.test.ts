/**
 * getItemParameter against n8n's own getNodeParameter, through the real engine: for every shape of
 * item and mapping, the two give the same value or the same error, and the shortcut is taken only
 * where the mapping is `={{ $json.<field> }}` over a text field.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { Dapi } from '../../../nodes/Dapi/Dapi.node';
import { DapiConnectTrigger } from '../../../nodes/DapiConnectTrigger/DapiConnectTrigger.node';
import { DapiRequest } from '../../../nodes/DapiRequest/DapiRequest.node';
import { DapiTrigger } from '../../../nodes/DapiTrigger/DapiTrigger.node';
import { getItemParameter } from '../../../nodes/shared/itemParameter';
import { Run } from '../../../nodes/shared/run';
import { chainWorkflow, registerTestNodeType, runWorkflow } from '../../support/engine';

const PROBE = 'test.parameterProbe';

type Outcome = { value: unknown } | { error: string };

const outcome = (read: () => unknown): Outcome => {
	try {
		return { value: read() };
	} catch (error) {
		return { error: (error as Error).message };
	}
};

/** Reads `parameter` both ways for every item, and says whether getItemParameter asked n8n to evaluate it. */
class ParameterProbe implements INodeType {
	description = {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads a parameter two ways',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Parameter', name: 'parameter', type: 'options', options: [], default: 'text' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{
				displayName: 'Locator',
				name: 'locator',
				type: 'resourceLocator',
				default: { mode: 'id', value: '' },
				modes: [
					{ displayName: 'List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'none' } },
					{ displayName: 'ID', name: 'id', type: 'string' },
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						extractValue: { type: 'regex', regex: 'https://bank\\.test/accounts/([a-z0-9-]+)' },
					},
				],
			},
		] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const name = this.getNodeParameter('parameter', 0) as string;
		const options = name === 'locator' ? { extractValue: true } : undefined;
		return [
			this.getInputData().map((_, itemIndex) => {
				const evaluated: boolean[] = [];
				const watched = Object.create(this, {
					getNodeParameter: {
						value: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
							const asked = args[3] as { rawExpressions?: boolean } | undefined;
							if (!asked?.rawExpressions) evaluated.push(true);
							return (this.getNodeParameter as (...a: unknown[]) => unknown)(...args);
						},
					},
				}) as IExecuteFunctions;
				const fast = outcome(() => getItemParameter(new Run(watched), name, itemIndex, '', options));
				const n8n = outcome(() => this.getNodeParameter(name, itemIndex, '', options));
				return {
					json: { fast, n8n, shortcut: evaluated.length === 0 } as unknown as IDataObject,
					pairedItem: { item: itemIndex },
				};
			}),
		];
	}
}

registerTestNodeType(PROBE, new ParameterProbe());

const ITEMS: IDataObject[] = [
	{ field: 'tok-ABC.123' },
	{ field: '  spaced  ' },
	{ field: '' },
	{ field: '={{ 1 + 1 }}' },
	{ field: 12345 },
	{ field: 0 },
	{ field: true },
	{ field: null },
	{ field: { nested: 'x' } },
	{ field: ['a'] },
	{ other: 'no field here' },
	{ constructor: 'own constructor', prototype: 'own prototype', field: 'x' },
	{ field_2: 'underscored', Field: 'capital' },
];

async function probe(parameter: 'text' | 'locator', value: unknown) {
	const run = await runWorkflow(
		chainWorkflow(ITEMS, [
			{ name: 'Probe', type: PROBE, parameters: { parameter, [parameter]: value } as INodeParameters },
		]),
		{},
	);
	const error = run.error();
	if (error) throw error;
	return run.output('Probe').map((item) => item.json as { fast: Outcome; n8n: Outcome; shortcut: boolean });
}

describe("getItemParameter gives what n8n's getNodeParameter gives", () => {
	const SHORTCUT = ['={{ $json.field }}', '={{$json.field}}', '={{   $json.field   }}'];
	const NO_SHORTCUT = [
		'=Bearer {{ $json.field }}',
		'={{ $json.field }} ',
		'={{ $json.field.trim() }}',
		'={{ $json["field"] }}',
		'={{ $json.constructor }}',
		'={{ $json.prototype }}',
		'={{ $json.Field }}x',
		'={{ $("Start").item.json.field }}',
	];
	// n8n gives a fixed value as it is, so the shortcut takes it for every item.
	const FIXED = ['fixed value', '$json.field', '', ' = not an expression', 42, 0, false];

	it.each([...SHORTCUT, ...NO_SHORTCUT, ...FIXED, '={{ $json.field_2 }}', '={{ $json.Field }}'])(
		'text parameter %j: same value or error for every item',
		async (value) => {
			const rows = await probe('text', value);
			expect(rows).toHaveLength(ITEMS.length);
			for (const row of rows) expect(row.fast).toEqual(row.n8n);
		},
	);

	it('takes the shortcut exactly where the mapping is $json.<field> and the field is text', async () => {
		for (const value of SHORTCUT) {
			const rows = await probe('text', value);
			const taken = rows.map((row) => row.shortcut);
			expect(taken).toEqual(ITEMS.map((item) => typeof item.field === 'string'));
		}
		for (const value of NO_SHORTCUT) {
			const rows = await probe('text', value);
			expect(rows.filter((row) => row.shortcut)).toEqual([]);
		}
		for (const value of FIXED) {
			const rows = await probe('text', value);
			expect(rows.map((row) => row.shortcut)).toEqual(ITEMS.map(() => true));
			expect(rows.map((row) => row.fast)).toEqual(ITEMS.map(() => ({ value })));
		}
	});

	it.each([
		{ mode: 'id', value: '={{ $json.field }}', shortcut: true },
		{ mode: 'list', value: '={{ $json.field }}', shortcut: true },
		{ mode: 'url', value: '={{ $json.field }}', shortcut: false },
		{ mode: 'id', value: 'acc-fixed', shortcut: false },
	])('picker in mode $mode with $value: same value or error, shortcut $shortcut', async ({ mode, value, shortcut }) => {
		const rows = await probe('locator', { __rl: true, mode, value });
		for (const row of rows) expect(row.fast).toEqual(row.n8n);
		expect(rows.map((row) => row.shortcut)).toEqual(ITEMS.map((item) => shortcut && typeof item.field === 'string'));
	});

	it('reads an ID saved as a plain string in a picker (older workflows) the same way', async () => {
		const rows = await probe('locator', '={{ $json.field }}');
		for (const row of rows) expect(row.fast).toEqual(row.n8n);
		expect(rows[0].fast).toEqual({ value: 'tok-ABC.123' });
	});
});

describe("the package's parameters keep the fixed-value shortcut exact", () => {
	/** Every parameter that declares validateType, nested ones (collections, fixed collections) included. */
	const validated = (properties: unknown[]): string[] =>
		properties.flatMap((property) => {
			const { name, validateType, options, values } = property as {
				name?: string;
				validateType?: unknown;
				options?: unknown[];
				values?: unknown[];
			};
			return [
				...(validateType !== undefined ? [String(name)] : []),
				...validated(Array.isArray(options) ? options : []),
				...validated(Array.isArray(values) ? values : []),
			];
		});

	it('no parameter of its nodes declares validateType, which n8n checks a fixed value against', () => {
		const dapi = new Dapi();
		const nodes: INodeType[] = [
			...Object.values(dapi.nodeVersions),
			new DapiRequest(),
			new DapiTrigger(),
			new DapiConnectTrigger(),
		];
		const properties = nodes.flatMap((node) => node.description.properties);
		expect(properties.length).toBeGreaterThan(50);
		expect(validated(properties)).toEqual([]);
		// The check would see one: a nested option that declares it.
		expect(validated([{ name: 'options', options: [{ name: 'when', validateType: 'dateTime' }] }])).toEqual(['when']);
	});
});
