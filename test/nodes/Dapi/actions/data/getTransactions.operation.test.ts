import { DAY, inclusiveDays } from '../../../../support/dates';
import { dateWindows } from '../../../../../nodes/Dapi/actions/data/getTransactions.operation';

describe('dateWindows', () => {
	it('covers the range with consecutive windows of at most the given size, including a leap day', () => {
		expect(dateWindows('2024-02-28', '2024-03-01', 2)).toEqual([
			{ fromDate: '2024-02-28', toDate: '2024-02-29' },
			{ fromDate: '2024-03-01', toDate: '2024-03-01' },
		]);
	});

	it('is one window when the range is shorter than the size', () => {
		expect(dateWindows('2024-05-01', '2024-05-10', 90)).toEqual([{ fromDate: '2024-05-01', toDate: '2024-05-10' }]);
	});

	it('never overlaps, never leaves a gap, and never exceeds the size', () => {
		const windows = dateWindows('2019-03-15', '2024-11-02', 90);
		windows.forEach((window, i) => {
			expect(inclusiveDays(window.fromDate, window.toDate)).toBeLessThanOrEqual(90);
			if (i > 0) expect(Date.parse(window.fromDate) - Date.parse(windows[i - 1].toDate)).toBe(DAY);
		});
		expect(windows[0].fromDate).toBe('2019-03-15');
		expect(windows[windows.length - 1].toDate).toBe('2024-11-02');
	});
});
