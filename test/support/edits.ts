/** Values one character away from another, for tests that a changed value is always refused. */

/** Characters tried in edits: the base64url alphabet, the other base64 ones, the separator and whitespace. */
const EDIT_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. \n';

/** Every value one character away from `value` (appended, inserted, changed or removed), at positions from `from`. */
export function oneCharacterEdits(value: string, from = 0): string[] {
	const edits: string[] = [];
	for (let at = from; at <= value.length; at++) {
		for (const character of EDIT_CHARACTERS) {
			edits.push(value.slice(0, at) + character + value.slice(at));
			if (at < value.length && value[at] !== character) {
				edits.push(value.slice(0, at) + character + value.slice(at + 1));
			}
		}
		if (at < value.length) edits.push(value.slice(0, at) + value.slice(at + 1));
	}
	return edits;
}
