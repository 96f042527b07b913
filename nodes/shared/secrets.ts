const MASK = '[redacted]';

/** Shorter values would mask ordinary words and numbers; Dapi's secrets and codes are far longer. */
const MIN_SECRET_LENGTH = 4;
/**
 * Below this length (OTPs, PINs) a secret is masked only where it stands alone: "123456" inside
 * "784-1991-1234567-1" is part of an ID number, not an echoed answer, and masking it would corrupt
 * the bank's data.
 */
const SHORT_SECRET_LENGTH = 12;

/** Deeper answers are cut off rather than walked: nothing Dapi sends nests this far. */
const MAX_DEPTH = 64;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every spelling under which a secret can come back in a response: as sent, escaped inside a JSON
 * string, and URL-encoded (both with %20 and with + for spaces).
 */
function spellings(secret: string): string[] {
	const jsonEscaped = JSON.stringify(secret).slice(1, -1);
	const urlEncoded = encodeURIComponent(secret);
	return [secret, jsonEscaped, urlEncoded, urlEncoded.replace(/%20/g, '+')];
}

/** Scrubs the secrets one call knows from any text or JSON value that came back from the network. */
export class Redactor {
	/** Every spelling of every secret, longest first, so a secret that contains another is masked whole. */
	private readonly spellings: string[];
	private compiled: RegExp | undefined;

	constructor(secrets: Array<string | undefined>) {
		const all = new Set<string>();
		for (const secret of secrets) {
			if (typeof secret === 'string' && secret.trim().length >= MIN_SECRET_LENGTH) {
				for (const spelling of spellings(secret)) all.add(spelling);
			}
		}
		this.spellings = [...all].sort((a, b) => b.length - a.length);
	}

	text(text: string): string {
		// Nearly every text holds no secret: a substring search says so without building the pattern.
		if (!this.spellings.some((spelling) => text.includes(spelling))) return text;
		return text.replace(this.pattern(), MASK);
	}

	private pattern(): RegExp {
		this.compiled ??= new RegExp(
			this.spellings
				.map((spelling) =>
					spelling.length < SHORT_SECRET_LENGTH
						? `(?<![A-Za-z0-9])${escapeRegExp(spelling)}(?![A-Za-z0-9])`
						: escapeRegExp(spelling),
				)
				.join('|'),
			'g',
		);
		return this.compiled;
	}

	/**
	 * A parsed JSON value with every string (keys included) scrubbed. Only what holds a secret is
	 * copied (a whole answer was copied before, twice its memory for each window of transactions);
	 * an object of any other kind than a plain one (e.g. the HTTP client's headers) always becomes one.
	 */
	value<T>(value: T): T {
		return (this.spellings.length > 0 ? this.walk(value, 0) : value) as T;
	}

	private walk(value: unknown, depth: number): unknown {
		if (typeof value === 'string') return this.text(value);
		if (typeof value !== 'object' || value === null) return value;
		if (depth >= MAX_DEPTH) return MASK;
		if (Array.isArray(value)) {
			let copy: unknown[] | undefined;
			value.forEach((entry, index) => {
				const scrubbed = this.walk(entry, depth + 1);
				if (scrubbed !== entry && !copy) copy = value.slice(0, index);
				copy?.push(scrubbed);
			});
			return copy ?? value;
		}
		const entries = Object.entries(value);
		let copy = Object.getPrototypeOf(value) === Object.prototype ? undefined : ({} as Record<string, unknown>);
		entries.forEach(([key, entry], index) => {
			const name = this.text(key);
			const scrubbed = this.walk(entry, depth + 1);
			if (!copy && (name !== key || scrubbed !== entry)) {
				copy = {};
				for (const [earlierKey, earlier] of entries.slice(0, index)) setField(copy, earlierKey, earlier);
			}
			if (copy) setField(copy, name, scrubbed);
		});
		return copy ?? value;
	}
}

/** Defined, not assigned: a "__proto__" key in an answer stays a plain field and changes no prototype. */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__')
		Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	else target[key] = value;
}

/** Replaces every occurrence of the given secrets, so text from Dapi or the network can be shown safely. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	return new Redactor(secrets).text(text);
}

/** Body field names whose values are secrets whoever sends them (Dapi Request sends what the user typed). */
const SECRET_FIELD = /secret|token|password|^(accessCode|code|otp|pin|answer|passcode)$/i;

/** The values of secret-looking fields anywhere in a request body, to be scrubbed from its answer. */
export function secretValuesIn(body: unknown, depth = 0): string[] {
	if (typeof body !== 'object' || body === null || depth > MAX_DEPTH) return [];
	const found: string[] = [];
	for (const [key, value] of Object.entries(body)) {
		if (typeof value === 'string' && SECRET_FIELD.test(key)) found.push(value);
		else if (typeof value === 'object') found.push(...secretValuesIn(value, depth + 1));
	}
	return found;
}
