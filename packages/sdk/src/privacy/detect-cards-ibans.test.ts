import { describe, expect, it } from 'vitest';
import { found, foundOf, withLuhn } from './test-support.ts';

const cards = (text: string): string[] => foundOf('card', text);
const ibans = (text: string): string[] => foundOf('iban', text);

describe('cards', () => {
  const numbers = [
    '4111111111111111',
    '5555555555554444',
    '2223003122003222',
    '378282246310005',
    '6011111111111117',
    '3530111333300000',
    '30569309025904',
    '6200000000000005',
    '4222222222222',
    withLuhn('456789012345678901'),
  ];

  it('finds Luhn-valid numbers of 13 to 19 digits', () => {
    for (const n of numbers) expect(cards(`card ${n} exp 12/27`), n).toEqual([n]);
  });

  it('finds them in groups with spaces or dashes', () => {
    expect(cards('4111 1111 1111 1111 and 5555-5555-5555-4444')).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444']);
    expect(cards('Amex 3782 822463 10005, Diners 3056 930902 5904')).toEqual(['3782 822463 10005', '3056 930902 5904']);
    expect(cards('Visa 4222 2222 2222 2')).toEqual(['4222 2222 2222 2']);
  });

  it('does not swallow a CVV written after the number', () => {
    expect(cards('4111 1111 1111 1111 123')).toEqual(['4111 1111 1111 1111']);
  });

  it('keeps numbers that fail Luhn, are mis-grouped, or belong to a longer run', () => {
    for (const text of [
      '4111 1111 1111 1112',
      '1234 5678 9012 3456',
      '4111111111111112',
      '41111 11111 11111 1',
      '4111 1111-1111 1111',
      '54111111111111111111111',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('keeps a solid number that no card network starts with, like a millisecond timestamp', () => {
    const stamp = withLuhn('171051123456');
    expect(found(`ts=${stamp}`)).toEqual([]);
    expect(cards(`card ${stamp.replace(/(\d{4})/g, '$1 ').trim()}`)).toHaveLength(1);
  });

  it('keeps a Luhn-valid number labelled as an order or IMEI', () => {
    expect(found('order no. 4111111111111111')).toEqual([]);
    expect(found('IMEI 356938035643809')).toEqual([]);
  });
});

describe('ibans', () => {
  const valid = [
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'FR1420041010050500013M02606',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'CH9300762011623852957',
    'AT611904300234573201',
    'PL61109010140000071219812874',
    'PT50000201231234567890154',
    'IE29AIBK93115212345678',
    'LU280019400644750000',
    'NO9386011117947',
    'SE4550000000058398257466',
    'DK5000400440116243',
    'FI2112345600000785',
    'BR1800360305000010009795493C1',
    'SA0380000000608010167519',
  ];
  const grouped = (iban: string): string => iban.replace(/(.{4})/g, '$1 ').trim();

  it('finds valid IBANs of each country, solid and grouped by four', () => {
    for (const iban of valid) {
      expect(ibans(`IBAN: ${iban}.`), iban).toEqual([iban]);
      expect(ibans(`IBAN: ${grouped(iban)}.`), grouped(iban)).toEqual([grouped(iban)]);
    }
  });

  it('stops at the country length even when text follows', () => {
    expect(ibans('DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toEqual(['DE89 3704 0044 0532 0130 00']);
  });

  it('keeps IBAN-like strings that fail mod-97 or the length, and lets no phone or card out of them', () => {
    for (const text of [
      'DE89 3704 0044 0532 0130 01',
      'FR76 3000 6000 0112 3456 7890 188',
      'DE8937040044053201300',
      'DE89 3704 0044 0532 0130 001',
      'GB82 WEST 1234 5698 7654 33',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});
