// The Idempotency Key (docs/idempotency.md): its fields, the item's key, n8n's store and the guarded send.
export { forgetAttempts } from './attempts';
export { readKeyGuard, readKeyText, type KeyGuard } from './guard';
export { alreadySentToOutput, idempotencyKeyProperty, idempotencyOptions, outputsWithAlreadySent } from './properties';
export { sendOncePerKey, type AlreadySent } from './sendOncePerKey';
export { releaseKey, STORE_HISTORY } from './store';
