/** Day arithmetic on YYYY-MM-DD dates, for the tests of date windows. */
export const DAY = 24 * 60 * 60 * 1000;

/** The number of days from one date to another, both included. */
export const inclusiveDays = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY + 1;
