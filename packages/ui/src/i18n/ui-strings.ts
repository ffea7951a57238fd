import type { RejectionCode } from '@hearth/sdk';

/** A device route's figures, for saying why it was chosen in the strings' own words. */
export interface DeviceRouteFacts {
  model: string;
  variant?: string;
  engine: string;
  gpu: boolean;
  threads?: number;
  /** Already formatted for the locale. */
  memory: string;
  context: string;
  tokensPerSecond: string;
  /** Measured on this device, not assumed. */
  measured: boolean;
}

/**
 * Every string the components show, per language. An app passes its own object (any language)
 * as `element.strings`; the components otherwise follow the nearest `lang` attribute, English by default.
 */
export interface UiStrings {
  /** BCP 47 tag for numbers and the `lang` of what the components write. */
  locale: string;
  /**
   * The planner's reasons by their code (`policy`, `engine-unavailable`, `wasm-memory`…), in this
   * language. A code left out shows the planner's English text, marked as English.
   */
  planReasons?: Partial<Record<string, string>>;
  /** Why a device route was chosen, from its figures; absent: the planner's English sentence. */
  deviceRouteReason?: (facts: DeviceRouteFacts) => string;
  consentTitle: string;
  consentWhat: (model: string, size: string) => string;
  consentDisk: (size: string, free: string) => string;
  consentDiskShort: (size: string, free: string) => string;
  consentDiskUnknown: (size: string) => string;
  consentWhy: (reason: string) => string;
  consentIfNoServer: string;
  consentIfNoNoServer: string;
  consentAccept: string;
  consentDeclineServer: string;
  consentDeclineNoServer: string;
  consentLater: string;
  progressLabel: string;
  progressBytes: (done: string, total: string, percent: number) => string;
  progressSpeed: (perSecond: string) => string;
  progressEta: (seconds: number) => string;
  progressPaused: (done: string, total: string) => string;
  progressOffline: (done: string) => string;
  /** Offline before any of the model was stored. */
  progressOfflineBeforeStart: string;
  progressPreparing: string;
  progressDone: string;
  progressCancelled: string;
  pause: string;
  resume: string;
  cancel: string;
  whereTitle: string;
  whereDevice: (backend: string) => string;
  whereSelfHosted: string;
  whereThirdParty: string;
  whereModel: (model: string) => string;
  whereWhy: (reason: string) => string;
  whereDeclined: string;
  whereSwitched: string;
  whereNothingYet: string;
  backendCpu: string;
  backendGpu: string;
  backendBrowser: string;
  toolbarLabel: string;
  instructionLabel: string;
  instructionPlaceholder: string;
  write: string;
  proofread: string;
  shorter: string;
  longer: string;
  formal: string;
  casual: string;
  undo: string;
  stop: string;
  suggestionsLabel: string;
  accept: string;
  reject: string;
  acceptNamed: (from: string, to: string) => string;
  rejectNamed: (from: string, to: string) => string;
  removal: string;
  sourceHarper: string;
  sourceHunspell: string;
  sourceModel: string;
  /** One edit two checkers both proposed: "grammar check and model". */
  sourceBoth: (first: string, second: string) => string;
  working: string;
  writing: string;
  proofreading: string;
  proofreadingMore: (count: number) => string;
  suggestionsFound: (count: number) => string;
  noSuggestions: string;
  /** Said when the last suggestion is accepted or rejected: the checker's list is done, not the text proven right. */
  allHandled: string;
  done: string;
  undone: string;
  nothingToWrite: string;
  nothingToRewrite: string;
  stopped: string;
  modelSuggestionsFailed: (why: string) => string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const EN: UiStrings = {
  locale: 'en',
  // The planner writes English, with the figures of each case: its own words say more.
  planReasons: {},
  consentTitle: 'Run the writing model on this device?',
  consentWhat: (model, size) => `The model ${model} (${size}) downloads once and then runs in this browser: what you write stays on this device.`,
  consentDisk: (size, free) => `It needs ${size} of disk space; this browser may use about ${free} more.`,
  consentDiskShort: (size, free) =>
    `It needs ${size} of disk space, but this browser may use only about ${free} more: free some space first, or use the server.`,
  consentDiskUnknown: (size) => `It needs ${size} of disk space.`,
  consentWhy: (reason) => `Why this model: ${reason}.`,
  consentIfNoServer: "If you say no, your text goes to this site's own server, which keeps nothing.",
  consentIfNoNoServer: 'If you say no, the writing assistant stays off (the privacy setting allows no server); spelling and grammar checks still work.',
  consentAccept: 'Download and run here',
  consentDeclineServer: "Use this site's server",
  consentDeclineNoServer: "Don't download",
  consentLater: 'Ask me later',
  progressLabel: 'Downloading the model',
  progressBytes: (done, total, percent) => `${done} of ${total} (${percent} %)`,
  progressSpeed: (perSecond) => `${perSecond}/s`,
  progressEta: (seconds) => (seconds < 60 ? `about ${Math.max(1, Math.round(seconds))} s left` : `about ${Math.round(seconds / 60)} min left`),
  progressPaused: (done, total) => `Paused at ${done} of ${total}. Nothing is lost: resume when you like.`,
  progressOffline: (done) => `The network was lost. The download waits and goes on by itself when you are back online (${done} kept).`,
  progressOfflineBeforeStart: 'The network was lost before any of the model arrived. The download starts by itself when you are back online.',
  progressPreparing: 'Preparing the model…',
  progressDone: 'The model is ready on this device.',
  progressCancelled: 'Download cancelled.',
  pause: 'Pause download',
  resume: 'Resume download',
  cancel: 'Cancel download',
  whereTitle: 'Where this ran',
  whereDevice: (backend) => `On this device (${backend})`,
  whereSelfHosted: "On this site's own server",
  whereThirdParty: 'On a third-party service',
  whereModel: (model) => `model ${model}`,
  whereWhy: (reason) => `why: ${reason}`,
  whereDeclined: "You declined the download: answered by this site's server, which keeps nothing",
  whereSwitched: 'the device stopped mid-answer, so the server finished it',
  whereNothingYet: 'Nothing has run yet.',
  backendCpu: 'CPU',
  backendGpu: 'GPU',
  backendBrowser: "the browser's own model",
  toolbarLabel: 'Writing assistant',
  instructionLabel: 'What should the assistant write?',
  instructionPlaceholder: 'e.g. Thank Dana, propose Monday',
  write: 'Write',
  proofread: 'Proofread',
  shorter: 'Shorter',
  longer: 'Longer',
  formal: 'More formal',
  casual: 'More casual',
  undo: 'Undo',
  stop: 'Stop',
  suggestionsLabel: 'Suggestions',
  accept: 'Accept',
  reject: 'Reject',
  acceptNamed: (from, to) => `Accept: ${from} → ${to}`,
  rejectNamed: (from, to) => `Reject: ${from} → ${to}`,
  removal: '(remove)',
  sourceHarper: 'grammar check',
  sourceHunspell: 'spelling dictionary',
  sourceModel: 'model',
  sourceBoth: (first, second) => `${first} and ${second}`,
  working: 'Working…',
  writing: 'Writing…',
  proofreading: 'Checking spelling and grammar…',
  proofreadingMore: (count) => `${plural(count, 'suggestion', 'suggestions')} so far; the model is still reading…`,
  suggestionsFound: (count) => `${plural(count, 'suggestion', 'suggestions')}.`,
  noSuggestions: 'No suggestions found.',
  allHandled: 'Every suggestion handled. Proofread again to check the new text.',
  done: 'Done. Undo restores your text as it was.',
  undone: 'Your text is back as it was.',
  nothingToWrite: 'Type what the assistant should write first.',
  nothingToRewrite: 'There is no text to rewrite yet.',
  stopped: 'Stopped. Undo restores your text as it was.',
  modelSuggestionsFailed: (why) => `The model's suggestions are missing: ${why}`,
};

export const FR: UiStrings = {
  locale: 'fr',
  planReasons: {
    policy: "le réglage de confidentialité ne l'autorise pas",
    consent: "il faut d'abord votre accord pour télécharger et faire tourner le modèle sur cet appareil",
    'engine-unavailable': 'le moteur ne peut pas tourner dans ce navigateur',
    'feature-missing': 'il manque à ce navigateur une fonction WebAssembly ou WebGPU nécessaire',
    'software-gpu': 'la seule carte graphique WebGPU est logicielle, bien trop lente',
    'buffer-limit': 'le modèle dépasse la taille de mémoire que cette carte graphique accepte en un bloc',
    'wasm-memory': 'le modèle dépasse la mémoire que WebAssembly peut adresser (4 Gio au plus)',
    'device-memory': "le modèle demande plus de mémoire que cet appareil n'en a",
    storage: "il n'y a pas assez de place de stockage pour le téléchargement",
    'no-build': "il n'existe pas de version du modèle pour ce moteur",
    task: "le modèle n'est pas fait pour cette tâche ou cette langue",
    context: 'le texte à traiter dépasse ce que le modèle peut lire en une fois',
    'not-configured': "aucun serveur n'est configuré",
    slower: 'un autre moteur fait le même travail plus vite ici',
  } satisfies Record<RejectionCode, string>,
  deviceRouteReason: (f) =>
    `${f.model}${f.variant ? ` (${f.variant})` : ''} sur ${f.gpu ? 'la carte graphique' : 'le processeur'} avec ${f.engine}${f.threads ? ` (${f.threads} fils)` : ''} : il lui faut ${f.memory} de mémoire pour ${f.context} jetons de contexte, environ ${f.tokensPerSecond} jetons/s (${f.measured ? 'mesuré ici' : 'estimé, sans mesure'})`,
  consentTitle: "Faire tourner le modèle d'écriture sur cet appareil ?",
  consentWhat: (model, size) =>
    `Le modèle ${model} (${size}) se télécharge une fois, puis tourne dans ce navigateur : ce que vous écrivez reste sur cet appareil.`,
  consentDisk: (size, free) => `Il lui faut ${size} d'espace disque ; ce navigateur peut encore utiliser environ ${free}.`,
  consentDiskShort: (size, free) =>
    `Il lui faut ${size} d'espace disque, mais ce navigateur ne peut plus utiliser qu'environ ${free} : libérez de la place d'abord, ou utilisez le serveur.`,
  consentDiskUnknown: (size) => `Il lui faut ${size} d'espace disque.`,
  consentWhy: (reason) => `Pourquoi ce modèle : ${reason}.`,
  consentIfNoServer: 'Si vous refusez, votre texte part vers le serveur de ce site, qui ne garde rien.',
  consentIfNoNoServer:
    "Si vous refusez, l'assistant d'écriture reste éteint (le réglage de confidentialité n'autorise aucun serveur) ; la vérification de l'orthographe et de la grammaire marche toujours.",
  consentAccept: 'Télécharger et exécuter ici',
  consentDeclineServer: 'Utiliser le serveur du site',
  consentDeclineNoServer: 'Ne pas télécharger',
  consentLater: 'Me demander plus tard',
  progressLabel: 'Téléchargement du modèle',
  progressBytes: (done, total, percent) => `${done} sur ${total} (${percent} %)`,
  progressSpeed: (perSecond) => `${perSecond}/s`,
  progressEta: (seconds) => (seconds < 60 ? `environ ${Math.max(1, Math.round(seconds))} s restantes` : `environ ${Math.round(seconds / 60)} min restantes`),
  progressPaused: (done, total) => `En pause à ${done} sur ${total}. Rien n'est perdu : reprenez quand vous voulez.`,
  progressOffline: (done) => `Le réseau est coupé. Le téléchargement attend et reprend tout seul quand vous êtes de nouveau en ligne (${done} conservés).`,
  progressOfflineBeforeStart:
    "Le réseau a été coupé avant l'arrivée du moindre morceau du modèle. Le téléchargement démarre tout seul quand vous êtes de nouveau en ligne.",
  progressPreparing: 'Préparation du modèle…',
  progressDone: 'Le modèle est prêt sur cet appareil.',
  progressCancelled: 'Téléchargement annulé.',
  pause: 'Mettre le téléchargement en pause',
  resume: 'Reprendre le téléchargement',
  cancel: 'Annuler le téléchargement',
  whereTitle: "Où cela s'est exécuté",
  whereDevice: (backend) => `Sur cet appareil (${backend})`,
  whereSelfHosted: 'Sur le serveur de ce site',
  whereThirdParty: 'Sur un service tiers',
  whereModel: (model) => `modèle ${model}`,
  whereWhy: (reason) => `pourquoi : ${reason}`,
  whereDeclined: 'Vous avez refusé le téléchargement : réponse du serveur de ce site, qui ne garde rien',
  whereSwitched: "l'appareil s'est arrêté en cours de réponse, le serveur l'a terminée",
  whereNothingYet: "Rien ne s'est encore exécuté.",
  backendCpu: 'processeur',
  backendGpu: 'carte graphique',
  backendBrowser: 'le modèle du navigateur',
  toolbarLabel: "Assistant d'écriture",
  instructionLabel: "Que doit écrire l'assistant ?",
  instructionPlaceholder: 'p. ex. Remercier Dana, proposer lundi',
  write: 'Écrire',
  proofread: 'Relire',
  shorter: 'Plus court',
  longer: 'Plus long',
  formal: 'Plus soutenu',
  casual: 'Plus familier',
  undo: 'Annuler la modification',
  stop: 'Arrêter',
  suggestionsLabel: 'Suggestions',
  accept: 'Accepter',
  reject: 'Refuser',
  acceptNamed: (from, to) => `Accepter : ${from} → ${to}`,
  rejectNamed: (from, to) => `Refuser : ${from} → ${to}`,
  removal: '(supprimer)',
  sourceHarper: 'grammaire',
  sourceHunspell: 'dictionnaire',
  sourceModel: 'modèle',
  sourceBoth: (first, second) => `${first} et ${second}`,
  working: 'En cours…',
  writing: 'Rédaction…',
  proofreading: "Vérification de l'orthographe et de la grammaire…",
  proofreadingMore: (count) => `${plural(count, 'suggestion', 'suggestions')} pour l'instant ; le modèle lit encore…`,
  suggestionsFound: (count) => `${plural(count, 'suggestion', 'suggestions')}.`,
  noSuggestions: 'Aucune suggestion trouvée.',
  allHandled: 'Toutes les suggestions sont traitées. Relancez la relecture pour vérifier le nouveau texte.',
  done: 'Terminé. « Annuler la modification » rend votre texte tel quel.',
  undone: 'Votre texte est revenu tel quel.',
  nothingToWrite: "Indiquez d'abord ce que l'assistant doit écrire.",
  nothingToRewrite: "Il n'y a pas encore de texte à reformuler.",
  stopped: 'Arrêté. « Annuler la modification » rend votre texte tel quel.',
  modelSuggestionsFailed: (why) => `Les suggestions du modèle manquent : ${why}`,
};

const BY_LANGUAGE: Record<string, UiStrings> = { en: EN, fr: FR };

/** The strings for the nearest `lang` attribute above `element` (`fr-CA` → French), English when none is shipped. */
export function stringsFor(element: Element): UiStrings {
  const lang = element.closest('[lang]')?.getAttribute('lang') ?? '';
  return BY_LANGUAGE[lang.toLowerCase().split('-')[0] ?? ''] ?? EN;
}

/** Bytes as a person reads them, in the element's language (1.2 MB, 1,2 Mo). */
export function formatByteCount(bytes: number, strings: UiStrings): string {
  const french = strings.locale.startsWith('fr');
  const units = french ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${value.toLocaleString(strings.locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units[unit]}`;
}
