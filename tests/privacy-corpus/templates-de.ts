// Deutsche Nachrichtenvorlagen.
import {
  CLIENTS, M, PROJECTS, amount, dateRange, buildVersion, bic, bookingRef, card, cardLuhnFail, cardMasked, cfBadCheck, codiceFiscale, commitHash, customerNo, date, email, FEMALE_IT, flight,
  handle, iban, ibanChecksumFail, int, invoice, ip, isbn, keyPrefixWord, m, nie, nino, ninoInvalid, order, percent, person, phone, pick, pkgVersion, plainUrl, postalCode,
  roleEmail, secret, secretEnvName, secretPlaceholder, shortCode, ssn, ssnInvalid, ticket, time, time24s, tracking, url, uuid, vatId, version, workDomain, dni, officeLines, nextPhoneCountry, timeRange, nirWithTypo, FEMALE, 
  type Part,
} from './lib.ts';
import type { Ctx } from './generate-corpus.ts';

const L = 'de';
const expiry = (): Part => M('date', `${String(int(1, 12)).padStart(2, '0')}/${int(26, 31)}`);

export const DE: ((c: Ctx) => Part[])[] = [
  // Rechnung mit Bankverbindung.
  (c) => {
    const me = person(L), you = person(L, me);
    const client = c.term(pick(CLIENTS.de));
    const cc = pick(['DE', 'DE', 'AT', 'CH'] as const);
    return m`Hallo ${you.first},

anbei die Rechnung ${invoice(L)} vom ${date(L)} für die Website von ${client} über ${amount(L, 'large')}. Zahlbar innerhalb von 14 Tagen ohne Abzug.

Bankverbindung:
Kontoinhaber: ${me.full}
IBAN: ${iban(cc)}
BIC: ${bic(cc)}
USt-IdNr.: ${vatId('DE')}

Bitte gib die Rechnungsnummer als Verwendungszweck an. Bei Fragen erreichst du mich unter ${phone(cc === 'CH' ? 'CH' : 'DE')}.

Viele Grüße
${me.full}
${email(L, me, 'work')}`;
  },
  // Karte abgelehnt.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    return m`Guten Tag,

ich wollte gestern die Bestellung ${order(L)} bezahlen, aber die Zahlung über ${amount(L, 'medium')} wurde zweimal abgelehnt. Verwendet habe ich die Karte ${card()}, gültig bis ${expiry()}. In meinem Kundenkonto sehe ich nur eine Karte ${cardMasked()}, daher weiß ich nicht, welche Sie belasten.

Könnten Sie mich unter ${phone(pick(['DE', 'CH', 'NL']))} zurückrufen? Ab ${time(L)} bin ich erreichbar.

Vielen Dank
${me.full}`;
  },
  // Vorstellung mit Kontaktdaten; der Name des Nutzers ist ein Begriff.
  (c) => {
    const me = person(L), you = person(L, me);
    c.term(me.full);
    return m`Hallo ${you.first},

schön, dass wir uns auf der Messe am ${date(L)} kennengelernt haben. Wie versprochen hier meine Kontaktdaten, damit wir das Thema Pilotprojekt weiterverfolgen können:

${me.full}
Leitung Partnerschaften, Rheinwerk IT
Mobil: ${phone(pick(['DE', 'CH', 'NL', 'BE']))}
Festnetz: ${phone()}
E-Mail: ${email(L, me, 'work')}
Hafenstraße 12, ${postalCode(L)}

Nächste Woche habe ich fast durchgehend Zeit, am liebsten Donnerstag gegen ${time(L)}.

Beste Grüße
${me.full}`;
  },
  // Störungsbericht.
  (_c) => {
    const me = person(L);
    const [from, to] = timeRange(L);
    return m`Betreff: Störung am ${date(L)} – 502-Fehler am API-Gateway

Hallo zusammen,

zwischen ${from} und ${to} hat das Gateway ${ip(4)} bei etwa ${percent(L, [2, 30])} der Anfragen 502 geliefert. Der Upstream-Knoten ${ip(6)} hing nach dem Deployment von ${version()} (Commit ${commitHash()}). Wir haben zurückgerollt, nach rund zehn Minuten war alles wieder normal.

Der meiste fehlerhafte Traffic kam von ${ip()} und ${ip(4)}, beide sind vorerst gedrosselt. Im Log wiederholt sich „${time24s()} upstream timed out" tausende Male. Zeitverlauf im Ticket ${ticket()}, Statusseite: ${plainUrl('status')}

${me.first} (Rufbereitschaft)`;
  },
  // .env im Chat.
  (_c) => {
    const s1 = secret(), s2 = secret();
    return m`${handle()} hier die Staging-.env, bis alles im Vault liegt. Bitte nirgendwo anders einfügen:

DATABASE_URL=${url(pick(['credentials-postgres', 'credentials-mongodb', 'credentials-amqp']))}
${secretEnvName(s1)}=${s1}
${secretEnvName(s2)}=${s2}
BACKUP_URL=${url('credentials-ftp')}
MONITORING_URL=${url('credentials-https')}
ERLAUBTE_IPS=${ip(4)},${ip(6)}

In der .env.example steht überall noch ${secretPlaceholder()}, das passt so. Wir sind jetzt auf ${pkgVersion()}.`;
  },
  // Passwort zurücksetzen.
  (_c) => {
    const you = person(L);
    return m`Hallo ${you.first},

wir haben eine Anfrage zum Zurücksetzen des Passworts für dein Rheinwerk-Konto (${email(L, you)}) erhalten. Über den folgenden Link kannst du innerhalb von 60 Minuten ein neues Passwort festlegen:

${url(pick(['token', 'auth', 'token']))}

Falls du das nicht warst, ignoriere diese E-Mail einfach, dein Passwort bleibt unverändert. Hilfe findest du unter ${M('url-plain', 'https://hilfe.rheinwerk-it.de/konto/sicherheit')}

Dein Rheinwerk-Team`;
  },
  // Onboarding einer spanischen Kollegin: NIE, IBAN.
  (c) => {
    const me = person(L), es = person('es');
    if (c.chance(0.6)) c.term(es.full);
    return m`Hallo ${es.first},

herzlich willkommen! Damit zum ${date(L)} alles für deinen Start in Madrid bereit ist, prüfe bitte folgende Angaben:

NIE: ${nie()}
DNI: ${dni()}
IBAN für die Gehaltszahlung: ${iban(pick(['ES', 'ES', 'DE'] as const))}
Mobil: ${phone('ES')}

Die Lohnabrechnung läuft über unseren Dienstleister in Spanien. Falls etwas nicht stimmt, antworte einfach auf diese Mail.

Viele Grüße
${me.full}
Personalabteilung`;
  },
  // Versandbestätigung, ohne Entitäten.
  (_c) => {
    const you = person(L);
    const window = timeRange(L);
    return m`Betreff: Deine Bestellung ${order(L)} ist unterwegs

Hallo ${you.first},

gute Nachrichten: Dein Paket hat heute unser Lager verlassen. Sendungsnummer: ${tracking()}. Sendungsverfolgung unter ${plainUrl('tracking')}

Gesamtbetrag: ${amount(L, 'medium')}
Lieferadresse: ${postalCode(L)}
Voraussichtliche Zustellung: ${date(L)}, zwischen ${window[0]} und ${window[1]}

Nicht zu Hause? Dann geht das Paket an die nächste Filiale. Bei Fragen bitte die Bestellnummer ${order(L)} angeben.

Viel Freude mit deiner Bestellung!`;
  },
  // Terminverschiebung.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.de);
    if (c.chance(0.5)) c.term(project);
    const moved = dateRange(L);
    return m`Hallo zusammen,

können wir das ${project}-Review vom ${moved[0]} auf den ${moved[1]} verschieben? Gleiche Uhrzeit (${time(L)}), großer Besprechungsraum. Kerstin kann zum ursprünglichen Termin nicht und ohne sie möchte ich das ungern machen.

Agenda bleibt gleich: Zahlen aus dem letzten Quartal (Conversion plus ${percent(L, [1, 15])}), Roadmap, Recruiting. Wegen ${M('key-prefix-word', 'Desk-Sharing')} bitte vorher einen Platz buchen.

Danke
${me.first}`;
  },
  // Projektstand: Projekt und Kunde als Begriffe.
  (c) => {
    const me = person(L), you = person(L, me);
    const project = c.term(pick(PROJECTS.de));
    const client = c.term(pick(CLIENTS.de));
    return m`Betreff: ${project} – Wochenstatus

Hi ${you.first},

kurzer Stand zu ${project} für ${client}:

• Release ${version()} ist seit ${date(L)} live, crashfreie Sitzungen bei ${percent(L, [96, 99])}.
• ${client} hat das neue Checkout abgenommen, das restliche Budget geht in die Reports.
• Nächster Meilenstein: ${version()} am ${date(L)}.

Aktuell nichts Blockierendes. Die Demo zu ${project} schicke ich, sobald sie geschnitten ist.

Gruß
${me.first}`;
  },
  // Buchbestellung: ISBN.
  (_c) => {
    const me = person(L);
    return m`Guten Tag,

für unseren Lesekreis möchte ich folgende Titel bestellen:

- ${isbn()} (Taschenbuch), 6 Exemplare
- ${isbn()}, 4 Exemplare
- ${isbn()}, 1 Exemplar für die Stadtbücherei

Bitte wie beim letzten Mal (${invoice(L)}) auf unser Kundenkonto ${customerNo()} buchen. Lieferung möglichst bis ${date(L)}.

Mit freundlichen Grüßen
${me.full}
Lesekreis Eichenweg`;
  },
  // Reisebestätigung.
  (c) => {
    const you = person(L);
    if (c.chance(0.5)) c.term(you.last);
    const [out, back] = dateRange(L);
    return m`Sehr geehrte/r ${you.first} ${you.last},

Ihre Buchung ${bookingRef()} ist bestätigt.

Flug ${flight()} startet am ${out} um ${time(L)}; bitte seien Sie 40 Minuten vor Abflug am Gate. Rückflug mit ${flight()} am ${back}.

Hotel: Hotel am Kai, Check-in ab ${time(L)}. Rezeption: ${phone()}. Notruf vor Ort: ${shortCode(L, 'emergency')}.

Eine Kopie dieser Bestätigung wurde an ${email(L, you, 'personal')} gesendet. Belastet wurden ${amount(L, 'large')} auf der Karte ${cardMasked()}.

Gute Reise!`;
  },
  // Kurznachrichten.
  (c) => {
    const you = person(L);
    return pick<() => Part[]>([
      () => m`ruf mich unter ${phone(pick(['DE', 'CH', 'NL']))} an, wenn du gelandet bist, das Büro-Festnetz ist tot`,
      () => m`kannst du dich auf ${ip()} einloggen und den Worker neu starten? das Deployment um ${time(L)} hat ihn wieder zerschossen`,
      () => m`temporärer Key für die Demo: ${secret()} – ich widerrufe ihn heute Abend`,
      () => m`Export liegt hier: ${url(pick(['sig', 'access_token', 'signature']))} (Link läuft morgen ab)`,
      () => m`meine neue Adresse ist ${email(L, you, 'personal')}, die alte wurde gehackt 🙄`,
      () => m`neue Firmenkarte: ${card()}, kannst du die bis ${date(L)} im Hetzner-Konto hinterlegen?`,
      () => { c.term(you.first); return m`danke ${you.first}! dann bis ${time(L)} 👍`; },
      () => m`Build ist wieder grün (${version()}), ich merge`,
      () => m`Mittagessen um ${time(L)}? beim Italiener gibt's freitags ${percent(L)} Rabatt`,
    ])();
  },
  // IBAN mit falscher Prüfsumme.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Hallo ${you.first},

unsere Bank hat die Überweisung zur Rechnung ${invoice(L)} zurückgewiesen: Die angegebene IBAN ${ibanChecksumFail(pick(['DE', 'AT', 'CH'] as const))} besteht die Prüfziffernprüfung nicht, da muss sich ein Tippfehler eingeschlichen haben. Kannst du mir deine Bankverbindung bestätigen?

Falls es die aus deiner letzten Mail ist, ${iban()}, überweise ich die ${amount(L, 'large')} heute noch.

Viele Grüße
${me.full}
Kreditorenbuchhaltung`;
  },
  // API-Supportanfrage.
  (_c) => {
    const me = person(L);
    const build = buildVersion();
    return m`Betreff: 401 beim Export seit heute Morgen

Hallo Support,

seit ${time(L)} liefert jeder Aufruf eures Export-Endpunkts 401. Wir senden den Schlüssel im Header:

  Authorization: Bearer ${secret()}

Auch als Query-Parameter, ${url(pick(['api_key', 'apikey', 'key', 'refresh_token', 'client_secret']))}, kommt dasselbe Ergebnis. Unsere ausgehenden IPs sind ${ip(4)} und ${ip(6)}, beide stehen auf der Allowlist. Request-ID eines fehlgeschlagenen Aufrufs: ${uuid()}. SDK-Version ${version()}, ${build.product} ${build.v}.

Wir haben uns genau an ${plainUrl('docs')} gehalten. Hat sich bei euch etwas geändert?

Danke
${me.full}
${roleEmail('plattform', workDomain(L))}`;
  },
  // Entsendung nach UK/USA und Italien.
  (_c) => {
    const me = person(L), en = person('en'), it = person('it');
    return m`Hallo zusammen,

für die Entsendung von ${en.full} brauchen wir noch die britische Sozialversicherungsnummer: laut Unterlagen ${nino()}. Aus dem US-Projekt liegt außerdem noch eine SSN vor, ${ssn()}, die bitte nur in der Personalakte ablegen.

Für das Büro in Mailand: Der Codice Fiscale von ${it.full} lautet ${codiceFiscale(it, FEMALE_IT.has(it.first))}. Laut Steuerberater muss er exakt mit der Tessera Sanitaria übereinstimmen.

Danke
${me.first}`;
  },
  // Private Nachricht, ohne Entitäten.
  (_c) => {
    const you = person(L);
    return m`Hey ${you.first}! 🎉

Bleibt es beim Essen am ${date(L)}? Ich hab für ${time(L, [18, 20])} beim Italiener um die Ecke reserviert, mit Wein so ${amount(L, 'small')} pro Person. Jana kommt später nach, sie arbeitet bis ${time(L, [19, 21])}.

Hast du gesehen, dass die Stromrechnung um ${percent(L)} gestiegen ist?! Wir müssen über die Heizung reden 😅 Wegen Omas Husten hab ich übrigens die ${shortCode(L, 'service')} angerufen, die waren echt nett.

LG`;
  },
  // Kundenkarte / Gutschein, Luhn-ungültig.
  (_c) => {
    const me = person(L);
    return m`Guten Tag,

ich habe einen Ihrer Geschenkgutscheine zum Geburtstag bekommen, aber auf Ihrer Website wird ein Guthaben von null angezeigt. Die Nummer auf der Rückseite lautet ${cardLuhnFail(pick(['spaces', 'plain', 'dashes']))}. Gekauft wurde er am ${date(L)} für ${amount(L, 'small')}, Bestellung ${order(L)}.

Können Sie prüfen, ob er aktiviert wurde? Vielen Dank.

${me.full}`;
  },
  // Newsletter, ohne Entitäten.
  (_c) => {
    const hours = timeRange(L, [9, 10], [7, 9]);
    return m`Diesen Monat bei Gartenwelt

Frühjahrsaktion: ${percent(L, [10, 50])} Rabatt auf alle Gartenmöbel bis ${date(L)}. Mitglieder erhalten ab ${amount(L, 'small')} Bestellwert kostenlosen Versand.

Neu im Sortiment: die Liege „Ostsee" (${amount(L, 'medium')}) und unser beliebtester Sonnenschirm, jetzt in Salbeigrün. Pflegetipps unter ${plainUrl('shop')}

Öffnungszeiten am Pfingstwochenende: ${hours[0]} bis ${hours[1]}.

SMS-Newsletter abbestellen: STOP an ${shortCode(L, 'sms')}.`;
  },
  // Testdaten, absichtlich ungültig.
  (_c) => {
    const me = person(L), it = person('it');
    return m`Hallo QA,

für den Test des Registrierungsformulars bitte nur die folgenden Dummy-Werte verwenden. Sie sind absichtlich ungültig und können daher keiner realen Person gehören:

- SSN: ${ssnInvalid()}
- NINO: ${ninoInvalid()}
- Codice Fiscale: ${cfBadCheck(it)}
- Karte: ${cardLuhnFail()}

Erwartet: Fehlermeldung unter jedem Feld, kein Request. Screenshots bitte in ${ticket()}.

${me.first}`;
  },
  // Geleakter Schlüssel.
  (_c) => {
    const me = person(L);
    return m`Kurze Info: Der Secret-Scanner hat Commit ${commitHash()} im Website-Repo gemeldet. Darin stand ein aktiver Schlüssel, ${secret()}, in config/prod.yml.

Ich habe ihn widerrufen und durch einen neuen ersetzt, der nur noch im Vault liegt. Das ${keyPrefixWord(L)} ist informiert. Bitte vor dem nächsten Push pullen und keine Schlüssel aus ${plainUrl('tech')} in den Code kopieren.

${me.first}`;
  },
  // Dateifreigabe.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Hallo ${you.first},

hier wie besprochen der unterschriebene Vertrag: ${url(pick(['sig', 'signature', 'access_token', 'code']))}

Der Link funktioniert nur bis ${date(L)}, bitte vorher herunterladen. Falls er nicht aufgeht, schreib mir an ${email(L, me, 'work')}, dann schicke ich ihn als Anhang.

Viele Grüße
${me.full}
${phone(pick(['DE', 'CH']))}`;
  },
  // Regionale Ansprechpartner.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.de);
    if (c.chance(0.5)) c.term(project);
    const lines = officeLines(L, 5, me);
    return m`Betreff: Regionale Ansprechpartner für den ${project}-Rollout

Hallo zusammen,

hier die aktualisierte Liste der regionalen Ansprechpartner. Die Bürozeiten sind unterschiedlich, bitte diese Nummern nur in dringenden Fällen nutzen:

${lines}
Alles andere wie gewohnt über ${ticket()}.

Danke
${me.full}`;
  },
  // Anzahlung per Karte.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    const stay = dateRange(L);
    return m`Sehr geehrte Damen und Herren,

bitte halten Sie das Zimmer vom ${stay[0]} bis ${stay[1]} (Buchung ${bookingRef()}) für mich frei und belasten Sie die Anzahlung von ${amount(L, 'medium')} auf meiner Karte: ${card()}, gültig bis ${expiry()}, Karteninhaber ${me.full}. Falls sie abgelehnt wird, nehmen Sie bitte meine Firmenkarte ${card()}.

Unterwegs erreichen Sie mich unter ${phone(nextPhoneCountry())}.

Mit freundlichen Grüßen
${me.full}`;
  },
  // Grenzgänger: französische Sozialversicherungsnummer.
  (c) => {
    const me = person(L), you = person('fr');
    if (c.chance(0.6)) c.term(you.full);
    const [good, misread] = nirWithTypo({ sex: FEMALE.has(you.first) ? 2 : 1 });
    return m`Hallo ${you.first},

für deine Anmeldung als Grenzgänger brauchen wir noch deine französische Sozialversicherungsnummer. In deinem Formular steht ${good}, auf der Kopie der Carte Vitale lese ich aber ${misread}; der Schlüssel passt nur bei der ersten. Kannst du das bestätigen?

Dein Gehalt geht ab ${date(L)} auf ${iban('FR')}.

Viele Grüße
${me.full}
Personalabteilung`;
  },
];
