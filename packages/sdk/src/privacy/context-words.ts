/**
 * Words that say the number after them is a reference, not a phone or a card: order, invoice,
 * tracking numbers and the like, in English, French, German, Spanish, Italian and Dutch.
 * Matched right before the number, with an optional "number"/"no."/"#"/":" in between.
 */
const REFERENCE_WORDS = [
  'order',
  'orders',
  'invoice',
  'inv',
  'ref',
  'reference',
  'ticket',
  'tracking',
  'shipment',
  'parcel',
  'package',
  'booking',
  'reservation',
  'confirmation',
  'transaction',
  'receipt',
  'po',
  'sku',
  'isbn',
  'ean',
  'gtin',
  'upc',
  'imei',
  'serial',
  'batch',
  'lot',
  'model',
  'part',
  'sn',
  's/n',
  'vat',
  'tva',
  'siret',
  'siren',
  'commande',
  'facture',
  'réf',
  'référence',
  'colis',
  'suivi',
  'dossier',
  'contrat',
  'réservation',
  'reçu',
  'quittance',
  'bestellung',
  'bestellnummer',
  'bestell-nr',
  'bestellnr',
  'rechnung',
  'rechnungsnummer',
  'rechnungs-nr',
  'auftrag',
  'auftragsnummer',
  'auftrags-nr',
  'kundennummer',
  'kunden-nr',
  'kundennr',
  'sendungsnummer',
  'sendung',
  'vorgang',
  'vorgangsnummer',
  'buchung',
  'buchungsnummer',
  'vertragsnummer',
  'aktenzeichen',
  'lieferschein',
  'quittung',
  'artikelnummer',
  'artikel-nr',
  'steuernummer',
  'ust-idnr',
  'pedido',
  'factura',
  'ordine',
  'fattura',
  'bestelling',
  'bestelnummer',
  'factuur',
  'ordernummer',
  'referentie',
  'pratica',
  'riferimento',
  'referencia',
  'expediente',
  'kontonummer',
  'konto-nr',
  'kontonr',
  'bankleitzahl',
  'blz',
  'steuer-id',
  'steuer-idnr',
  'steueridentifikationsnummer',
  'swift',
  'bic',
  'routing',
  'sort code',
  'tax id',
];
// These name a reference only when a "number" word follows: "customer no. 123", not "customer 06 12 34 56 78".
const WEAK_REFERENCE_WORDS = [
  'customer',
  'client',
  'account',
  'acct',
  'case',
  'item',
  'article',
  'member',
  'membership',
  'policy',
  'claim',
  'contract',
  'kunden',
  'mitglieds',
  'versicherungs',
  'police',
  'adhérent',
  'cliente',
  'klant',
  'product',
  'produkt',
  'compte',
  'konto',
  'versicherten',
  'patient',
  'patienten',
  'dossier',
  'fall',
  'vertrag',
];

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first, and whole words only, so "ref" never stops a match short of "reference".
const words = (list: readonly string[]): string =>
  `(?:${[...list]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\p{L}])`;

const NUMBER_WORDS = words(['number', 'num', 'nr', 'no', 'n°', 'nº', 'no°', 'numéro', 'numero', 'nummer', 'número', 'id', 'code', '#']);

// "numéro de commande", "number of the order", "Nummer der Rechnung": the number word first.
const OF = "(?:de\\s+la|de\\s+l'|de|du|des|d'|der|des|of|the|del|della|di|van|de)";
const ALL_WORDS = words([...REFERENCE_WORDS, ...WEAK_REFERENCE_WORDS]);
// "… is", "… lautet", "… est": a verb between the label and the number.
const VERB = '(?:\\s+(?:is|was|est|était|ist|lautet|war|es|è|e|sera))?';

const REFERENCE_LABEL =
  `(?<![\\p{L}\\p{N}_])(?:${words(REFERENCE_WORDS)}\\.?(?:[\\s-]*${NUMBER_WORDS}\\.?)?|` +
  `${words(WEAK_REFERENCE_WORDS)}[\\s-]*${NUMBER_WORDS}\\.?|` +
  `${NUMBER_WORDS}\\.?\\s*(?:${OF}\\s*)*${ALL_WORDS}|#)${VERB}[\\s:=#-]*`;

/** Matches a reference label that ends right where the text was cut. */
export const REFERENCE_BEFORE = new RegExp(`${REFERENCE_LABEL}$`, 'iu');
/** Every reference label in a text, for one forward pass. */
export const REFERENCE_LABELS = new RegExp(REFERENCE_LABEL, 'giu');

const PHONE_WORDS = words([
  'phone',
  'telephone',
  'tel',
  'tél',
  'téléphone',
  'telefon',
  'telefono',
  'teléfono',
  'telefoon',
  'mobile',
  'mobil',
  'mob',
  'handy',
  'cell',
  'cellulare',
  'móvil',
  'movil',
  'portable',
  'fax',
  'ph',
  'call',
  'ring',
  'dial',
  'text',
  'whatsapp',
  'sms',
  'appeler',
  'appelez',
  'appelle',
  'rappeler',
  'joindre',
  'joignable',
  'anrufen',
  'ruf',
  'rufnummer',
  'erreichbar',
  'llamar',
  'llama',
  'chiamare',
  'chiama',
  'bellen',
  'numéro',
  'number',
  'nummer',
  'número',
  'numero',
  'contact',
  'kontakt',
  'contacto',
  'contatto',
  'reach',
]);
/** A phone word shortly before the cut ("call me on", "Tel.:", "mon numéro est"). */
export const PHONE_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}_])${PHONE_WORDS}[^\\n\\d]{0,20}$`, 'iu');

/** True when `re` (anchored with `$`) matches the up-to-`window` characters before `at`. */
export function precededBy(text: string, at: number, re: RegExp, window = 40): boolean {
  return re.test(text.slice(Math.max(0, at - window), at));
}

// A dotted quad shortly after these is a version ("release 4.2.1.0, then 4.3.0.0"), unless an
// address word is there too ("the release server at 10.0.0.53"). "Update", "upgrade" and "build" are left
// out: "after the update, 10.0.0.5 is down" is an address.
const VERSION_WORDS = /(?<![\p{L}])(?:version|versions|versión|versione|release|firmware|changelog)/iu;
const ADDRESS_WORDS = new RegExp(
  `(?<![\\p{L}])${words([
    'ip',
    'ips',
    'ipv4',
    'ipv6',
    'server',
    'serveur',
    'host',
    'hôte',
    'address',
    'adresse',
    'dns',
    'gateway',
    'passerelle',
    'subnet',
    'netmask',
    'ping',
    'ssh',
    'router',
    'routeur',
    'proxy',
    'vpn',
    'firewall',
    'localhost',
  ])}`,
  'iu',
);

/** True when the words just before `at` speak of versions rather than of network addresses. */
export function versionContext(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 30), at);
  return VERSION_WORDS.test(before) && !ADDRESS_WORDS.test(before);
}
