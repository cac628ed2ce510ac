import { formatInteger, formatMean, formatNumber, formatRate, formatScore, formatShare, toNumber } from './numbers';

describe('numbers in Vietnamese', () => {
  it('groups thousands with a dot and writes the decimal comma', () => {
    expect(formatInteger(1234)).toBe('1.234');
    expect(formatInteger(15000)).toBe('15.000');
    expect(formatNumber(96.5)).toBe('96,5');
    expect(formatNumber(1234.5678)).toBe('1.234,5678');
    expect(formatNumber(2.54, 1)).toBe('2,5');
  });
  it('writes scores with up to 2 decimals and averages with exactly 2', () => {
    expect(formatScore(27.5)).toBe('27,5');
    expect(formatScore(100)).toBe('100');
    expect(formatMean(88.875)).toBe('88,88');
    expect(formatMean(85)).toBe('85,00');
    expect(formatMean('88.88')).toBe('88,88');
  });
  it('writes rates and shares with the sign right after the number', () => {
    expect(formatRate(33.333)).toBe('33,3%');
    expect(formatRate(25)).toBe('25%');
    expect(formatRate(96.5)).toBe('96,5%');
    expect(formatShare(33.333)).toBe('33,33%');
  });
  it('leaves missing values empty and never writes -0', () => {
    expect(formatMean(null)).toBe('');
    expect(formatRate(undefined)).toBe('');
    expect(formatScore(Number.NaN)).toBe('');
    expect(formatMean(-0.001)).toBe('0,00');
    expect(formatInteger(-0)).toBe('0');
  });
  it('reads numbers from numeric strings only', () => {
    expect(toNumber('12.5')).toBe(12.5);
    expect(toNumber('—')).toBeNull();
    expect(toNumber('')).toBeNull();
    expect(toNumber(Infinity)).toBeNull();
  });
});
