import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.ts';

// Whole messages as people write them, in English, French and German, with what must be
// redacted (in order) and the near misses that must survive untouched.
const MESSAGES: { text: string; redacted: string; kept?: string[] }[] = [
  {
    text: 'Hallo, ich bin unter 0171 2345678 erreichbar, oder per Mail an j.schmidt@beispiel.de. Meine IBAN ist DE89 3704 0044 0532 0130 00. Die Rechnung Nr. 2024-0815 über 1.250,00 € ist am 15.03.2024 fällig.',
    redacted:
      'Hallo, ich bin unter [PHONE_1] erreichbar, oder per Mail an [EMAIL_1]. Meine IBAN ist [IBAN_1]. Die Rechnung Nr. 2024-0815 über 1.250,00 € ist am 15.03.2024 fällig.',
  },
  {
    text: "Bonjour, voici mon numéro : 06 12 34 56 78. Mon IBAN : FR76 3000 6000 0112 3456 7890 189. Ma commande n° 4839201745 du 12/03/2024 (montant 89,90 €) n'est pas arrivée. NIR 2 69 02 2A 341 732 14.",
    redacted:
      "Bonjour, voici mon numéro : [PHONE_1]. Mon IBAN : [IBAN_1]. Ma commande n° 4839201745 du 12/03/2024 (montant 89,90 €) n'est pas arrivée. NIR [ID_1].",
  },
  {
    text: "Hi, it's John Carter. My SSN is 078-05-1120 and my card is 5555 5555 5555 4444. Call (415) 555-0132. Order #A-99812 shipped Mar 3, 2024; total $1,249.99.",
    redacted: "Hi, it's [TERM_1]. My SSN is [ID_1] and my card is [CARD_1]. Call [PHONE_1]. Order #A-99812 shipped Mar 3, 2024; total $1,249.99.",
  },
  {
    text: 'Our staging box is at 172.16.254.1 and prod at 2001:db8:85a3::8a2e:370:7334. Use token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 and https://admin:Sup3rS3cret@staging.example.com/login.',
    redacted: 'Our staging box is at [IP_1] and prod at [IP_2]. Use token [SECRET_1] and [URL_1].',
  },
  {
    text: 'My NI number is AB 12 34 56 C and postcode SW1A 1AA; ring me on +44 7700 900077.',
    redacted: 'My NI number is [ID_1] and postcode SW1A 1AA; ring me on [PHONE_1].',
  },
  {
    text: 'DNI 12345678Z, NIE Y1234567X, teléfono +34 612 345 678. CF: RSSMRA85T10A562S, tel. +39 347 123 4567.',
    redacted: 'DNI [ID_1], NIE [ID_2], teléfono [PHONE_1]. CF: [ID_3], tel. [PHONE_2].',
  },
  {
    text: 'The webinar is on 2024-06-01 at 10:00 CET. Ticket 4521-8890. Release 3.2.1 fixes bug 12345. The room fits 1200 people.',
    redacted: 'The webinar is on 2024-06-01 at 10:00 CET. Ticket 4521-8890. Release 3.2.1 fixes bug 12345. The room fits 1200 people.',
  },
  {
    text: 'Kreditkarte 4000 0012 3456 7890 (Luhn falsch) und IBAN DE00 1234 5678 9012 3456 78 (falsch), Kontonummer 1234567890.',
    redacted: 'Kreditkarte 4000 0012 3456 7890 (Luhn falsch) und IBAN DE00 1234 5678 9012 3456 78 (falsch), Kontonummer 1234567890.',
  },
  {
    text: "Version 1.2.3.4.5 and 10.0.0.256 aren't addresses; release 4.2.1.0 replaces 4.1.9.9; after the update 10.0.0.5 is down.",
    redacted: "Version 1.2.3.4.5 and 10.0.0.256 aren't addresses; release 4.2.1.0 replaces 4.1.9.9; after the update [IP_1] is down.",
  },
  {
    text: 'Meine Steuer-ID ist 12 345 678 901 und meine Handynummer +49 170 1234567. Log: ts=1710511234567, 2.500.000 Euro.',
    redacted: 'Meine Steuer-ID ist 12 345 678 901 und meine Handynummer [PHONE_1]. Log: ts=1710511234567, 2.500.000 Euro.',
  },
  {
    text: 'Projet Orion pour ACME : envoyez le devis à Marie Dupont (marie.dupont@acme.fr) avant le 30/06.',
    redacted: 'Projet [TERM_2] pour [TERM_3] : envoyez le devis à [TERM_4] ([EMAIL_1]) avant le 30/06.',
  },
];

describe('whole messages', () => {
  it('redacts what is personal and keeps the near misses, in EN, FR and DE', () => {
    const redactor = new Redactor({ terms: ['John Carter', 'Orion', 'Acme', 'Marie Dupont'] });
    for (const m of MESSAGES) {
      const r = redactor.redact(m.text);
      expect(r.text.replace(/_\d+\]/g, '_n]'), m.text).toBe(m.redacted.replace(/_\d+\]/g, '_n]'));
      expect(r.restore(r.text)).toBe(m.text);
    }
  });
});
