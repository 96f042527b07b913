// The errors a call can end with: the node's own input, Dapi's failure answers, and answers that were lost.
export {
	DAPI_OWN_LIMIT,
	inputError,
	madeNothing,
	stoppedBeforeSending,
	type DapiFailure,
	type ErrorExplanation,
	type ExplainFailure,
	type FailedCallOutcome,
} from './failure';
export { dapiApiError } from './dapiAnswer';
export { noAnswerError, unreadableAnswerError, type CallContext } from './lostAnswer';
