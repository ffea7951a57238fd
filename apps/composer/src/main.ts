import type * as HearthSdk from '@hearth/sdk/browser';
import { HearthError, type ConsentAnswer, type Hearth, type HearthEvent } from '@hearth/sdk';
import {
  defineHearthElements,
  formatByteCount,
  hearthAssistProvider,
  InstantProofreader,
  localizeReason,
  sentenceWith,
  stringsFor,
  type LocalizedText,
  type AssistProvider,
  type HearthAssistElement,
  type HearthConsentElement,
  type HearthProgressElement,
  type WhereRanBadge,
} from '@hearth/ui';
import { COMPOSER_EN, COMPOSER_FR, type ComposerStrings } from './composer-strings.ts';

type Policy = 'device-only' | 'device-or-self-hosted' | 'any';
const POLICIES: readonly Policy[] = ['device-only', 'device-or-self-hosted', 'any'];

// The page's settings live in its address, so a reload keeps them (and the privacy issue's CSP
// can be chosen by the server from the same ?policy=).
const params = new URLSearchParams(location.search);
const policy: Policy = POLICIES.find((p) => p === params.get('policy')) ?? 'device-or-self-hosted';
let lang: 'en' | 'fr' = params.get('lang') === 'fr' ? 'fr' : 'en';
document.documentElement.lang = lang;
let s: ComposerStrings = lang === 'fr' ? COMPOSER_FR : COMPOSER_EN;
/** The components' strings for the page's language (plan reasons, byte counts). */
let ui = stringsFor(document.documentElement);
const serverAllowed = policy !== 'device-only';

defineHearthElements();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const consent = $<HearthConsentElement>('consent');
const progress = $<HearthProgressElement>('progress');
const assist = $<HearthAssistElement>('assist');
const where = $<WhereRanBadge>('where');
const status = $<HTMLParagraphElement>('status');
const notice = $<HTMLDivElement>('notice');
const suggestSubject = $<HTMLButtonElement>('suggest-subject');
const subjectStatus = $<HTMLParagraphElement>('subject-status');

function translatePage(): void {
  document.title = s.title;
  $('title').textContent = s.title;
  $('lede').textContent = s.lede;
  $('demo-text').textContent = s.demo;
  $('demo-how').textContent = s.demoHow;
  $('subject-label').textContent = s.subject;
  $('suggest-subject').textContent = s.suggestSubject;
  $('body-label').textContent = s.body;
  $('settings-title').textContent = s.settings;
  $('policy-label').textContent = s.policy;
  $('language-label').textContent = s.language;
  $('revoke').textContent = s.revoke;
  const select = $<HTMLSelectElement>('policy');
  select.replaceChildren(...POLICIES.map((p) => new Option(s.policies[p], p, p === policy, p === policy)));
  $<HTMLSelectElement>('language').value = lang;
}
translatePage();

/** A new policy needs a reload (the server sends that policy's CSP): the draft goes through sessionStorage, this tab only. */
const DRAFT_KEY = 'hearth-composer-draft';
function restoreDraft(): void {
  const saved = sessionStorage.getItem(DRAFT_KEY);
  if (saved === null) return;
  sessionStorage.removeItem(DRAFT_KEY);
  try {
    const draft = JSON.parse(saved) as { subject?: unknown; body?: unknown };
    if (typeof draft.subject === 'string') $<HTMLInputElement>('subject').value = draft.subject;
    if (typeof draft.body === 'string') $<HTMLTextAreaElement>('body').value = draft.body;
  } catch {
    // A draft this page cannot read is left out.
  }
}
restoreDraft();

type Words = string | Array<string | Node>;
/** What each line of the page says, as a function of the current strings: a language switch says it all again. */
const lines = new Map<HTMLElement, () => Words>();
function say(element: HTMLElement, words: () => Words): void {
  lines.set(element, words);
  const now = words();
  element.replaceChildren(...(typeof now === 'string' ? [now] : now));
}

/** The page in another language at once, nothing lost: the draft, the download, the answers on screen stay. */
function setLanguage(next: 'en' | 'fr'): void {
  lang = next;
  document.documentElement.lang = next;
  s = next === 'fr' ? COMPOSER_FR : COMPOSER_EN;
  ui = stringsFor(document.documentElement);
  const url = new URL(location.href);
  url.searchParams.set('lang', next);
  history.replaceState(history.state, '', url);
  translatePage();
  for (const [element, words] of lines) say(element, words);
}

/** Which failure or situation the page is in: a plain sentence that says what to do; `data-state` names it for tests and styles. */
type NoticeState =
  | 'later'
  | 'later-no-server'
  | 'offline-device'
  | 'declined-server'
  | 'declined-no-server'
  | 'no-room'
  | 'network-lost'
  | 'server-down'
  | 'device-cant-run'
  | 'device-cant-run-no-server'
  | 'offline'
  | 'failed';
function showNotice(state: NoticeState | undefined, text: () => Words = () => ''): void {
  notice.hidden = state === undefined;
  notice.dataset['state'] = state ?? '';
  notice.dataset['kind'] = state === 'later' || state === 'later-no-server' || state === 'declined-server' || state === 'offline-device' ? 'info' : 'error';
  notice.setAttribute('role', notice.dataset['kind'] === 'error' ? 'alert' : 'status');
  say($('notice-text'), text);
}

// The app shell, harper and the SDK cached for the next visit, so the page opens and works offline.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js', { type: 'module', scope: './' }).catch(() => {});

/** Once the engine runs: the Service Worker keeps what the page loaded before it took control (from the HTTP cache, nothing downloaded again). */
function keepForOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'keep', urls })).catch(() => {});
}

const instant = new InstantProofreader({ dictionaries: { fr: async () => (await import('./french-dictionary.ts')).french } });
void instant.warm().catch(() => {});

let consentAnswer: ConsentAnswer | 'pending' = 'pending';
/** Whether the server answered when the page started (its model list). */
let serverReached = true;
/** The person put the question off this time ("Ask me later"). */
let askedLater = false;
let modelUsable = false;
let switched = false;
let downloadStarted = false;

/** Each error's words, decided once: a language switch asks again, and must not show its notice again. */
const described = new WeakMap<object, () => string>();

function describe(error: unknown): string {
  const known = typeof error === 'object' && error !== null ? described.get(error) : undefined;
  if (known) return known();
  const words = classify(error);
  if (typeof error === 'object' && error !== null) described.set(error, words);
  return words();
}

/** What an assist error means for the person: the notice it shows, and the words for the toolbar's status line. */
function classify(error: unknown): () => string {
  const e = HearthError.from(error);
  if (e.code === 'aborted') return () => '';
  if (e.code === 'network' || e.code === 'upstream') {
    // While the download waits for the network, a failed request has the same cause: say that one.
    if (progress.currentState === 'offline') {
      showNotice('network-lost', () => s.networkLost);
      return () => s.networkLost;
    }
    if (!navigator.onLine) {
      showNotice('offline', () => s.offline);
      return () => s.offline;
    }
    showNotice('server-down', () => s.serverDown);
    return () => s.serverDown;
  }
  // Nothing can run because the server is out of reach (the device route declined or absent): that is what to say.
  if (e.code === 'no_route' && serverAllowed && !serverReached) {
    serverAway();
    return navigator.onLine ? () => s.serverDown : () => s.offline;
  }
  if (e.code === 'no_route') {
    const words = serverAllowed ? () => s.failed(e.message) : () => s.declinedNoServer;
    showNotice(serverAllowed ? 'failed' : 'declined-no-server', words);
    return words;
  }
  return () => s.failed(`${e.message}${e.hint ? ` ${e.hint}` : ''}`);
}
assist.describeError = describe;

function onEvent(event: HearthEvent): void {
  switch (event.type) {
    case 'download-progress':
      downloadStarted = true;
      progress.hidden = false;
      if (progress.currentState === 'offline') showNotice(undefined);
      progress.update({
        bytes: event.progress.bytesDone,
        totalBytes: event.progress.bytesTotal,
        loaded: event.progress.fraction,
        bytesPerSecond: event.progress.bytesPerSecond,
        etaSeconds: event.progress.etaSeconds,
      });
      break;
    case 'download-waiting-for-network':
      progress.setState('offline');
      showNotice('network-lost', () => s.networkLost);
      break;
    case 'download-resumed':
      if (progress.currentState === 'offline') showNotice(undefined);
      break;
    case 'downloaded':
      progress.setState('preparing');
      break;
    case 'engine-ready':
      if (event.route.where === 'device') {
        keepForOffline();
        progress.setState('done');
        setTimeout(() => (progress.hidden = true), 1500);
      }
      break;
    case 'route-switch':
      switched = true;
      break;
    case 'route':
      where.update({ ...event.route, declined: consentAnswer === 'denied', switched });
      switched = false;
      break;
    default:
  }
}

/** The gateway's model, from /models/ (the one list every policy's CSP lets the page read). */
async function gatewayModel(): Promise<string | undefined> {
  try {
    const response = await fetch('/models/', { cache: 'no-store' });
    if (!response.ok) return undefined;
    const id = ((await response.json()) as { data: Array<{ id: string }> }).data[0]?.id;
    if (id) localStorage.setItem('hearth-composer-model', id);
    return id;
  } catch {
    return undefined;
  }
}

/**
 * The SDK as the gateway serves it, /sdk/hearth.js: the public entry any page uses, whose engines
 * and wasm sit under /sdk/, the one path the page's CSP lets them be fetched from.
 */
async function loadSdk(): Promise<typeof HearthSdk> {
  const url = '/sdk/hearth.js';
  return (await import(/* @vite-ignore */ url)) as typeof HearthSdk;
}

/** The toolbar without the SDK: harper's suggestions; writing says the model is out of reach. */
function harperOnly(): AssistProvider {
  const unreachable = (): AsyncIterable<string> => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new HearthError({ code: 'network', message: 'The writing model could not be loaded.' })) }),
  });
  return { instant: (text) => instant.check(text, lang), write: unreachable, rewrite: unreachable };
}

/** The server not answering: offline, or the server itself (the browser knows which); said as it was when it happened. */
function serverAway(): void {
  if (navigator.onLine) showNotice('server-down', () => s.serverDown);
  else showNotice('offline', () => s.offline);
}

async function start(): Promise<Hearth | undefined> {
  say(status, () => s.loading);
  let sdk: typeof HearthSdk;
  try {
    sdk = await loadSdk();
  } catch {
    // Offline before the SDK was ever cached: the page still proofreads with harper, its own Worker.
    serverAway();
    assist.provider = harperOnly();
    return undefined;
  }
  const { createHearth, shippedCatalog } = sdk;
  const fromGateway = await gatewayModel();
  serverReached = fromGateway !== undefined;
  // Offline, the model this page used last time may still be stored on the device.
  const id = fromGateway ?? localStorage.getItem('hearth-composer-model') ?? undefined;
  if (!fromGateway) serverAway();
  $('demo-warning').hidden = !(id ?? '').startsWith('hearth-demo');
  // A model the catalog knows can run on the device; any other runs on the gateway only.
  const known = id !== undefined && shippedCatalog().models.some((m) => m.id === id);
  const hearth = createHearth({
    gateway: location.origin,
    policy,
    models: known ? [id] : [],
    askConsent: async (request) => {
      const answer = await consent.ask(request, { serverAllowed });
      consentAnswer = answer === 'later' ? 'pending' : answer;
      askedLater = answer === 'later';
      return answer;
    },
    onEvent,
  });
  // The demo model's nonsense is cut short; a real model gets each prompt pack's own budget (a whole email to proofread needs it).
  const budget = (id ?? '').startsWith('hearth-demo') ? { maxTokens: 48 } : {};
  assist.provider = hearthAssistProvider(hearth, { instant, language: () => lang, ...budget, modelAllowed: () => modelUsable });

  const availability = await hearth.availability('chat');
  const deviceRejected = availability.rejected.filter((r) => r.where === 'device');
  // A device route dropped only because the person said no could run: that is a choice, not a failure.
  const declined = deviceRejected.some((r) => r.reasons.some((x) => x.code === 'consent'));
  const deviceCanRun = declined || availability.awaitingConsent !== undefined || availability.routes.some((r) => r.where === 'device');
  if (!deviceCanRun && fromGateway !== undefined) {
    // The device cannot run any model: said plainly, with the CPU engine's reason first (the one most devices have).
    const reasons = [...deviceRejected.filter((r) => r.engine === 'llama-wasm'), ...deviceRejected].flatMap((r) => r.reasons);
    // In the page's language by the reason's code; a code the strings lack keeps the planner's English, marked so.
    const why = (): LocalizedText => (reasons[0] ? localizeReason(reasons[0], ui) : { text: known ? '' : s.noModelForDevice, lang });
    if (serverAllowed) showNotice('device-cant-run', () => sentenceWith(s.deviceCantRun, why(), ui));
    else {
      showNotice('device-cant-run-no-server', () => sentenceWith(s.deviceCantRunNoServer, why(), ui));
      say(status, () => '');
      return hearth;
    }
  }
  consentAnswer = await hearth.consent.state('chat');
  const abort = new AbortController();
  progress.addEventListener('hearth-pause', () => hearth.pause());
  progress.addEventListener('hearth-resume', () => hearth.resume());
  progress.addEventListener('hearth-cancel', () => abort.abort(new HearthError({ code: 'aborted', message: 'Cancelled.' })));
  try {
    const prepared = await hearth.prepare({
      signal: abort.signal,
      monitor: (m) =>
        m.addEventListener('downloadprogress', (event) => {
          const e = event as Event & { loaded: number; bytes: number; totalBytes: number; bytesPerSecond: number; etaSeconds?: number };
          if (e.loaded < 1) progress.hidden = false;
        }),
    });
    consentAnswer = prepared.consent === 'not-asked' ? consentAnswer : prepared.consent;
    modelUsable = true;
    const onDevice = prepared.route.where === 'device';
    // A server route while the server did not answer is no "ready": the notice already says so.
    say(status, () => (onDevice ? s.ready.device(prepared.route.model, prepared.route.engine) : serverReached ? s.ready.server(prepared.route.model) : ''));
    // The server out of reach matters little when the model is here: said as news, not as a failure.
    if (onDevice && !serverReached) showNotice('offline-device', () => s.offlineDevice);
    if (!onDevice && deviceCanRun && serverReached) {
      if (prepared.consent === 'denied') showNotice('declined-server', () => s.declinedServer);
      else if (prepared.consent === 'pending') showNotice('later', () => s.later);
    }
  } catch (error) {
    const e = HearthError.from(error);
    say(status, () => '');
    progress.hidden = true;
    if (e.code === 'quota_exceeded') {
      showNotice('no-room', () => s.noRoom(formatByteCount(availability.awaitingConsent?.downloadBytes ?? 0, ui)));
      // The server still answers: requests go there while the device has no room.
      modelUsable = serverAllowed;
    } else if (e.code === 'no_route' && !serverAllowed)
      showNotice(askedLater ? 'later-no-server' : 'declined-no-server', askedLater ? () => s.laterNoServer : () => s.declinedNoServer);
    else if (e.code === 'no_route' && !serverReached) serverAway();
    else if (e.code === 'aborted') showNotice('later', () => s.later);
    // Mid-download, a dropped link and a server that stopped answering look alike from here (a
    // proxy in between answers 502): either way nothing downloaded is lost and it goes on later.
    else if ((e.code === 'network' || e.code === 'upstream' || e.code === 'timeout') && downloadStarted) showNotice('network-lost', () => s.networkLost);
    else if (e.code === 'network' || e.code === 'upstream') serverAway();
    else showNotice('failed', () => s.failed(`${e.message}${e.hint ? ` ${e.hint}` : ''}`));
  }
  return hearth;
}

const ready = start().catch((error: unknown) => {
  showNotice('failed', () => s.failed(HearthError.from(error).message));
  return undefined;
});

void ready.then(async (hearth) => {
  const state = hearth ? await hearth.consent.state('chat').catch(() => 'pending' as const) : 'pending';
  say($('consent-state'), () => s.consentNow(s.consentAnswers[state]));
  if (hearth) suggestSubject.addEventListener('click', () => void suggestSubjectFrom(hearth));
  suggestSubject.setAttribute('aria-disabled', String(!hearth));
  document.body.dataset['ready'] = 'true';
});

/**
 * "Suggest a subject": the message summarized as a short headline (the SDK's summarize task, on
 * whichever route the plan gives), written into the Subject field; the badge shows where it ran,
 * read from the answer's own route.
 */
async function suggestSubjectFrom(hearth: Hearth): Promise<void> {
  if (suggestSubject.getAttribute('aria-disabled') === 'true') return;
  const message = $<HTMLTextAreaElement>('body').value.trim();
  if (!message) {
    say(subjectStatus, () => s.subjectNeedsBody);
    return;
  }
  if (!modelUsable) {
    say(subjectStatus, () => s.subjectOff);
    return;
  }
  suggestSubject.setAttribute('aria-disabled', 'true');
  say(subjectStatus, () => s.subjectWorking);
  try {
    const { text, routes } = await hearth.run('summarize', message, { type: 'headline', length: 'short', format: 'plain-text', maxTokens: 24 });
    const route = routes.at(-1);
    if (route) where.update({ ...route, declined: consentAnswer === 'denied', switched: routes.length > 1 });
    // A subject is one line: whatever the model wrote, its whitespace folded and Markdown marks dropped.
    const subject = text
      .replace(/[#*_`>]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (subject) $<HTMLInputElement>('subject').value = subject;
    say(subjectStatus, () => (subject ? s.subjectDone : s.subjectEmpty));
  } catch (error) {
    say(subjectStatus, () => describe(error));
  } finally {
    suggestSubject.setAttribute('aria-disabled', 'false');
  }
}

$<HTMLSelectElement>('policy').addEventListener('change', (event) => reloadWith('policy', (event.target as HTMLSelectElement).value));
$<HTMLSelectElement>('language').addEventListener('change', (event) => setLanguage((event.target as HTMLSelectElement).value === 'fr' ? 'fr' : 'en'));
$('revoke').addEventListener('click', async () => {
  const hearth = await ready;
  await hearth?.consent.revoke();
  location.reload();
});
$('mail').addEventListener('submit', (event) => event.preventDefault());

function reloadWith(name: string, value: string): void {
  sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ subject: $<HTMLInputElement>('subject').value, body: $<HTMLTextAreaElement>('body').value }));
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  location.assign(url);
}
