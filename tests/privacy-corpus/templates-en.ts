// English message templates. Each returns one message as text parts and labelled spans.
import {
  CLIENTS, M, PROJECTS, amount, dateRange, buildVersion, bic, bookingRef, card, cardLuhnFail, cardMasked, codiceFiscale, commitHash, customerNo, date, dni, dniBadLetter, email, FEMALE_IT,
  filename, flight, handle, iban, ibanChecksumFail, int, invoice, ip, ipInvalid, isbn, keyPrefixWord, m, nie, nino, ninoInvalid, order, percent, person, phone, pick,
  pkgVersion, plainUrl, postalCode, roleEmail, secret, secretEnvName, secretPlaceholder, shortCode, ssn, ssnInvalid, ticket, time, time24s, tracking, url, uuid, version,
  workDomain, officeLines, nextPhoneCountry, timeRange, type Part,
} from './lib.ts';
import type { Ctx } from './generate-corpus.ts';

const L = 'en';
const US_ZIP = (): Part => M('postal-code', pick(['94105', '10001', '60614', '30309', '78701']));
const expiry = (): Part => M('date', `${String(int(1, 12)).padStart(2, '0')}/${int(26, 31)}`);

export const EN: ((c: Ctx) => Part[])[] = [
  // Invoice with bank details.
  (c) => {
    const me = person(L), you = person(L, me);
    const client = c.term(pick(CLIENTS.en));
    const cc = pick(['GB', 'IE', 'GB'] as const);
    return m`Hi ${you.first},

Please find attached invoice ${invoice(L)} for the ${client} rebrand, dated ${date(L)}. The total comes to ${amount(L, 'large')} including VAT, payable within 30 days.

Bank details for the transfer:
Account name: ${me.full} Design Ltd
IBAN: ${iban(cc)}
BIC: ${bic(cc)}

Please quote the invoice number as the payment reference. Any questions, give me a ring on ${phone('GB')}.

Thanks,
${me.full}
${email(L, me, 'work')}`;
  },
  // Card declined, customer writes to support.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    return m`Hello,

I tried to pay for order ${order(L)} yesterday and the payment of ${amount(L, 'medium')} was declined twice. The card I used is ${card()}, expiry ${expiry()}. In my account it only shows a card ${cardMasked()}, so I'm not sure which one your system is trying to charge.

Could someone call me back on ${phone()}? I'm around after ${time(L)}.

Many thanks,
${me.full}`;
  },
  // Introduction with contact details; the user's name is a term.
  (c) => {
    const me = person(L), you = person(L, me);
    c.term(me.full);
    const co = pick(['Harbourline', 'Stonebridge Legal', 'Quillworks']);
    return m`Hi ${you.first},

Lovely to meet you at the conference on ${date(L)}. As promised, here are my details so we can pick up the conversation about the pilot.

${me.full}
Head of Partnerships, ${co}
Mobile: ${phone(pick(['GB', 'US', 'AU', 'CA', 'IN']))}
Office: ${phone()}
Email: ${email(L, me, 'work')}
221 Harbour Road, ${postalCode(L)}

I'm free most of next week; ${time(L)} on Thursday would suit me best.

Best wishes,
${me.full}`;
  },
  // Incident report with IPs.
  (_c) => {
    const me = person(L);
    const [from, to] = timeRange(L);
    return m`Subject: Incident summary: elevated 502s on the API gateway

Team,

Between ${from} and ${to} UTC the gateway at ${ip(4)} returned 502s for roughly ${percent(L, [2, 30])} of requests. The upstream node ${ip(6)} got stuck after the ${version()} deploy (commit ${commitHash()}). We rolled back and the error rate was back to normal within ten minutes.

Most of the failing traffic came from ${ip(4)} and ${ip()}, which we've rate-limited for now. The log line "${time24s()} upstream timed out" repeats a few thousand times, nothing else stands out. Timeline and graphs are in ticket ${ticket()}; status page: ${plainUrl('status')}

— ${me.first}, on call this week`;
  },
  // Staging .env pasted in chat.
  (_c) => {
    const s1 = secret(), s2 = secret();
    return m`${handle()} here's the staging env until we move everything into the vault. Please don't paste it anywhere else:

DATABASE_URL=${url(pick(['credentials-postgres', 'credentials-mongodb']))}
${secretEnvName(s1)}=${s1}
${secretEnvName(s2)}=${s2}
CACHE_URL=${url('credentials-redis')}
DEPLOY_REPO=${url('credentials-git')}
ALLOWED_IPS=${ip(4)},${ip(4)}

The .env.example still says ${secretPlaceholder()} everywhere, that's expected. We're on ${pkgVersion()} now.`;
  },
  // Password reset / magic link email.
  (_c) => {
    const you = person(L);
    const link = url(pick(['token', 'auth', 'token']));
    return m`Hi ${you.first},

We received a request to reset the password for your Quillworks account (${email(L, you)}). Use the link below within 60 minutes to choose a new password:

${link}

If you didn't ask for this, you can safely ignore this email; your password won't change. Need help? Visit ${M('url-plain', 'https://help.quillworks.io/account/security')} or reply to this message.

The Quillworks team`;
  },
  // HR onboarding, US.
  (c) => {
    const me = person(L), you = person(L, me);
    c.term(you.full);
    return m`Hi ${you.first},

Welcome aboard! Before your first day on ${date(L)}, HR needs you to confirm a few details. This is what we have on file, please reply if anything is wrong:

Full name: ${you.full}
SSN: ${ssn()}
Mobile: ${phone(pick(['US', 'CA']))}
Personal email: ${email(L, you, 'personal')}
Mailing ZIP: ${US_ZIP()}

Payroll runs twice a month and your first payslip will be available on the portal (${M('url-plain', pick(['https://payroll.harbourline.com/payslips', 'https://portal.quillworks.io/hr/payslips?year=current']))}).

Best,
${me.full}
People Operations`;
  },
  // HR onboarding, UK.
  (c) => {
    const me = person(L), you = person(L, me), kin = person(L, me, you);
    if (c.chance(0.6)) c.term(you.full);
    return m`Dear ${you.full},

To get you set up on payroll before ${date(L)}, could you double-check the following? Our payroll provider is based in Dublin, so they need an IBAN rather than a sort code.

National Insurance number: ${nino()}
IBAN for salary payments: ${iban(pick(['GB', 'IE']))}
Emergency contact: ${kin.full}, ${phone('GB')}

Your probation review is pencilled in for ${date(L)}. If any of the above is out of date, just reply to this email.

Kind regards,
${me.full}
People Team`;
  },
  // Shipping notification, no entities.
  (_c) => {
    const you = person(L);
    const window = timeRange(L);
    return m`Subject: Your order ${order(L)} is on its way!

Hi ${you.first},

Good news: your parcel has left our warehouse. Tracking number: ${tracking()}. You can follow it at ${plainUrl('tracking')}

Order total: ${amount(L, 'medium')} (incl. delivery)
Delivering to: ${postalCode(L)}
Estimated delivery: ${date(L)}, between ${window[0]} and ${window[1]}

Not home? The courier will leave a card with a pickup point. Questions about your order? Quote ${order(L)} when you get in touch.

Happy shopping!`;
  },
  // Meeting rescheduling; project name sometimes a term.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.en);
    if (c.chance(0.5)) c.term(project);
    const moved = dateRange(L);
    return m`Hi all,

Can we move the ${project} review from ${moved[0]} to ${moved[1]}? Same time, ${time(L)}, in the big meeting room. Priya can't make the original slot and I'd rather not do it without her.

Agenda stays the same: the numbers from last quarter (conversion is up ${percent(L, [1, 15])}), the roadmap, and hiring. Please bring your updated estimates.

Thanks,
${me.first}`;
  },
  // Project status update: project and client terms.
  (c) => {
    const me = person(L), you = person(L, me);
    const project = c.term(pick(PROJECTS.en));
    const client = c.term(pick(CLIENTS.en));
    return m`Subject: ${project}: weekly update

Hi ${you.first},

Quick update on ${project} for ${client}:

• Release ${version()} went out on ${date(L)}; crash-free sessions are at ${percent(L, [96, 99])}.
• ${client} signed off the checkout redesign, so the remaining budget goes to the reporting work.
• We bumped the SDK to ${version()} to pick up the memory fix.
• Next milestone: ${version()} on ${date(L)}.

Nothing blocking right now. I'll send the demo recording for ${project} once it's edited.

Cheers,
${me.first}`;
  },
  // Bookshop order, ISBNs.
  (_c) => {
    const me = person(L);
    return m`Hello,

I'd like to order the following titles for our reading group:

- ${isbn()} (paperback), 6 copies
- ${isbn()}, 4 copies
- ${isbn()}, 1 copy for the library

Please invoice us on account ${customerNo()}, as last time (${invoice(L)}). We'd need them by ${date(L)} if possible. Delivery to the usual address, ${postalCode(L)}.

Thank you,
${me.full}
Riverside Book Club`;
  },
  // Travel confirmation.
  (c) => {
    const you = person(L);
    if (c.chance(0.5)) c.term(you.last);
    const [out, back] = dateRange(L);
    return m`Dear ${you.first} ${you.last},

Your booking ${bookingRef()} is confirmed.

Flight ${flight()} departs on ${out} at ${time(L)}; please be at the gate 40 minutes before departure. Your return flight ${flight()} leaves on ${back}.

Hotel: The Grand Quay, check-in from ${time(L)}. Front desk: ${phone()}. Emergency number at your destination: ${shortCode(L, 'emergency')}.

A copy of this confirmation has been sent to ${email(L, you, 'personal')}. Total charged: ${amount(L, 'large')} to the card ${cardMasked()}.

Safe travels!`;
  },
  // Short chat messages.
  (c) => {
    const you = person(L);
    return pick<() => Part[]>([
      () => m`call me on ${phone()} when you land, the office line is down`,
      () => m`can you ssh into ${ip()} and restart the worker? the ${time(L)} deploy broke it again`,
      () => m`temp key for the demo: ${secret()} — I'll revoke it tonight`,
      () => m`shared the export here: ${url(pick(['sig', 'access_token', 'signature']))} (link expires tomorrow)`,
      () => m`my new email is ${email(L, you, 'personal')}, the old one got hacked 🙄`,
      () => m`new company card is ${card()}, can you update it in the AWS account before ${date(L)}?`,
      () => { c.term(you.first); return m`thanks ${you.first}! see you at ${time(L)} 👍`; },
      () => m`the build is green again (${version()}), merging now`,
      () => m`lunch at ${time(L)}? the usual place, it's ${percent(L)} off on Fridays`,
    ])();
  },
  // IBAN that fails its checksum, then the right one.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Hi ${you.first},

Our bank bounced the transfer for invoice ${invoice(L)}: the IBAN printed on it, ${ibanChecksumFail()}, fails the checksum, so there must be a typo somewhere. Could you confirm your account details?

If it's the one from your earlier email, ${iban()}, I'll resend the ${amount(L, 'large')} today.

Best,
${me.full}
Accounts Payable`;
  },
  // API support ticket with a key in a header.
  (_c) => {
    const me = person(L);
    const build = buildVersion();
    return m`Subject: 401 from the export endpoint since this morning

Hi support,

Since ${time(L)} every call to your export endpoint returns 401. We send the key in the header:

  Authorization: Bearer ${secret()}

We also tried passing it in the query string, ${url(pick(['api_key', 'apikey', 'key']))}, with the same result. Our egress IPs are ${ip(4)} and ${ip(6)}, both on the allowlist. Request ID of a failing call: ${uuid()}. We're on SDK ${version()}, ${build.product} ${build.v}.

I followed ${plainUrl('docs')} to the letter. Anything changed on your side?

Thanks,
${me.full}
${roleEmail('platform', workDomain(L))}`;
  },
  // Relocation file with Spanish and Italian identifiers.
  (_c) => {
    const me = person(L), es = person('es'), it = person('it');
    return m`Hi team,

For ${es.full}'s relocation file we still need the Spanish ID. The scan shows ${dni()}, but the portal rejected what we typed in, ${dniBadLetter()}, so that was a typo on our side. The NIE from the previous assignment was ${nie()}.

For the Milan office: ${it.full}'s codice fiscale is ${codiceFiscale(it, FEMALE_IT.has(it.first))}. The accountant there says it must match the tessera sanitaria exactly.

Thanks,
${me.first}`;
  },
  // Personal message, no entities.
  (_c) => {
    const you = person(L);
    return m`Hey ${you.first}! 🎉

Is dinner on ${date(L)} still on? I booked a table for ${time(L, [18, 20])} at the Italian place on the corner; it's about ${amount(L, 'small')} a head with wine. Sam might come later, she's stuck at work until ${time(L, [19, 21])}.

Also, did you see the energy bill went up ${percent(L)}?! We need to talk about the heating 😅 And Mum's cough is better, I rang ${shortCode(L, 'service')} in the end and they were lovely.

xx`;
  },
  // Gift card that fails Luhn.
  (_c) => {
    const me = person(L);
    return m`Hello,

I received one of your gift cards for my birthday but the balance shows as zero on your website. The number on the back is ${cardLuhnFail(pick(['spaces', 'plain']))}. It was bought on ${date(L)} for ${amount(L, 'small')}, order ${order(L)}.

Could you check whether it was activated? Thanks a lot.

${me.full}`;
  },
  // Newsletter, no entities.
  (_c) => {
    const hours = timeRange(L, [9, 10], [7, 9]);
    return m`This month at Harbourline

Spring sale: ${percent(L, [10, 50])} off all outdoor furniture until ${date(L)}. Members get free delivery on orders over ${amount(L, 'small')}.

New in: the Coastline lounger (${amount(L, 'medium')}) and our bestselling parasol, now in sage green. Read the care guide at ${plainUrl('shop')}

Store hours over the holiday weekend: ${hours[0]} to ${hours[1]}.

To stop receiving texts from us, reply STOP or text STOP to ${shortCode(L, 'sms')}.`;
  },
  // QA test data: deliberately invalid identifiers.
  (_c) => {
    const me = person(L);
    return m`Hi QA,

For the pass on the onboarding form, please only use the dummy values below. They're deliberately invalid, so they can never belong to a real person:

- SSN: ${ssnInvalid()}
- NI number: ${ninoInvalid()}
- Card: ${cardLuhnFail()}
- IBAN: ${ibanChecksumFail()}

Expected behaviour: inline error on each field, no request sent. Screenshots go in ${ticket()}, and please attach the ${filename()} fix too.

${me.first}`;
  },
  // Leaked key in a commit.
  (_c) => {
    const me = person(L);
    return m`Heads up: the secret scanner flagged commit ${commitHash()} in the website repo. It contained a live key, ${secret()}, in config/prod.yml.

I've revoked it and rotated to a new one that only lives in the vault. The rotation was ${keyPrefixWord(L)} as far as I can tell, nothing else used that key. Still, please pull before your next push and don't copy keys from ${plainUrl('tech')} into code.

${me.first}`;
  },
  // Shared file link with signature.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Hi ${you.first},

Here's the signed contract as promised: ${url(pick(['sig', 'signature', 'access_token', 'code']))}

The link stops working on ${date(L)}, so download it before then. If it doesn't open, email me at ${email(L, me, 'work')} and I'll send it as an attachment instead.

Also, the server in the old office (${ipInvalid()} according to the sticker, which can't be right) can be switched off, right?

Best,
${me.full}`;
  },
  // Regional contact list: one phone per office, cycling through all countries.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.en);
    if (c.chance(0.5)) c.term(project);
    const lines = officeLines(L, 5, me);
    return m`Subject: Regional contacts for the ${project} rollout

Hi everyone,

Here's the updated list of regional leads for the rollout. Office hours vary, so please only use these numbers for urgent issues:

${lines}
Anything not urgent goes through ${ticket()} as usual.

Thanks,
${me.full}`;
  },
  // Deposit charged to a card.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    const stay = dateRange(L);
    return m`Dear reservations team,

Please hold the room from ${stay[0]} to ${stay[1]} (booking ${bookingRef()}) and charge the deposit of ${amount(L, 'medium')} to my card: ${card()}, expiry ${expiry()}, name on card ${me.full}. If that one is declined, please use my business card ${card()} instead.

In case you need to reach me while I'm travelling: ${phone(nextPhoneCountry())}.

Kind regards,
${me.full}`;
  },
];
