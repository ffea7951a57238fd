import {
  HearthError,
  type DeviceProfile,
  type EngineV1,
  type OpenAIChatCompletion,
  type OpenAIChatCompletionChunk,
  type OpenAIChatCompletionRequest,
  type Plan,
  type Route,
  type RouteInfo,
  type RoutePolicy,
  type StreamPart,
  type TaskName,
} from '@hearth/spec';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { mergeCatalog, shippedCatalog } from '../catalog/load-catalog.ts';
import { collectStream } from '../engines/shared/collect-stream.ts';
import { StoreClient } from '../hub/store-client.ts';
import { parseChatCompletionRequest } from '../openai/chat-request.ts';
import { newCompletionIdentity, toChatCompletion, toChatCompletionChunks } from '../openai/chat-response.ts';
import { plan as planRoutes, type RemoteTarget } from '../planner/plan.ts';
import { TASK_DEFAULTS } from '../planner/task-defaults.ts';
import { probeDevice } from '../probe/probe-device.ts';
import { FallbackEngine, type Route as FallbackRoute } from '../routing/fallback-engine.ts';
import { runTask, type TaskKind, type TaskRunArgs } from '../tasks/run-task.ts';
import { deviceClassOf } from '../eval/device-class.ts';
import { createEvaluation, type EvaluatedResult, type EvaluatedRunArgs } from '../eval/evaluated-run.ts';
import type { TelemetryControl } from '../eval/telemetry-reporter.ts';
import { RedactingEngine } from '../privacy/redacting-engine.ts';
import { consentStateOf, openConsentStorage, type ConsentStorage } from './consent-keeper.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { RouteSlot } from './route-slot.ts';
import { downloadModel, type DownloadControl, type HearthStore } from './download-model.ts';
import { guardedFetch } from './egress-guard.ts';
import { engineForRoute, loadRequestForRoute, readManifest, routeInfo } from './engine-for-route.ts';
import {
  HEARTH_DEFAULTS,
  type ConsentAnswer,
  type ConsentRequest,
  type GatewayOption,
  type HearthAvailability,
  type HearthEvent,
  type HearthOptions,
} from './hearth-options.ts';

type CreateOptions = { signal?: AbortSignal };

/** A W3C-style download monitor: `downloadprogress` events with `loaded` from 0 to 1, and Hearth's bytes beside it. */
export type DownloadMonitor = (target: EventTarget) => void;

export interface PrepareOptions {
  task?: TaskKind | 'chat';
  signal?: AbortSignal;
  monitor?: DownloadMonitor;
}

export interface Prepared {
  /** Where requests for this task run now. */
  route: RouteInfo;
  /** The user's answer for the device model (`not-asked` when nothing needed one). */
  consent: 'granted' | 'denied' | 'pending' | 'not-asked';
}

export interface Hearth {
  chat: {
    completions: {
      create(body: OpenAIChatCompletionRequest & { stream: true }, options?: CreateOptions): Promise<AsyncIterable<OpenAIChatCompletionChunk>>;
      create(body: OpenAIChatCompletionRequest & { stream?: false }, options?: CreateOptions): Promise<OpenAIChatCompletion>;
    };
  };
  /**
   * A writing task in one call (summarize, write, rewrite, proofread, extract, classify): planned,
   * run where the policy and the device allow, handed over if the device fails. The result names
   * the prompt pack and the routes it ran on. @example await hearth.run('proofread', draft)
   */
  run<K extends TaskKind>(task: K, input: string, ...options: EvaluatedRunArgs<K>): Promise<EvaluatedResult<K>>;
  /** An EngineV1 that plans each request for `task` and walks its routes: for the task classes and anything taking an engine. */
  engineFor(task?: TaskKind | 'chat'): EngineV1;
  /** The routed engine for chat (`engineFor('chat')`). */
  readonly engine: EngineV1;
  /** Whether the task can run, and whether the device must download first; with the plan's reasons. */
  availability(task?: TaskKind | 'chat'): Promise<HearthAvailability>;
  /** Consent, then the download with progress, then the engine loaded: afterwards a request starts at once. */
  prepare(options?: PrepareOptions): Promise<Prepared>;
  /** Pauses the running download (verified chunks stay); `resume()` goes on from there. */
  pause(): void;
  resume(): void;
  /** The plan for a task, as the next request would use it. */
  plan(task?: TaskKind | 'chat'): Promise<Plan>;
  consent: {
    /** The kept answer for the model a task would download (`pending` until the user answers). */
    state(task?: TaskKind | 'chat'): Promise<'granted' | 'denied' | 'pending'>;
    /** Answers a `consent-needed` event (the default way Hearth asks). */
    answer(answer: ConsentAnswer): void;
    /** Withdraws the user's yes: stops the device engine and its download, removes the models consent brought (unless pinned). */
    revoke(): Promise<void>;
  };
  /**
   * The Content-Security-Policy this app's pages should send for its policy: the browser then
   * blocks what Hearth's code should never send (see contentSecurityPolicy).
   */
  csp(options?: { reportUri?: string; connect?: readonly string[] }): string;
  /** Private telemetry (`telemetry` option): on or off at run time, and a flush for a page about to close. */
  readonly telemetry: TelemetryControl;
  /** Ends every Worker and download. */
  destroy(): Promise<void>;
}

const TASK_OF: Record<TaskKind | 'chat', TaskName> = {
  chat: 'chat',
  summarize: 'summarize',
  write: 'write',
  rewrite: 'rewrite',
  proofread: 'proofread',
  extract: 'extract',
  classify: 'extract',
};

/**
 * Hearth in one call: plans where each request runs from this device's profile, the catalog, the
 * app's policy and the user's consent; asks the user before anything is downloaded; downloads
 * with progress; runs the model in a Worker; hands a request that fails mid-answer to the owner's
 * gateway; and says where each answer ran (a `route` part, `chunk.hearth.route`).
 *
 * @example
 * const hearth = createHearth({ models: ['qwen2.5-0.5b-instruct'] });
 * await hearth.prepare({ monitor: (m) => m.addEventListener('downloadprogress', (e) => bar.value = e.loaded) });
 * const { correctedInput } = await hearth.run('proofread', draft);
 */
export function createHearth(options: HearthOptions = {}): Hearth {
  checkOptions(options);
  const policy: RoutePolicy = options.policy ?? HEARTH_DEFAULTS.policy;
  const consentMode = options.consent ?? HEARTH_DEFAULTS.consent;
  const idleMs = options.idleMs ?? HEARTH_DEFAULTS.idleMs;
  const stallMs = options.stallMs ?? HEARTH_DEFAULTS.stallMs;
  const emit = (event: HearthEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug never breaks a request.
    }
  };
  const gateway = resolveGateway(options.gateway);
  const thirdParty = policy === 'any' ? options.thirdParty : undefined;
  // The egress guard: remote routes reach only what the policy allows, nothing at all under device-only.
  const allowedOrigins = new Set<string>();
  if (policy !== 'device-only' && gateway) allowedOrigins.add(new URL(gateway.url).origin);
  if (thirdParty) allowedOrigins.add(new URL(thirdParty.baseUrl).origin);
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const remoteFetch = guardedFetch(allowedOrigins, policy, baseFetch);
  const base = gateway ? new URL(gateway.url) : undefined;

  let catalog: Catalog | undefined;
  const getCatalog = (): Catalog =>
    (catalog ??= options.catalog && options.catalog.length > 0 ? mergeCatalog(shippedCatalog(), options.catalog) : shippedCatalog());
  let profile: Promise<DeviceProfile> | undefined;
  const getProfile = (): Promise<DeviceProfile> => (profile ??= options.profile ? Promise.resolve(options.profile) : probeDevice());
  const evaluation = createEvaluation({
    evaluators: options.evaluators,
    telemetry: options.telemetry,
    policy,
    endpoint: gateway ? `${gatewayApi(gateway.url)}/telemetry` : undefined,
    token: gateway?.token,
    fetch: baseFetch,
    deviceClass: async () => deviceClassOf(await getProfile()),
    judgeEngine: () => engineFor('classify'),
  });
  let consents: Promise<ConsentStorage> | undefined;
  const getConsents = (): Promise<ConsentStorage> => (consents ??= options.consentStorage ? Promise.resolve(options.consentStorage) : openConsentStorage());
  let store: HearthStore | undefined;
  const getStore = (): HearthStore =>
    (store ??=
      options.store ?? StoreClient.inWorker(() => new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-store' })));

  let selfHosted: Promise<{ target?: RemoteTarget; why?: string }> | undefined;
  const getSelfHosted = (): Promise<{ target?: RemoteTarget; why?: string }> =>
    (selfHosted ??= (async () => {
      if (policy === 'device-only' || !gateway) return gateway ? {} : { why: 'no gateway is configured (gateway)' };
      const baseUrl = gatewayApi(gateway.url);
      const redact = options.redaction?.selfHosted ?? true;
      if (gateway.model) return { target: { baseUrl, model: gateway.model, name: "the app's gateway", redact } };
      try {
        const response = await remoteFetch(`${baseUrl}/models`, gateway.token ? { headers: { Authorization: `Bearer ${gateway.token}` } } : {});
        if (!response.ok) return { why: `the gateway's /v1/models answered HTTP ${response.status}` };
        const id = ((await response.json()) as { data?: Array<{ id: string }> }).data?.[0]?.id;
        return id ? { target: { baseUrl, model: id, name: "the app's gateway", redact } } : { why: 'the gateway serves no model' };
      } catch (error) {
        // Asked again next time: a gateway that was down may be back.
        selfHosted = undefined;
        return { why: `the gateway did not answer (${HearthError.from(error, 'network').message})` };
      }
    })());

  const slots = new Map<string, RouteSlot>();
  const downloads = new Map<string, { control: DownloadControl; abort: AbortController; settled: Promise<void> }>();
  const stored = new Set<string>();
  let pendingAnswer: ((answer: ConsentAnswer) => void) | undefined;
  /** Per task, the device model the user is (or would be) asked about. */
  const consentCandidates = new Map<TaskKind | 'chat', Route>();

  // ---- planning -------------------------------------------------------------------------------

  async function makePlan(kind: TaskKind | 'chat'): Promise<Plan> {
    const task = TASK_OF[kind];
    if (!task)
      throw new HearthError({
        code: 'invalid_request',
        message: `Unknown task ${JSON.stringify(kind)}.`,
        hint: `Use one of: ${Object.keys(TASK_OF).join(', ')}.`,
        data: { field: 'task' },
      });
    const remote = await getSelfHosted();
    if (options.engine) return appEnginePlan(task, remote.target);
    const [deviceProfile, consentStorage] = await Promise.all([getProfile(), getConsents()]);
    const cat = getCatalog();
    const allowed = options.models ? cat.models.filter((m) => options.models!.includes(m.id)) : cat.models.filter((m) => !m.demo);
    const longest = Math.max(0, ...allowed.map((m) => m.contextLength));
    const input = {
      task,
      profile: deviceProfile,
      catalog: cat,
      policy,
      ...(options.models ? { models: options.models } : {}),
      ...(remote.target ? { selfHosted: remote.target } : {}),
      ...(thirdParty ? { thirdParty: { baseUrl: thirdParty.baseUrl, model: thirdParty.model, ...(thirdParty.name ? { name: thirdParty.name } : {}) } } : {}),
      ...(longest > 0 ? { contextSize: Math.min(TASK_DEFAULTS[task].contextSize, longest) } : {}),
    };
    let result: Plan;
    if (consentMode === 'granted') {
      result = planRoutes({ ...input, consent: 'granted', cached: [...stored] });
    } else {
      // First without any yes: the model the user would be asked about; then with their kept answer for it.
      // Under device-only that first plan has no route at all and fails, naming the model in its
      // error; a kept yes must still get past it, or a device-only page could never run its model.
      let first: Plan | undefined;
      let unplanned: unknown;
      let candidate: Route | undefined;
      try {
        first = planRoutes({ ...input, consent: 'pending' });
        candidate = first.awaitingConsent ?? first.routes.find((r) => r.where === 'device' && r.engine !== 'builtin');
      } catch (error) {
        candidate = HearthError.from(error).data?.['awaitingConsent'] as Route | undefined;
        if (!candidate) throw error;
        unplanned = error;
      }
      if (candidate) consentCandidates.set(kind, candidate);
      const state = candidate ? consentStateOf(await consentStorage.get(keyOf(candidate))) : 'pending';
      if (state !== 'pending') result = planRoutes({ ...input, consent: state, cached: [...stored] });
      else if (first) result = withoutUnconsentedDevice(first);
      else throw unplanned;
    }
    if (remote.why && policy !== 'device-only')
      result.rejected.push({ engine: 'remote', backend: 'server', where: 'self-hosted', reasons: [{ code: 'not-configured', text: remote.why }] });
    emit({ type: 'plan', task, plan: result });
    return result;
  }

  function appEnginePlan(task: TaskName, target: RemoteTarget | undefined): Plan {
    const engine = options.engine!;
    const device: Route = {
      engine: 'llama-wasm',
      backend: 'cpu',
      where: 'device',
      modelId: engine.engineId,
      redact: false,
      contextSize: 0,
      downloadBytes: 0,
      reason: 'the engine the app loaded itself',
    };
    const routes = [device];
    if (target) routes.push(remoteRoute(target, 'self-hosted'));
    return { planVersion: 1, task, policy, consent: 'not-asked', routes, rejected: [] };
  }

  function remoteRoute(target: RemoteTarget, where: 'self-hosted' | 'third-party'): Route {
    return {
      engine: 'remote',
      backend: 'server',
      where,
      modelId: target.model,
      baseUrl: target.baseUrl,
      redact: where === 'third-party' || (target.redact ?? true),
      contextSize: 0,
      downloadBytes: 0,
      reason: `${target.name ?? 'a server'} (${target.baseUrl})`,
    };
  }

  // ---- engines --------------------------------------------------------------------------------

  function slotFor(route: Route): RouteSlot {
    const key = `${route.engine}:${keyOf(route)}`;
    let slot = slots.get(key);
    if (!slot) {
      const info = routeInfo(route);
      slot = new RouteSlot({
        info,
        idleMs,
        exclusive: true,
        create: () =>
          options.engine
            ? options.engine
            : engineForRoute(route, { ...(base ? { base } : {}), ...(options.llamaWasm ? { llamaWasm: options.llamaWasm } : {}) }),
        loadRequest: (signal) => loadRequestForRoute(route, { ...(base ? { base } : {}), fetch: baseFetch, ...(signal ? { signal } : {}) }),
        onLoading: () => emit({ type: 'engine-loading', route: info }),
        onReady: (loadMs) => emit({ type: 'engine-ready', route: info, loadMs }),
        onStopped: (why) => emit({ type: 'engine-stopped', route: info, why }),
      });
      slots.set(key, slot);
    }
    return slot;
  }

  /** A remote route's engine, checked once that the server serves the model (again after it failed). */
  function remoteSlotFor(route: Route): RouteSlot {
    const key = `remote:${route.baseUrl}:${route.modelId}`;
    let slot = slots.get(key);
    if (!slot) {
      const apiKey = route.where === 'third-party' ? thirdParty?.apiKey : gateway?.token;
      const info = routeInfo(route);
      slot = new RouteSlot({
        info,
        // Nothing to end for a server; the check is cheap to repeat after an hour.
        idleMs: 60 * 60_000,
        create: () => engineForRoute(route, { fetch: remoteFetch, ...(apiKey ? { apiKey } : {}) }),
        loadRequest: async (signal) => ({ source: { type: 'url', url: route.baseUrl! }, ...(signal ? { signal } : {}) }),
      });
      slots.set(key, slot);
    }
    return slot;
  }

  function appEngineSlot(): EngineV1 {
    return options.engine!;
  }

  function routesFor(p: Plan): FallbackRoute[] {
    return p.routes.map((route) => {
      const info = routeInfo(route);
      if (route.where === 'device') {
        if (options.engine)
          return {
            label: `device (${options.engine.engineId})`,
            engine: appEngineSlot(),
            info: { ...info, engine: options.engine.engineId, model: options.engine.engineId },
          };
        if (consentMode === 'ask' && p.consent !== 'granted' && route.engine !== 'builtin')
          throw new HearthError({ code: 'internal', message: 'A device route was planned without consent.' });
        return { label: `device (${route.engine})`, engine: slotFor(route), info };
      }
      if (policy === 'device-only') throw new HearthError({ code: 'forbidden', message: 'The policy "device-only" allows no remote route.' });
      const label = route.where === 'self-hosted' ? 'self-hosted gateway' : 'third party';
      // Third parties always, the app's gateway unless the app said otherwise: redacted before sending,
      // restored on the way back; the redacting engine sends the route part, with the counts.
      if (route.redact || route.where === 'third-party')
        return { label, engine: new RedactingEngine(remoteSlotFor(route), info, options.redaction?.terms ? { terms: options.redaction.terms } : {}) };
      return { label, engine: remoteSlotFor(route), info };
    });
  }

  /** An EngineV1 that plans each request and runs it over the plan's routes. */
  function routedEngine(kind: TaskKind | 'chat'): EngineV1 {
    async function* doStream(request: Parameters<EngineV1['doStream']>[0]): AsyncIterable<StreamPart> {
      let engine: FallbackEngine;
      try {
        const p = await makePlan(kind);
        await ensureDeviceFiles(p, request.signal);
        engine = new FallbackEngine(routesFor(p), { stallMs });
      } catch (error) {
        yield { type: 'error', error: HearthError.from(error).toJSON() };
        return;
      }
      for await (const part of engine.doStream(request)) {
        if (part.type === 'route') emit({ type: 'route', route: part.route });
        else if (part.type === 'route-switch') emit({ type: 'route-switch', from: part.from, to: part.to, error: part.reason });
        yield part;
      }
    }
    return {
      specificationVersion: 'v1',
      engineId: 'hearth',
      // The app's model (the device and the gateway run the same one), so tasks use its prompt pack.
      modelName: options.models?.[0] ?? gateway?.model ?? options.engine?.modelName,
      load: async () => ({ architecture: 'hearth', contextSize: 0, vocabSize: 0 }),
      doStream,
      doGenerate: (request) => collectStream(doStream(request)),
      unload: async () => {},
    };
  }

  /** A granted device route whose files are not stored yet is downloaded first (progress as events). */
  async function ensureDeviceFiles(p: Plan, signal: AbortSignal | undefined): Promise<void> {
    if (options.engine) return;
    const route = p.routes.find((r) => r.where === 'device' && r.manifestUrl);
    if (!route || stored.has(keyOf(route)) || slotFor(route).loaded) return;
    try {
      await download(route, signal);
    } catch (error) {
      // The device cannot get its model (no room, the network): the next route answers, if any.
      if (p.routes.length === 1 || HearthError.from(error).code === 'aborted') throw error;
      p.routes.splice(p.routes.indexOf(route), 1);
    }
  }

  // ---- consent and download -------------------------------------------------------------------

  async function ask(request: ConsentRequest): Promise<ConsentAnswer> {
    emit({ type: 'consent-needed', request });
    if (options.askConsent) return options.askConsent(request);
    return new Promise((resolve) => (pendingAnswer = resolve));
  }

  async function download(route: Route, signal: AbortSignal | undefined, monitor?: EventTarget): Promise<void> {
    const key = keyOf(route);
    const running = downloads.get(key);
    if (running) {
      await waitForDownload(key, signal);
      return;
    }
    const abort = new AbortController();
    const manifestUrl = new URL(route.manifestUrl!, base ?? location.href).href;
    // What this consent brings is known before the first byte, so revoking mid-download removes the partial files too.
    const files = (await readManifest(manifestUrl, baseFetch, signal)).files.map((f) => f.sha256);
    const consentStorage = await getConsents();
    const record = await consentStorage.get(key);
    if (record?.state === 'granted') await consentStorage.put({ ...record, files });
    const job = downloadModel(getStore(), manifestUrl, {
      signal: signal ? AbortSignal.any([signal, abort.signal]) : abort.signal,
      ...(options.pin ? { pin: true } : {}),
      ...(options.download ? { settings: options.download } : {}),
      onProgress: (progress) => {
        emit({ type: 'download-progress', key, progress });
        monitor?.dispatchEvent(progressEvent(progress));
      },
      onPaused: (bytesDone) => emit({ type: 'download-paused', key, bytesDone }),
      onResumed: (bytesDone) => emit({ type: 'download-resumed', key, bytesDone }),
      onWaitingForNetwork: (error) => emit({ type: 'download-waiting-for-network', key, error: error.toJSON() }),
    });
    downloads.set(key, {
      control: job.control,
      abort,
      settled: job.done.then(
        () => {},
        () => {},
      ),
    });
    try {
      const result = await job.done;
      stored.add(key);
      const bytesFetched = 'stats' in result ? ((result as { stats: { bytesFetched?: number } }).stats.bytesFetched ?? 0) : 0;
      emit({ type: 'downloaded', key, bytesFetched });
    } catch (error) {
      // A model that cannot fit would hold the origin's storage for nothing: its partial files go.
      if (HearthError.from(error).code === 'quota_exceeded')
        for (const sha256 of files)
          await getStore()
            .delete(sha256)
            .catch(() => {});
      throw error;
    } finally {
      downloads.delete(key);
    }
  }

  /** Joins the download already running for `key` (its settled promise, not a poll); `signal` stops only this wait. */
  async function waitForDownload(key: string, signal: AbortSignal | undefined): Promise<void> {
    const running = downloads.get(key);
    if (running) {
      const stopped = new Promise<never>((_, reject) => {
        const stop = (): void => reject(HearthError.from(signal?.reason ?? new HearthError({ code: 'aborted', message: 'Cancelled.' })));
        if (signal?.aborted) stop();
        else signal?.addEventListener('abort', stop, { once: true });
      });
      stopped.catch(() => {});
      await Promise.race([running.settled, stopped]);
    }
    if (!stored.has(key)) throw new HearthError({ code: 'network', message: 'The model download did not finish.', hint: 'Call prepare() again.' });
  }

  async function prepare(prepareOptions: PrepareOptions = {}): Promise<Prepared> {
    const kind = prepareOptions.task ?? 'chat';
    const signal = prepareOptions.signal;
    const monitorTarget = prepareOptions.monitor ? new EventTarget() : undefined;
    if (monitorTarget) prepareOptions.monitor!(monitorTarget);
    let p: Plan;
    let awaiting: Route | undefined;
    try {
      p = await makePlan(kind);
      awaiting = p.awaitingConsent;
    } catch (error) {
      // Under device-only nothing can run before the yes, so the plan fails; it names the model to ask about.
      awaiting = HearthError.from(error).data?.['awaitingConsent'] as Route | undefined;
      if (consentMode !== 'ask' || !awaiting || options.engine) throw error;
      // Asked only while unanswered: a kept no stays a no.
      if (consentStateOf(await (await getConsents()).get(keyOf(awaiting))) !== 'pending') throw error;
      p = { planVersion: 1, task: TASK_OF[kind], policy, consent: 'pending', routes: [], rejected: [] };
    }
    let consent: Prepared['consent'] = consentMode === 'granted' ? 'not-asked' : p.consent === 'granted' || p.consent === 'denied' ? p.consent : 'pending';
    if (consentMode === 'ask' && awaiting && !options.engine) {
      const request = consentRequest(awaiting);
      const answer = await ask(request);
      const consentStorage = await getConsents();
      if (answer === 'later') emit({ type: 'consent', key: request.key, state: 'pending' });
      else {
        await consentStorage.put({ key: request.key, state: answer, at: Date.now(), files: [] });
        emit({ type: 'consent', key: request.key, state: answer });
      }
      consent = answer === 'later' ? 'pending' : answer;
      p = await makePlan(kind);
    }
    const first = p.routes[0];
    if (!first) throw new HearthError({ code: 'no_route', message: 'Nothing can run this task here.' });
    const device = p.routes.find((r) => r.where === 'device');
    if (device && !options.engine) {
      if (device.manifestUrl && !stored.has(keyOf(device))) await download(device, signal, monitorTarget);
      else monitorTarget?.dispatchEvent(progressEvent({ bytesDone: 1, bytesTotal: 1, fraction: 1, bytesPerSecond: 0, etaSeconds: 0 }));
      await slotFor(device).ready(signal);
      return { route: routeInfo(device), consent };
    }
    return { route: routeInfo(first), consent };
  }

  async function availability(kind: TaskKind | 'chat' = 'chat'): Promise<HearthAvailability> {
    let p: Plan;
    try {
      p = await makePlan(kind);
    } catch (error) {
      const e = HearthError.from(error);
      const rejected = Array.isArray(e.data?.['rejected']) ? (e.data['rejected'] as HearthAvailability['rejected']) : [];
      const awaiting = e.data?.['awaitingConsent'] as Route | undefined;
      // Under device-only, a model that waits only for the user's yes is still downloadable.
      if (awaiting) return { status: 'downloadable', routes: [], rejected, awaitingConsent: consentRequest(awaiting) };
      return { status: 'unavailable', routes: [], rejected, error: e.toJSON() };
    }
    const routes = p.routes.map(routeInfo);
    const device = p.routes.find((r) => r.where === 'device') ?? p.awaitingConsent;
    const out: HearthAvailability = { status: 'available', routes, rejected: p.rejected };
    if (p.awaitingConsent) out.awaitingConsent = consentRequest(p.awaitingConsent);
    if (device && device.manifestUrl && !options.engine) {
      const key = keyOf(device);
      if (downloads.has(key)) out.status = 'downloading';
      else if (!(stored.has(key) || (await isStored(device)))) out.status = 'downloadable';
    }
    return out;
  }

  /** Whether every file of the route's manifest is complete in the store (a returning visitor's model). */
  async function isStored(route: Route): Promise<boolean> {
    try {
      const manifest = await readManifest(new URL(route.manifestUrl!, base ?? location.href).href, baseFetch);
      const list = await getStore().list();
      const complete = new Set(list.filter((f) => f.state === 'complete').map((f) => f.sha256));
      const ok = manifest.files.every((f) => complete.has(f.sha256));
      if (ok) stored.add(keyOf(route));
      return ok;
    } catch {
      return false;
    }
  }

  async function revoke(): Promise<void> {
    const consentStorage = await getConsents();
    for (const record of await consentStorage.list()) {
      // The answer goes first: from now on nothing new starts on the device.
      await consentStorage.delete(record.key);
      stored.delete(record.key);
      emit({ type: 'consent', key: record.key, state: 'revoked' });
      const running = downloads.get(record.key);
      running?.abort.abort(
        new HearthError({
          code: 'forbidden',
          message: 'The user withdrew consent during the download.',
          hint: 'Ask again before downloading; requests go to the gateway meanwhile.',
          data: { reason: 'consent-revoked' },
        }),
      );
      for (const slot of slots.values())
        if (slot.info.where === 'device' && `${slot.info.model}/${slot.info.variant ?? ''}` === record.key) slot.retire('revoked');
      // The store lets go of a file only once its download has stopped.
      await running?.settled;
      if (!options.pin)
        for (const sha256 of record.files)
          await getStore()
            .delete(sha256)
            .catch(() => {});
    }
  }

  // ---- the OpenAI surface ----------------------------------------------------------------------

  const engines = new Map<string, EngineV1>();
  const engineFor = (kind: TaskKind | 'chat' = 'chat'): EngineV1 => {
    let engine = engines.get(kind);
    if (!engine) engines.set(kind, (engine = routedEngine(kind)));
    return engine;
  };

  function create(body: OpenAIChatCompletionRequest & { stream: true }, createOptions?: CreateOptions): Promise<AsyncIterable<OpenAIChatCompletionChunk>>;
  function create(body: OpenAIChatCompletionRequest & { stream?: false }, createOptions?: CreateOptions): Promise<OpenAIChatCompletion>;
  async function create(
    body: OpenAIChatCompletionRequest,
    createOptions: CreateOptions = {},
  ): Promise<AsyncIterable<OpenAIChatCompletionChunk> | OpenAIChatCompletion> {
    const parsed = parseChatCompletionRequest(body);
    if (createOptions.signal) parsed.request.signal = createOptions.signal;
    const identity = newCompletionIdentity(parsed.model);
    const parts = engineFor('chat').doStream(parsed.request);
    return parsed.stream ? toChatCompletionChunks(parts, identity, parsed.includeUsage) : toChatCompletion(parts, identity);
  }

  return {
    chat: { completions: { create } },
    run: (task, input, ...rest) =>
      evaluation.run(engineFor(task), task, input, rest[0], (engine, runOptions) =>
        runTask(engine, task, input, ...([runOptions] as TaskRunArgs<typeof task>)),
      ),
    telemetry: evaluation.telemetry,
    engineFor,
    get engine() {
      return engineFor('chat');
    },
    availability,
    prepare,
    pause: () => downloads.forEach((d) => d.control.pause()),
    resume: () => downloads.forEach((d) => d.control.resume()),
    plan: (kind = 'chat') => makePlan(kind),
    consent: {
      state: async (kind = 'chat') => {
        if (consentMode === 'granted') return 'granted';
        await makePlan(kind).catch(() => undefined);
        const candidate = consentCandidates.get(kind);
        return candidate ? consentStateOf(await (await getConsents()).get(keyOf(candidate))) : 'pending';
      },
      answer: (answer) => {
        const resolve = pendingAnswer;
        pendingAnswer = undefined;
        resolve?.(answer);
      },
      revoke,
    },
    csp: (cspOptions = {}) =>
      contentSecurityPolicy({ policy, ...(gateway ? { gateway: gateway.url } : {}), ...(thirdParty ? { thirdParty: thirdParty.baseUrl } : {}), ...cspOptions }),
    destroy: async () => {
      for (const d of downloads.values()) d.abort.abort(new HearthError({ code: 'aborted', message: 'Hearth was destroyed.' }));
      for (const slot of slots.values()) slot.retire('destroyed');
      slots.clear();
      (store as { terminate?: () => void } | undefined)?.terminate?.();
    },
  };
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'redaction',
  'engine',
  'gateway',
  'policy',
  'thirdParty',
  'catalog',
  'models',
  'consent',
  'askConsent',
  'onEvent',
  'idleMs',
  'stallMs',
  'pin',
  'download',
  'profile',
  'consentStorage',
  'store',
  'llamaWasm',
  'fetch',
  'telemetry',
  'evaluators',
]);
const POLICIES: ReadonlySet<string> = new Set(['device-only', 'device-or-self-hosted', 'any']);

/** Bad options fail at creation, each named, never later inside a request. */
function checkOptions(options: HearthOptions): void {
  const bad = (field: string, message: string, hint: string): HearthError => new HearthError({ code: 'invalid_request', message, hint, data: { field } });
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) throw bad(name, `createHearth has no option "${name}".`, `Known options: ${[...OPTION_NAMES].join(', ')}.`);
  }
  if (options.policy !== undefined && !POLICIES.has(options.policy))
    throw bad('policy', `Unknown policy ${JSON.stringify(options.policy)}.`, `Use one of: ${[...POLICIES].join(', ')}.`);
  if (options.consent !== undefined && options.consent !== 'ask' && options.consent !== 'granted')
    throw bad('consent', `Unknown consent ${JSON.stringify(options.consent)}.`, 'Use "ask" (Hearth asks the user) or "granted" (the app asked elsewhere).');
  const gatewayUrl = typeof options.gateway === 'string' ? options.gateway : options.gateway ? options.gateway.url : undefined;
  if (gatewayUrl !== undefined && !URL.canParse(gatewayUrl, typeof location === 'undefined' ? undefined : location.href))
    throw bad('gateway', `The gateway URL ${JSON.stringify(gatewayUrl)} is not a URL.`, 'Pass the gateway\'s origin, e.g. "https://ai.example.com".');
  if (options.thirdParty && options.policy !== 'any')
    throw bad(
      'thirdParty',
      `A third party is configured, but the policy "${options.policy ?? HEARTH_DEFAULTS.policy}" never sends text to one.`,
      'Set policy: "any" to allow it (text is redacted first), or remove thirdParty.',
    );
  for (const field of ['idleMs', 'stallMs'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw bad(field, `${field} must be a positive number of milliseconds.`, `Leave it out for the default (${HEARTH_DEFAULTS[field]} ms).`);
  }
}

/** `<model id>/<variant id>`: the key consent and storage use for a device route. */
function keyOf(route: Route): string {
  return `${route.modelId}/${route.variantId ?? ''}`;
}

function consentRequest(route: Route): ConsentRequest {
  const request: ConsentRequest = { key: keyOf(route), model: route.modelId, downloadBytes: route.downloadBytes, reason: route.reason, route };
  if (route.variantId !== undefined) request.variant = route.variantId;
  return request;
}

/** With the user not asked yet, nothing runs on the device that needs a model: only remote routes (and the browser's own model). */
function withoutUnconsentedDevice(p: Plan): Plan {
  const routes = p.routes.filter((r) => r.where !== 'device' || r.engine === 'builtin');
  if (routes.length === 0) {
    throw new HearthError({
      code: 'no_route',
      message: `Nothing can run "${p.task}" until the user agrees to download a model to this device${p.policy === 'device-only' ? ', and the policy "device-only" allows no server' : ''}.`,
      hint: 'Call hearth.prepare() to ask the user, or allow the self-hosted gateway (policy "device-or-self-hosted").',
      data: { task: p.task, policy: p.policy, consent: 'pending', rejected: p.rejected, ...(p.awaitingConsent ? { awaitingConsent: p.awaitingConsent } : {}) },
    });
  }
  return { ...p, routes };
}

function progressEvent(progress: { bytesDone: number; bytesTotal: number; fraction: number; bytesPerSecond: number; etaSeconds: number | undefined }): Event {
  // The drafts' ProgressEvent: `loaded` from 0 to 1 and `total` 1; Hearth's bytes beside them.
  const event = new Event('downloadprogress') as Event & Record<string, unknown>;
  Object.assign(event, {
    loaded: progress.fraction,
    total: 1,
    lengthComputable: true,
    bytes: progress.bytesDone,
    totalBytes: progress.bytesTotal,
    bytesPerSecond: progress.bytesPerSecond,
    etaSeconds: progress.etaSeconds,
  });
  return event;
}

function resolveGateway(option: HearthOptions['gateway']): GatewayOption | undefined {
  if (option === false) return undefined;
  const here = typeof location === 'undefined' ? undefined : location.href;
  if (typeof option === 'string') return { url: new URL(option, here).href };
  if (option) return { ...option, url: new URL(option.url, here).href };
  // Served as /sdk/hearth.js by a Hearth gateway: that gateway is the default.
  const self = import.meta.url;
  if (/\/sdk\/hearth\.js(\?|$)/.test(self)) return { url: new URL('/', self).href };
  return undefined;
}

function gatewayApi(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/$/, '');
  return `${u.origin}${path.endsWith('/v1') ? path : `${path}/v1`}`;
}
