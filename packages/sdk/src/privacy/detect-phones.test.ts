import { describe, expect, it } from 'vitest';
import { foundOf } from './test-support.ts';

const phones = (text: string): string[] => foundOf('phone', text);

// Each country: national formats as people write them, then the international form.
const BY_COUNTRY: Record<string, string[]> = {
  US: [
    '(212) 555-0123',
    '212-555-0123',
    '212.555.0123',
    '1-800-555-0199',
    '(555) 123-4567',
    '2125550123',
    '+1 212 555 0123',
    '+1-212-555-0123',
    '+1 (212) 555-0123',
  ],
  CA: ['(416) 555-0123', '604-555-0199', '+1 604 555 0199'],
  GB: ['020 7946 0958', '07700 900123', '07911 123456', '0113 496 0000', '+44 20 7946 0958', '+44 (0)20 7946 0958', '+44 7700 900123', '+447911123456'],
  FR: [
    '06 12 34 56 78',
    '01 23 45 67 89',
    '06.12.34.56.78',
    '06-12-34-56-78',
    '0612345678',
    '+33 6 12 34 56 78',
    '+33 (0)1 23 45 67 89',
    '0033 6 12 34 56 78',
    '+33612345678',
  ],
  DE: [
    '030 12345678',
    '0170 1234567',
    '0151/23456789',
    '089/123456',
    '030 1234567',
    '+49 30 12345678',
    '+49 (0)30 1234567',
    '0049 151 23456789',
    '+49 151 23456789',
  ],
  ES: ['612 34 56 78', '612 345 678', '91 123 45 67', '612345678', '+34 612 345 678', '+34 91 123 45 67'],
  IT: ['333 1234567', '06 1234 5678', '02 1234 5678', '+39 06 1234 5678', '+39 333 123 4567'],
  NL: ['06 12345678', '020 123 4567', '010-1234567', '+31 6 12345678', '+31 20 123 4567'],
  BE: ['0470 12 34 56', '02 123 45 67', '+32 470 12 34 56', '+32 2 123 45 67'],
  CH: ['079 123 45 67', '044 668 18 00', '+41 79 123 45 67', '0041 44 668 18 00'],
  AU: ['0412 345 678', '(02) 9876 5432', '02 9876 5432', '+61 412 345 678', '+61 2 9876 5432'],
  IN: ['98765 43210', '9876543210', '098765 43210', '+91 98765 43210', '+91-11-2345-6789'],
  BR: ['(11) 91234-5678', '(21) 2345-6789', '11 91234-5678', '+55 11 91234-5678', '+55 (21) 2345-6789'],
  JP: ['03-1234-5678', '090-1234-5678', '06-6123-4567', '+81 3-1234-5678', '+81 90 1234 5678'],
};

describe('phones', () => {
  for (const [country, numbers] of Object.entries(BY_COUNTRY)) {
    it(`finds ${country} numbers, national and international`, () => {
      for (const n of numbers) expect(phones(`Call me on ${n} tomorrow.`), n).toEqual([n]);
    });
  }

  it('keeps the surrounding punctuation out of the span', () => {
    expect(phones('Tel.: 06 12 34 56 78.')).toEqual(['06 12 34 56 78']);
    expect(phones('(06 12 34 56 78)')).toEqual(['06 12 34 56 78']);
    expect(phones('tel:+33612345678')).toEqual(['+33612345678']);
    expect(phones('Mobile: +44 (0)7700 900 123 ext. 12')).toEqual(['+44 (0)7700 900 123']);
    expect(phones('(+91) 98765 43210')).toEqual(['(+91) 98765 43210']);
    expect(phones('+33 06 12 34 56 78 and +49 (0) 30 / 123 456 78')).toEqual(['+33 06 12 34 56 78', '+49 (0) 30 / 123 456 78']);
  });

  it('splits numbers joined by a slash or a dash with spaces', () => {
    expect(phones('020 7946 0958 / 07700 900123')).toEqual(['020 7946 0958', '07700 900123']);
    expect(phones('+33 6 12 34 56 78 - +33 1 23 45 67 89')).toEqual(['+33 6 12 34 56 78', '+33 1 23 45 67 89']);
  });

  it('takes a seven-digit local number only after a phone word', () => {
    expect(phones('call me at 555-0199 please')).toEqual(['555-0199']);
    expect(phones('room 555-0199')).toEqual([]);
  });

  it('keeps near misses: references, dates, times, amounts, versions, counts', () => {
    const nearMisses = [
      'Order #12345678 shipped',
      'order 4839201745 shipped',
      'Your order number is 2125550123.',
      'commande n° 0612345678',
      'N° de commande : 0612345678',
      'numéro client 0123456789',
      'Ihre Kundennummer lautet 0301234567',
      'Bestellnummer 030123456',
      'Rechnung Nr. 4711-0815 über 1.299,00 EUR',
      'invoice 2024-00123',
      'order 112-3456789-1234567',
      'Tracking 1Z999AA10123456784',
      'ISBN 978-3-16-148410-0',
      'IMEI 356938035643809',
      'on 2024-03-15, 15/03/2024, 15.03.2024, 03-15-2024 or 20240315',
      'from 2019-2023',
      'at 12:30:45',
      "total €1,234.56, 1.234,56 €, $12,500, 12 345 678 EUR, CHF 1'234.50",
      'version 10.0.19045.3570, v2.3.1',
      'population 12 345 678 people, 3,000,000 users',
      'postcode 75008 Paris, 10115 Berlin',
      'pi is 3.14159265358',
      'ratio 1:2:3 and range 10-20-30',
      'the 20240315 build',
      'code 12345678 and 20 24 03 15',
    ];
    for (const text of nearMisses) expect(phones(text), text).toEqual([]);
  });

  it('needs a phone word before a bare run of digits without a trunk prefix', () => {
    expect(phones('ref 2125550123 and 9876543210 and 612345678')).toEqual([]);
    expect(phones('my number is 2125550123')).toEqual(['2125550123']);
    expect(phones('WhatsApp: 9876543210')).toEqual(['9876543210']);
  });

  it('keeps grouped numbers that fit no national plan of the countries tried', () => {
    for (const text of ['We sold 412 34 56 78 units', 'Steuer-ID 12 345 678 901', 'total 100 200 300', 'IDs 123 45 67 89'])
      expect(phones(text), text).toEqual([]);
  });

  it('does not read a digit run glued to letters, a decimal or a path as a phone', () => {
    expect(phones('ID A0612345678')).toEqual([]);
    expect(phones('0612345678abc')).toEqual([]);
    expect(phones('1.0612345678')).toEqual([]);
    expect(phones('0,0612345678')).toEqual([]);
    expect(phones('see https://shop.example/item/0612345678 now')).toEqual([]);
  });

  it('respects the country list', () => {
    expect(foundOf('phone', '612 34 56 78', { phoneCountries: ['FR'] })).toEqual([]);
    expect(foundOf('phone', '612 34 56 78', { phoneCountries: ['ES'] })).toEqual(['612 34 56 78']);
  });
});
