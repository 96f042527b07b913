import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { readWholeNumber } from './numbers';
import type { NodeRun } from './run';

/**
 * The fields that resume an operation after the bank asked for input: Dapi takes the same body again
 * with the operationID and the answers as userInputs [{id, index, answer}].
 */
export const resumeProperties: INodeProperties[] = [
	{
		displayName: 'Operation ID',
		name: 'operationID',
		type: 'string',
		default: '',
		description:
			'To resume after the bank asked for input (status user_input_required): its operationID, sent with the answers below',
	},
	{
		displayName: 'User Inputs',
		name: 'userInputs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Answer',
		default: {},
		description: "Answers to the bank's prompts, sent with the Operation ID",
		options: [
			{
				name: 'input',
				displayName: 'Answer',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: 'otp',
						description: "The prompt's ID: otp, pin, secret_question, captcha, confirmation, token or multiple_choice",
					},
					{
						displayName: 'Index',
						name: 'index',
						type: 'number',
						default: 0,
						description: "The prompt's index (0 when the bank asked one thing)",
					},
					{
						displayName: 'Answer',
						name: 'answer',
						type: 'string',
						typeOptions: { password: true },
						default: '',
					},
				],
			},
		],
	},
];

/** The operationID the options resume, trimmed; empty when the item starts a new operation. */
export const resumedOperationID = (options: ResumeOptions): string =>
	typeof options.operationID === 'string' ? options.operationID.trim() : '';

export interface ResumeOptions {
	operationID?: string;
	userInputs?: { input?: Array<{ id?: unknown; index?: unknown; answer?: unknown }> };
}

/** Adds the resume fields to a body as the SDKs send them; returns the answers, which are secrets. */
export function addResumeFields(run: NodeRun, itemIndex: number, body: IDataObject, options: ResumeOptions): string[] {
	const operationID = resumedOperationID(options);
	if (operationID) body.operationID = operationID;
	const inputs = Array.isArray(options.userInputs?.input) ? options.userInputs.input : [];
	const answers = inputs.map((input, position) => {
		const id = typeof input.id === 'string' ? input.id.trim() : '';
		if (!id) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				`User Inputs → Answer ${position + 1} has no ID`,
				"Give the prompt's id from the Needs User Input item, e.g. otp.",
			);
		}
		const index = readWholeNumber(run, itemIndex, input.index ?? 0, {
			label: `User Inputs → Answer ${position + 1} → Index`,
			min: 0,
			max: 99,
		})!;
		const answer =
			typeof input.answer === 'number' ? String(input.answer) : typeof input.answer === 'string' ? input.answer : '';
		return { id, index, answer };
	});
	if (answers.length > 0) body.userInputs = answers;
	return answers.map(({ answer }) => answer);
}
