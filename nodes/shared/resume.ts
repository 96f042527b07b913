import type { IDataObject, INodeProperties } from 'n8n-workflow';

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
		description: 'Answers to the bank\'s prompts, sent with the Operation ID',
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
						description: 'The prompt\'s ID: otp, pin, secret_question, captcha, confirmation, token or multiple_choice',
					},
					{
						displayName: 'Index',
						name: 'index',
						type: 'number',
						default: 0,
						description: 'The prompt\'s index (0 when the bank asked one thing)',
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

export interface ResumeOptions {
	operationID?: string;
	userInputs?: { input?: Array<{ id: string; index: number; answer: string }> };
}

/** Adds the resume fields to a body as the SDKs send them; returns the answers, which are secrets. */
export function addResumeFields(body: IDataObject, options: ResumeOptions): string[] {
	const operationID = options.operationID?.trim();
	if (operationID) body.operationID = operationID;
	const answers = options.userInputs?.input ?? [];
	if (answers.length > 0) body.userInputs = answers.map(({ id, index, answer }) => ({ id, index, answer }));
	return answers.map(({ answer }) => answer);
}
