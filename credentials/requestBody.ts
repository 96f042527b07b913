import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * The request with `fields` added to its JSON body, as n8n's generic authenticate adds body fields.
 * A body that is not a plain JSON object (raw text in n8n's HTTP Request node) is left as it is.
 */
export function withBodyFields(requestOptions: IHttpRequestOptions, fields: IDataObject): IHttpRequestOptions {
	const { body } = requestOptions;
	if (
		body !== undefined &&
		(typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype)
	)
		return requestOptions;
	return { ...requestOptions, body: { ...(body as IDataObject | undefined), ...fields } };
}
