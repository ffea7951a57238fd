// Modèles de messages en français.
import {
  CLIENTS, FEMALE, M, PROJECTS, amount, dateRange, buildVersion, bic, bookingRef, card, cardLuhnFail, cardMasked, codiceFiscale, commitHash, customerNo, date, dni, dniBadLetter, email, FEMALE_IT,
  flight, handle, iban, ibanChecksumFail, int, invoice, ip, isbn, keyPrefixWord, m, nie, nir, nirBadKey, order, percent, person, phone, pick, pkgVersion, plainUrl,
  postalCode, roleEmail, secret, secretEnvName, secretPlaceholder, shortCode, ticket, time, time24s, tracking, url, uuid, vatId, version, workDomain, officeLines, nextPhoneCountry, timeRange, type Part,
} from './lib.ts';
import type { Ctx } from './generate-corpus.ts';

const L = 'fr';
const expiry = (): Part => M('date', `${String(int(1, 12)).padStart(2, '0')}/${int(26, 31)}`);

export const FR: ((c: Ctx) => Part[])[] = [
  // Facture et coordonnées bancaires.
  (c) => {
    const me = person(L), you = person(L, me);
    const client = c.term(pick(CLIENTS.fr));
    return m`Bonjour ${you.first},

Vous trouverez ci-joint la facture ${invoice(L)} du ${date(L)} concernant la refonte du site de ${client}, pour un montant de ${amount(L, 'large')}. Le règlement est attendu sous 30 jours.

Coordonnées bancaires :
Titulaire : ${me.full} EI
IBAN : ${iban(pick(['FR', 'FR', 'BE', 'LU'] as const))}
BIC : ${bic('FR')}
N° TVA : ${vatId('FR')}

Merci d'indiquer le numéro de facture en référence du virement. Pour toute question, vous pouvez me joindre au ${phone('FR')}.

Bien cordialement,
${me.full}
${email(L, me, 'work')}`;
  },
  // Carte refusée.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    return m`Bonjour,

J'ai essayé de régler la commande ${order(L)} hier soir, mais le paiement de ${amount(L, 'medium')} a été refusé deux fois. J'ai utilisé la carte ${card()}, qui expire le ${expiry()}. Dans mon espace client, je ne vois qu'une carte ${cardMasked()}, je ne sais donc pas laquelle vous débitez.

Pouvez-vous me rappeler au ${phone(pick(['FR', 'BE', 'CH']))} ? Je suis disponible à partir de ${time(L)}.

Merci d'avance,
${me.full}`;
  },
  // Présentation et coordonnées ; le nom de l'utilisateur est un terme.
  (c) => {
    const me = person(L), you = person(L, me);
    c.term(me.full);
    return m`Bonjour ${you.first},

Ce fut un plaisir de faire votre connaissance au salon du ${date(L)}. Comme promis, voici mes coordonnées pour que nous puissions reparler du projet pilote.

${me.full}
Responsable des partenariats, Solvia
Portable : ${phone(pick(['FR', 'BE', 'CH', 'CA']))}
Fixe : ${phone()}
E-mail : ${email(L, me, 'work')}
12 rue des Lilas, ${postalCode(L)}

Je suis disponible presque toute la semaine prochaine, idéalement jeudi vers ${time(L)}.

Bien à vous,
${me.full}`;
  },
  // Compte rendu d'incident.
  (_c) => {
    const me = person(L);
    const [from, to] = timeRange(L);
    return m`Objet : Incident du ${date(L)} – erreurs 502 sur la passerelle

Bonjour à tous,

Entre ${from} et ${to}, la passerelle ${ip(4)} a renvoyé des erreurs 502 pour environ ${percent(L, [2, 30])} des requêtes. Le nœud amont ${ip(6)} est resté bloqué après le déploiement de la ${version()} (commit ${commitHash()}). Nous avons fait un retour arrière et tout est rentré dans l'ordre en une dizaine de minutes.

L'essentiel du trafic en erreur venait de ${ip()} ; l'adresse est limitée pour l'instant. Dans les logs, la ligne « ${time24s()} upstream timed out » revient des milliers de fois. Chronologie complète dans le ticket ${ticket()}, page de statut : ${plainUrl('status')}

${me.first}, d'astreinte cette semaine`;
  },
  // Fichier .env partagé dans le chat.
  (_c) => {
    const s1 = secret(), s2 = secret();
    return m`${handle()} voici le .env de recette en attendant la migration vers le coffre-fort. Merci de ne pas le recopier ailleurs :

DATABASE_URL=${url(pick(['credentials-postgres', 'credentials-mongodb', 'credentials-amqp']))}
${secretEnvName(s1)}=${s1}
${secretEnvName(s2)}=${s2}
DEPOT_GIT=${url('credentials-git')}
IP_AUTORISEES=${ip(4)},${ip()}

Le fichier .env.example contient encore ${secretPlaceholder()} partout, c'est normal. On est passés en ${pkgVersion()}.`;
  },
  // Réinitialisation du mot de passe.
  (_c) => {
    const you = person(L);
    return m`Bonjour ${you.first},

Nous avons reçu une demande de réinitialisation du mot de passe de votre compte Solvia (${email(L, you)}). Cliquez sur le lien ci-dessous dans les 60 minutes pour choisir un nouveau mot de passe :

${url(pick(['token', 'auth', 'token']))}

Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message ; votre mot de passe restera inchangé. Besoin d'aide ? Rendez-vous sur ${M('url-plain', 'https://aide.solvia.fr/compte/securite')}

L'équipe Solvia`;
  },
  // Embauche : NIR, IBAN, téléphone.
  (c) => {
    const me = person(L), you = person(L, me);
    if (c.chance(0.7)) c.term(you.full);
    return m`Bonjour ${you.full},

Bienvenue chez nous ! Pour préparer votre arrivée le ${date(L)}, le service RH a besoin de vérifier les informations suivantes :

N° de sécurité sociale : ${nir()}
IBAN pour le versement du salaire : ${iban(pick(['FR', 'FR', 'BE'] as const))}
Téléphone : ${phone('FR')}
Adresse e-mail personnelle : ${email(L, you, 'personal')}

Votre mutuelle sera active dès le premier jour. Merci de nous signaler toute erreur par retour de mail.

Cordialement,
${me.full}
Ressources humaines`;
  },
  // Commande expédiée, sans entité.
  (_c) => {
    const you = person(L);
    const window = timeRange(L);
    return m`Objet : Votre commande ${order(L)} a été expédiée

Bonjour ${you.first},

Bonne nouvelle : votre colis a quitté notre entrepôt le ${date(L)}. Numéro de suivi : ${tracking()}. Vous pouvez le suivre sur ${plainUrl('tracking')}

Montant total : ${amount(L, 'medium')}
Livraison : ${postalCode(L)}
Livraison estimée : ${date(L)}, entre ${window[0]} et ${window[1]}

En cas d'absence, le livreur déposera votre colis en point relais. Pour toute question, rappelez la référence ${order(L)}.

À bientôt !`;
  },
  // Déplacement de réunion.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.fr);
    if (c.chance(0.5)) c.term(project);
    const moved = dateRange(L);
    return m`Bonjour à tous,

Est-ce qu'on peut décaler la revue ${project} du ${moved[0]} au ${moved[1]} ? Même horaire (${time(L)}), salle Gutenberg. Margaux ne peut pas être là au créneau initial et je préfère ne pas la faire sans elle.

Ordre du jour inchangé : les chiffres du trimestre (la conversion a progressé de ${percent(L, [1, 15])}), la feuille de route et les recrutements.

Merci,
${me.first}`;
  },
  // Point projet : projet et client en termes.
  (c) => {
    const me = person(L), you = person(L, me);
    const project = c.term(pick(PROJECTS.fr));
    const client = c.term(pick(CLIENTS.fr));
    return m`Objet : ${project} – point hebdo

Salut ${you.first},

Petit point sur ${project} pour ${client} :

• La ${version()} est en production depuis le ${date(L)} ; ${percent(L, [96, 99])} des sessions sans plantage.
• ${client} a validé la nouvelle page de paiement, le reste du budget part sur les exports.
• Prochaine étape : ${version()} le ${date(L)}.

Rien de bloquant pour l'instant. Je t'envoie la démo de ${project} dès que le montage est fini.

À plus,
${me.first}`;
  },
  // Librairie : ISBN.
  (_c) => {
    const me = person(L);
    return m`Bonjour,

Je souhaiterais commander les ouvrages suivants pour notre club de lecture :

- ${isbn()} (poche), 6 exemplaires
- ${isbn()}, 4 exemplaires
- ${isbn()}, 1 exemplaire pour la médiathèque

Merci de facturer sur notre compte client ${customerNo()}, comme pour la dernière commande (${invoice(L)}). Idéalement avant le ${date(L)}.

Cordialement,
${me.full}
Club de lecture des Tilleuls`;
  },
  // Confirmation de voyage.
  (c) => {
    const you = person(L);
    if (c.chance(0.5)) c.term(you.last);
    const [out, back] = dateRange(L);
    return m`Bonjour ${you.first} ${you.last},

Votre réservation ${bookingRef()} est confirmée.

Vol ${flight()} au départ le ${out} à ${time(L)} ; merci de vous présenter à la porte d'embarquement 40 minutes avant. Retour par le vol ${flight()} le ${back}.

Hôtel : Le Grand Quai, arrivée à partir de ${time(L)}. Réception : ${phone()}. Numéro d'urgence sur place : ${shortCode(L, 'emergency')}.

Une copie de cette confirmation a été envoyée à ${email(L, you, 'personal')}. Montant débité : ${amount(L, 'large')} sur la carte ${cardMasked()}.

Bon voyage !`;
  },
  // Messages courts.
  (c) => {
    const you = person(L);
    return pick<() => Part[]>([
      () => m`appelle-moi au ${phone(pick(['FR', 'BE', 'CH']))} quand tu atterris, le fixe du bureau est en panne`,
      () => m`tu peux te connecter sur ${ip()} et relancer le worker ? le déploiement de ${time(L)} l'a encore cassé`,
      () => m`clé temporaire pour la démo : ${secret()} — je la révoque ce soir`,
      () => m`l'export est là : ${url(pick(['sig', 'access_token', 'signature']))} (le lien expire demain)`,
      () => m`ma nouvelle adresse c'est ${email(L, you, 'personal')}, l'ancienne s'est fait pirater 🙄`,
      () => m`la nouvelle carte de la boîte : ${card()}, tu peux la mettre à jour sur le compte OVH avant le ${date(L)} ?`,
      () => { c.term(you.first); return m`merci ${you.first} ! à ${time(L)} alors 👍`; },
      () => m`le build repasse au vert (${version()}), je merge`,
      () => m`déj à ${time(L)} ? la brasserie fait ${percent(L)} de réduc le vendredi`,
    ])();
  },
  // IBAN qui ne passe pas le contrôle.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Bonjour ${you.first},

Notre banque a rejeté le virement pour la facture ${invoice(L)} : l'IBAN indiqué, ${ibanChecksumFail()}, ne passe pas le contrôle de clé, il doit donc y avoir une coquille. Pourriez-vous me confirmer vos coordonnées bancaires ?

Si c'est bien celui de votre précédent message, ${iban()}, je relance le paiement de ${amount(L, 'large')} aujourd'hui.

Bonne journée,
${me.full}
Comptabilité fournisseurs`;
  },
  // Ticket de support API.
  (_c) => {
    const me = person(L);
    const build = buildVersion();
    return m`Objet : erreurs 401 sur l'export depuis ce matin

Bonjour,

Depuis ${time(L)}, tous nos appels à votre point d'export renvoient une 401. Nous envoyons la clé dans l'en-tête :

  Authorization: Bearer ${secret()}

Nous avons aussi essayé de la passer dans l'URL, ${url(pick(['api_key', 'apikey', 'key', 'client_secret']))}, sans plus de succès. Nos IP sortantes sont ${ip(4)} et ${ip(6)}, toutes deux dans la liste blanche. Identifiant d'une requête en échec : ${uuid()}. SDK en ${version()}, ${build.product} ${build.v}.

Nous avons suivi ${plainUrl('docs')} à la lettre. Quelque chose a-t-il changé chez vous ?

Merci,
${me.full}
${roleEmail('plateforme', workDomain(L))}`;
  },
  // Dossier de mobilité : Espagne et Italie.
  (_c) => {
    const me = person(L), es = person('es'), it = person('it');
    return m`Bonjour à tous,

Pour le dossier de mobilité de ${es.full}, il nous manque encore la pièce d'identité espagnole. Le scan indique ${dni()}, mais le portail a refusé ce que nous avions saisi, ${dniBadLetter()} : erreur de frappe de notre côté. Son NIE lors de la précédente mission était ${nie()}.

Pour le bureau de Milan : le codice fiscale de ${it.full} est ${codiceFiscale(it, FEMALE_IT.has(it.first))}. Le comptable sur place dit qu'il doit correspondre exactement à la tessera sanitaria.

Merci,
${me.first}`;
  },
  // Message personnel, sans entité.
  (_c) => {
    const you = person(L);
    return m`Coucou ${you.first} ! 🎉

Toujours ok pour le dîner du ${date(L)} ? J'ai réservé pour ${time(L, [19, 20])} chez l'italien du coin, compte environ ${amount(L, 'small')} par personne avec le vin. Julie nous rejoindra plus tard, elle finit à ${time(L, [19, 21])}.

Au fait, tu as vu que la facture d'électricité a augmenté de ${percent(L)} ?! Il faut qu'on parle du chauffage 😅 J'ai fini par appeler le ${shortCode(L, 'service')} pour le dossier de mamie, ils ont été super.

Bises`;
  },
  // Carte cadeau qui échoue au contrôle de Luhn.
  (_c) => {
    const me = person(L);
    return m`Bonjour,

On m'a offert une de vos cartes cadeaux pour mon anniversaire, mais le solde affiché sur votre site est de zéro. Le numéro au dos est ${cardLuhnFail(pick(['spaces', 'plain', 'dashes']))}. Elle a été achetée le ${date(L)} pour ${amount(L, 'small')}, commande ${order(L)}.

Pourriez-vous vérifier si elle a bien été activée ? Merci beaucoup.

${me.full}`;
  },
  // Newsletter, sans entité.
  (_c) => {
    const hours = timeRange(L, [9, 10], [7, 9]);
    return m`Ce mois-ci chez Maison Verte

Soldes de printemps : -${percent(L, [10, 50])} sur tout le mobilier de jardin jusqu'au ${date(L)}. Livraison offerte pour les membres dès ${amount(L, 'small')} d'achat.

Nouveautés : la chaise longue Côte Sauvage (${amount(L, 'medium')}) et notre parasol star, désormais en vert sauge. Conseils d'entretien sur ${plainUrl('shop')}

Horaires du week-end de l'Ascension : de ${hours[0]} à ${hours[1]}.

Pour ne plus recevoir nos SMS, envoyez STOP au ${shortCode(L, 'sms')}.`;
  },
  // Données de test volontairement invalides.
  (_c) => {
    const me = person(L);
    return m`Bonjour l'équipe recette,

Pour tester le formulaire d'inscription, utilisez uniquement les valeurs ci-dessous. Elles sont volontairement invalides et ne peuvent donc appartenir à personne :

- N° de sécurité sociale : ${nirBadKey()}
- DNI : ${dniBadLetter()}
- Carte : ${cardLuhnFail()}
- IBAN : ${ibanChecksumFail('FR')}

Comportement attendu : message d'erreur sous chaque champ, aucune requête envoyée. Captures d'écran dans ${ticket()}.

${me.first}`;
  },
  // Clé divulguée dans un commit.
  (_c) => {
    const me = person(L);
    return m`Pour info : l'outil de détection a signalé le commit ${commitHash()} sur le dépôt du site. Il contenait une clé active, ${secret()}, dans config/prod.yml.

Je l'ai révoquée et remplacée par une nouvelle, stockée uniquement dans le coffre-fort. La ${keyPrefixWord(L)} sécurité fera un point vendredi. D'ici là, faites un pull avant votre prochain push et ne copiez pas de clés depuis ${plainUrl('tech')} dans le code.

${me.first}`;
  },
  // Partage de fichier.
  (_c) => {
    const me = person(L), you = person(L, me);
    return m`Bonjour ${you.first},

Voici le contrat signé, comme convenu : ${url(pick(['sig', 'signature', 'access_token', 'code', 'password']))}

Le lien ne fonctionnera plus après le ${date(L)}, pensez à le télécharger d'ici là. S'il ne s'ouvre pas, écrivez-moi à ${email(L, me, 'work')} et je vous l'envoie en pièce jointe.

Bien cordialement,
${me.full}
${phone('FR')}`;
  },
  // Liste des contacts régionaux.
  (c) => {
    const me = person(L);
    const project = pick(PROJECTS.fr);
    if (c.chance(0.5)) c.term(project);
    const lines = officeLines(L, 5, me);
    return m`Objet : contacts régionaux pour le déploiement ${project}

Bonjour à tous,

Voici la liste à jour des référents régionaux. Les horaires varient selon les pays, merci de n'utiliser ces numéros qu'en cas d'urgence :

${lines}
Tout ce qui n'est pas urgent passe par ${ticket()}, comme d'habitude.

Merci,
${me.full}`;
  },
  // Acompte sur carte.
  (c) => {
    const me = person(L);
    if (c.chance(0.5)) c.term(me.full);
    const stay = dateRange(L);
    return m`Madame, Monsieur,

Merci de bien vouloir garder la chambre du ${stay[0]} au ${stay[1]} (réservation ${bookingRef()}) et de prélever l'acompte de ${amount(L, 'medium')} sur ma carte : ${card()}, date d'expiration ${expiry()}, titulaire ${me.full}. En cas de refus, vous pouvez utiliser ma carte professionnelle ${card()}.

Pour me joindre pendant mon déplacement : ${phone(nextPhoneCountry())}.

Cordialement,
${me.full}`;
  },
  // Remboursements : NIR et RIB.
  (c) => {
    const me = person(L);
    if (c.chance(0.6)) c.term(me.full);
    const leave = dateRange(L);
    return m`Bonjour,

Suite à mon arrêt de travail du ${leave[0]} au ${leave[1]}, je vous transmets les informations demandées pour le remboursement :

- mon numéro de sécurité sociale : ${nir({ sex: FEMALE.has(me.first) ? 2 : 1, born: [1965, 1988] })}
- celui de ma fille, rattachée à mon dossier : ${nir({ sex: 2, born: [2006, 2016] })}
- IBAN pour les remboursements : ${iban('FR')}

Mon numéro d'adhérent : ${customerNo()}. Vous pouvez me joindre au ${phone('FR')} si besoin.

Cordialement,
${me.full}`;
  },
];
