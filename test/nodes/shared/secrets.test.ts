import { Redactor, secretValuesIn } from '../../../nodes/shared/secrets';

describe('Redactor', () => {
	const secret = 'app-secret/with+plus "quoted" & more';

	it('masks a secret in its raw, JSON-escaped and URL-encoded spellings', () => {
		const redactor = new Redactor([secret]);
		const text = `raw ${secret} json ${JSON.stringify(secret).slice(1, -1)} url ${encodeURIComponent(secret)} form ${encodeURIComponent(secret).replace(/%20/g, '+')}`;
		expect(redactor.text(text)).toBe('raw [redacted] json [redacted] url [redacted] form [redacted]');
	});

	it('walks parsed JSON, keys included, and leaves other values alone', () => {
		const redactor = new Redactor([secret]);
		expect(redactor.value({ [secret]: [1, { msg: `x ${secret}` }, null, true] })).toEqual({
			'[redacted]': [1, { msg: 'x [redacted]' }, null, true],
		});
	});

	it("masks a short secret (an OTP) only where it stands alone, never inside the bank's numbers", () => {
		const redactor = new Redactor(['123456']);
		expect(redactor.text('OTP 123456 was wrong')).toBe('OTP [redacted] was wrong');
		expect(redactor.text('"123456"')).toBe('"[redacted]"');
		expect(redactor.text('784-1991-1234567-1 +971501234567 a123456')).toBe('784-1991-1234567-1 +971501234567 a123456');
	});

	it('masks a long secret anywhere, even inside other text', () => {
		const redactor = new Redactor(['tokenvalue-0123456789']);
		expect(redactor.text('xxtokenvalue-0123456789yy')).toBe('xx[redacted]yy');
	});

	it('copies only what holds a secret: an answer without one comes back as it is', () => {
		const redactor = new Redactor([secret]);
		const clean = { transactions: [{ amount: 1, description: 'coffee' }], meta: { page: 1 } };
		expect(redactor.value(clean)).toBe(clean);
		const answer = { transactions: [{ amount: 1 }, { description: `x ${secret}` }], meta: { page: 1 } };
		const scrubbed = redactor.value(answer);
		expect(scrubbed).toEqual({ transactions: [{ amount: 1 }, { description: 'x [redacted]' }], meta: { page: 1 } });
		expect(scrubbed).not.toBe(answer);
		expect(scrubbed.meta).toBe(answer.meta);
		expect(scrubbed.transactions[0]).toBe(answer.transactions[0]);
		expect(answer.transactions[1].description).toBe(`x ${secret}`);
	});

	it('turns an object of another kind (the HTTP client headers) into a plain one, even without a secret', () => {
		class Headers {
			'content-type' = 'application/json';
		}
		const headers = new Headers();
		const plain = new Redactor([secret]).value(headers);
		expect(plain).not.toBe(headers);
		expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
		expect(plain).toEqual({ 'content-type': 'application/json' });
	});

	it('ignores values too short or blank to be secrets', () => {
		expect(new Redactor(['abc', '   ', undefined]).text('abc   ')).toBe('abc   ');
	});
});

describe('secretValuesIn', () => {
	it('finds secret-looking fields anywhere in a body, not ordinary codes', () => {
		expect(
			secretValuesIn({
				accessCode: 'c1',
				connectionID: 'x',
				swiftCode: 'DAPI',
				nested: { userSecret: 's1', userInputs: [{ id: 'otp', answer: 'a1' }] },
				password: 'p1',
			}).sort(),
		).toEqual(['a1', 'c1', 'p1', 's1']);
	});
});

describe('answers that try to be clever', () => {
	it('a "__proto__" key stays a plain field of the copy and changes no prototype', () => {
		const parsed = JSON.parse('{"__proto__": {"polluted": "secret-value-123"}, "ok": 1}') as object;
		const copy = new Redactor(['secret-value-123']).value(parsed) as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
		expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: '[redacted]' });
	});
});
