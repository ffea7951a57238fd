import { describe, expect, it } from 'vitest';
import { codiceFiscaleValid, nirValid, ssnValid } from './detect-ids.ts';
import { found, foundOf } from './test-support.ts';

const ids = (text: string): string[] => foundOf('id', text);

describe('ids', () => {
  it('US SSN with dashes or spaces, and bare only after an SSN label', () => {
    expect(ids('SSN 123-45-6789, also 078-05-1120 or 123 45 6789')).toEqual(['123-45-6789', '078-05-1120', '123 45 6789']);
    expect(ids('Her SSN is 123456789.')).toEqual(['123456789']);
    expect(ids('Reference 123456789.')).toEqual([]);
  });

  it('keeps SSN shapes the SSA never issues', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '123-00-4567', '123-45-0000']) {
      expect(found(`SSN ${bad}`), bad).toEqual([]);
    }
    expect(ssnValid('123', '45', '6789')).toBe(true);
  });

  it('French NIR with its key, spaced or solid, Corsica included', () => {
    expect(ids('NIR 1 85 05 78 006 084 91 ou 185057800608491')).toEqual(['1 85 05 78 006 084 91', '185057800608491']);
    expect(ids('sécu 2 69 02 2A 341 732 14 et 1 75 02 2B 123 456 17')).toEqual(['2 69 02 2A 341 732 14', '1 75 02 2B 123 456 17']);
    expect(nirValid('185057800608436')).toBe(false);
    expect(found('NIR 1 85 05 78 006 084 36')).toEqual([]);
  });

  it('UK NINO with the published prefix rules', () => {
    // QQ is HMRC's example prefix, never issued: the published rules exclude it.
    expect(ids('NI number AB 12 34 56 C, JG103759A, QQ123456C')).toEqual(['AB 12 34 56 C', 'JG103759A']);
    for (const bad of ['GB123456A', 'DA123456A', 'AO123456A', 'AB123456E', 'ZZ123456A']) expect(ids(bad), bad).toEqual([]);
  });

  it('Spanish DNI and NIE with their check letters', () => {
    expect(ids('DNI 12345678Z, 12345678-Z, 12.345.678-Z, 87654321X')).toEqual(['12345678Z', '12345678-Z', '12.345.678-Z', '87654321X']);
    expect(ids('NIE X1234567L, Y-1234567-X, Z7654321H')).toEqual(['X1234567L', 'Y-1234567-X', 'Z7654321H']);
    expect(ids('DNI 12345678A, NIE X1234567A')).toEqual([]);
  });

  it('Italian codice fiscale with its check character', () => {
    expect(ids('CF RSSMRA85T10A562S e MRTMTT91D08F205J')).toEqual(['RSSMRA85T10A562S', 'MRTMTT91D08F205J']);
    expect(ids('CF RSSMRA85T10A562T')).toEqual([]);
    expect(codiceFiscaleValid('RSSMRA85T10A562S')).toBe(true);
  });
});
