const MASK = '[redacted]';

/** Replaces every occurrence of the given secrets, so text from Dapi or the network can be shown safely. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let safe = text;
	for (const secret of secrets) {
		// Very short values would mask ordinary words; real Dapi secrets are long.
		if (typeof secret === 'string' && secret.length >= 6) {
			safe = safe.split(secret).join(MASK);
		}
	}
	return safe;
}
