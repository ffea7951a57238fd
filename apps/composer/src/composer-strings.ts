/** The composer page's own words, in English and French (the components bring theirs). */
export interface ComposerStrings {
  title: string;
  lede: string;
  demo: string;
  demoHow: string;
  subject: string;
  suggestSubject: string;
  subjectWorking: string;
  subjectDone: string;
  subjectNeedsBody: string;
  subjectEmpty: string;
  subjectOff: string;
  body: string;
  settings: string;
  policy: string;
  policies: Record<'device-only' | 'device-or-self-hosted' | 'any', string>;
  language: string;
  consentNow: (answer: string) => string;
  consentAnswers: Record<'granted' | 'denied' | 'pending', string>;
  revoke: string;
  ready: { device: (model: string, engine: string) => string; server: (model: string) => string };
  loading: string;
  later: string;
  declinedServer: string;
  declinedNoServer: string;
  laterNoServer: string;
  noRoom: (needed: string) => string;
  networkLost: string;
  serverDown: string;
  deviceCantRun: (why: string) => string;
  noModelForDevice: string;
  deviceCantRunNoServer: (why: string) => string;
  offline: string;
  offlineDevice: string;
  failed: (why: string) => string;
}

export const COMPOSER_EN: ComposerStrings = {
  title: 'Hearth Composer',
  lede: "A private email composer. The writing model runs on this device, or on this site's own server if you prefer not to download it. Each answer says where it ran.",
  demo: 'This is the demo model: its weights are random, so what it writes is nonsense on purpose.',
  demoHow: 'For real text, start Hearth with a real model: npm start -- --model /path/to/model.gguf',
  subject: 'Subject',
  suggestSubject: 'Suggest a subject',
  subjectWorking: 'Finding a subject…',
  subjectDone: 'Subject suggested from your message. Edit it as you like.',
  subjectNeedsBody: 'Write the message first: the subject is drawn from it.',
  subjectEmpty: 'The model gave no subject this time. Try again, or write one yourself.',
  subjectOff: 'The writing model is not available here, so it cannot suggest a subject.',
  body: 'Message',
  settings: 'Settings',
  policy: 'Where may your text go?',
  policies: {
    'device-only': 'Only this device',
    'device-or-self-hosted': "This device, or this site's own server",
    any: 'Also a third-party service (text redacted first)',
  },
  language: 'Language',
  consentNow: (answer) => `Your answer about the download: ${answer}.`,
  consentAnswers: { granted: 'yes, run it on this device', denied: 'no', pending: 'not asked yet' },
  revoke: 'Withdraw my answer and delete the model',
  ready: { device: (model, engine) => `Ready: ${model} runs on this device (${engine}).`, server: (model) => `Ready: ${model} runs on this site's server.` },
  loading: 'Getting ready…',
  later: "You can decide later. Meanwhile your text goes to this site's own server, which keeps nothing.",
  declinedServer: "You declined the download, so answers come from this site's own server, which keeps nothing. You can change your answer in Settings.",
  declinedNoServer:
    'You declined the download, and the privacy setting "Only this device" allows no server: the writing assistant is off. Spelling and grammar checks still work. To write with the assistant, withdraw your answer in Settings and accept, or allow this site\'s server.',
  laterNoServer:
    'You can decide later. Until you accept the download, the writing assistant is off: the privacy setting "Only this device" allows no server. Spelling and grammar checks still work.',
  noRoom: (needed) =>
    `There is not enough room on this device for the model (it needs ${needed}). Free some disk space and reload the page. Meanwhile your text goes to this site's own server.`,
  networkLost:
    'The network was lost during the download. What had arrived is kept, and the download goes on when you are back online (reload the page if it does not).',
  serverDown: "This site's server is not answering. Check your connection, or try again in a minute. Spelling and grammar checks still work on this device.",
  deviceCantRun: (why) =>
    `This device cannot run a writing model here (${why}). Your text goes to this site's own server instead; spelling and grammar checks still run on this device.`,
  noModelForDevice: 'the app offers no model for this device',
  deviceCantRunNoServer: (why) =>
    `This device cannot run a writing model here (${why}), and the privacy setting "Only this device" allows no server: the writing assistant is off. Spelling and grammar checks still work. Try another browser or device, or allow this site's server in Settings.`,
  offline: 'You are offline. Spelling and grammar checks work; the writing assistant comes back with the network or the model on this device.',
  offlineDevice: "This site's server is not answering, but the writing model is on this device: the assistant and the spelling and grammar checks all work.",
  failed: (why) => `Something went wrong: ${why}`,
};

export const COMPOSER_FR: ComposerStrings = {
  title: 'Hearth Composer',
  lede: "Un éditeur de courriels privé. Le modèle d'écriture tourne sur cet appareil, ou sur le serveur de ce site si vous préférez ne pas le télécharger. Chaque réponse dit où elle a été produite.",
  demo: "C'est le modèle de démonstration : ses poids sont aléatoires, ce qu'il écrit n'a donc aucun sens, exprès.",
  demoHow: 'Pour un vrai texte, lancez Hearth avec un vrai modèle : npm start -- --model /chemin/vers/modele.gguf',
  subject: 'Objet',
  suggestSubject: 'Proposer un objet',
  subjectWorking: "Recherche d'un objet…",
  subjectDone: 'Objet proposé à partir de votre message. Modifiez-le à votre guise.',
  subjectNeedsBody: "Écrivez d'abord le message : l'objet en est tiré.",
  subjectEmpty: "Le modèle n'a pas proposé d'objet cette fois. Réessayez, ou écrivez-en un vous-même.",
  subjectOff: "Le modèle d'écriture n'est pas disponible ici : il ne peut pas proposer d'objet.",
  body: 'Message',
  settings: 'Réglages',
  policy: 'Où votre texte peut-il aller ?',
  policies: {
    'device-only': 'Seulement cet appareil',
    'device-or-self-hosted': 'Cet appareil, ou le serveur de ce site',
    any: 'Aussi un service tiers (texte anonymisé avant)',
  },
  language: 'Langue',
  consentNow: (answer) => `Votre réponse sur le téléchargement : ${answer}.`,
  consentAnswers: { granted: 'oui, sur cet appareil', denied: 'non', pending: 'pas encore demandé' },
  revoke: 'Retirer ma réponse et supprimer le modèle',
  ready: {
    device: (model, engine) => `Prêt : ${model} tourne sur cet appareil (${engine}).`,
    server: (model) => `Prêt : ${model} tourne sur le serveur de ce site.`,
  },
  loading: 'Préparation…',
  later: 'Vous pourrez décider plus tard. En attendant, votre texte part vers le serveur de ce site, qui ne garde rien.',
  declinedServer:
    'Vous avez refusé le téléchargement : les réponses viennent du serveur de ce site, qui ne garde rien. Vous pouvez changer votre réponse dans les réglages.',
  declinedNoServer:
    "Vous avez refusé le téléchargement, et le réglage « Seulement cet appareil » n'autorise aucun serveur : l'assistant d'écriture est éteint. La vérification de l'orthographe et de la grammaire marche toujours. Pour écrire avec l'assistant, retirez votre réponse dans les réglages puis acceptez, ou autorisez le serveur du site.",
  laterNoServer:
    "Vous pourrez décider plus tard. Tant que vous n'acceptez pas le téléchargement, l'assistant d'écriture est éteint : le réglage « Seulement cet appareil » n'autorise aucun serveur. La vérification de l'orthographe et de la grammaire marche toujours.",
  noRoom: (needed) =>
    `Il n'y a pas assez de place sur cet appareil pour le modèle (il lui faut ${needed}). Libérez de l'espace disque puis rechargez la page. En attendant, votre texte part vers le serveur de ce site.`,
  networkLost:
    'Le réseau a été coupé pendant le téléchargement. Ce qui était arrivé est gardé, et le téléchargement reprend quand vous êtes de nouveau en ligne (rechargez la page sinon).',
  serverDown:
    "Le serveur de ce site ne répond pas. Vérifiez votre connexion, ou réessayez dans une minute. La vérification de l'orthographe et de la grammaire marche toujours sur cet appareil.",
  deviceCantRun: (why) =>
    `Cet appareil ne peut pas faire tourner de modèle d'écriture ici (${why}). Votre texte part donc vers le serveur de ce site ; la vérification de l'orthographe et de la grammaire reste sur cet appareil.`,
  noModelForDevice: "l'application ne propose aucun modèle pour cet appareil",
  deviceCantRunNoServer: (why) =>
    `Cet appareil ne peut pas faire tourner de modèle d'écriture ici (${why}), et le réglage « Seulement cet appareil » n'autorise aucun serveur : l'assistant d'écriture est éteint. La vérification de l'orthographe et de la grammaire marche toujours. Essayez un autre navigateur ou appareil, ou autorisez le serveur du site dans les réglages.`,
  offline:
    "Vous êtes hors ligne. La vérification de l'orthographe et de la grammaire marche ; l'assistant d'écriture revient avec le réseau ou le modèle sur cet appareil.",
  offlineDevice:
    "Le serveur de ce site ne répond pas, mais le modèle d'écriture est sur cet appareil : l'assistant et la vérification de l'orthographe et de la grammaire marchent tous.",
  failed: (why) => `Un problème est survenu : ${why}`,
};
