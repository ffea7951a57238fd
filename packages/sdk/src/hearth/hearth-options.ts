import type { DeviceProfile, EngineV1, Plan, Rejection, Route, RouteInfo, RoutePolicy, SerializedHearthError, TaskName } from '@hearth/spec';
import type { CatalogModelInput } from '../catalog/catalog-schema.ts';
import type { LlamaWasmEngineConfig } from '../engines/llama-wasm/llama-wasm-engine.ts';
import type { RemoteDownloadSettings } from '../hub/store-protocol.ts';
import type { ConsentStorage } from './consent-keeper.ts';
import type { Evaluator } from '../eval/evaluators.ts';
import type { TelemetryOptions } from '../eval/telemetry-reporter.ts';
import type { HearthStore } from './download-model.ts';

/** The user's answer to "download and run this model on your device?"; `later` asks again another time. */
export type ConsentAnswer = 'granted' | 'denied' | 'later';

/** What the user is asked about: one model, its size, and why it was chosen. */
export interface ConsentRequest {
  /** `<model id>/<variant id>`: the key the answer is kept under. */
  key: string;
  model: string;
  variant?: string;
  /** Bytes to download (0 when already stored). */
  downloadBytes: number;
  /** The planner's reason, for a prompt that explains the choice. */
  reason: string;
  /** The planned route the reason describes (engine, memory, speed as data), for a prompt in another language. */
  route?: Route;
}

export interface GatewayOption {
  /** The gateway's origin or its `/v1` URL. */
  url: string;
  /** A short-lived browser token from the gateway's `POST /v1/tokens`, sent as a Bearer token. */
  token?: string;
  /** The model id the gateway serves; default the first of its `/v1/models`. */
  model?: string;
}

export interface ThirdPartyOption {
  /** An OpenAI-compatible API, up to and including `/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  name?: string;
}

/** Hearth's events: what a UI shows (consent, progress, where an answer runs) and nothing the user wrote. */
export type HearthEvent =
  | { type: 'plan'; task: TaskName; plan: Plan }
  | { type: 'consent-needed'; request: ConsentRequest }
  | { type: 'consent'; key: string; state: 'granted' | 'denied' | 'pending' | 'revoked' }
  | { type: 'download-progress'; key: string; progress: DownloadProgress }
  | { type: 'download-paused'; key: string; bytesDone: number }
  | { type: 'download-resumed'; key: string; bytesDone: number }
  | { type: 'download-waiting-for-network'; key: string; error: SerializedHearthError }
  | { type: 'downloaded'; key: string; bytesFetched: number }
  | { type: 'engine-loading'; route: RouteInfo }
  | { type: 'engine-ready'; route: RouteInfo; loadMs: number }
  | { type: 'engine-stopped'; route: RouteInfo; why: 'idle' | 'crashed' | 'revoked' | 'destroyed' }
  | { type: 'route'; route: RouteInfo }
  | { type: 'route-switch'; from: string; to: string; error: SerializedHearthError };

/** Download progress a person can follow: bytes, total, speed and time left. */
export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
  /** 0 to 1. */
  fraction: number;
  bytesPerSecond: number;
  /** Seconds left at the current speed; undefined before the speed is known. */
  etaSeconds: number | undefined;
}

export interface HearthOptions {
  /** An engine the app made and loaded itself: then the only device route (no planning, no download). */
  engine?: EngineV1;
  /**
   * The app owner's gateway. Default: the origin that served `/sdk/hearth.js`, when Hearth was
   * loaded that way; `false` for none.
   */
  gateway?: string | GatewayOption | false;
  /** Default `device-or-self-hosted`. */
  policy?: RoutePolicy;
  /** Used only under policy `any`, always after redaction. */
  thirdParty?: ThirdPartyOption;
  /** Models added to the shipped catalog (validated like it). */
  catalog?: readonly CatalogModelInput[];
  /** Catalog model ids the app accepts; default every non-demo model. */
  models?: readonly string[];
  /** `ask` (default): nothing is downloaded or run on the device before the user says yes. `granted`: the app asked elsewhere. */
  consent?: 'ask' | 'granted';
  /** How to ask the user; default: a `consent-needed` event, answered with `hearth.consent.answer()`. */
  askConsent?: (request: ConsentRequest) => Promise<ConsentAnswer>;
  /** Called with every event; never with prompts or outputs. */
  onEvent?: (event: HearthEvent) => void;
  /** A device engine's Worker ends after this long unused, and starts again on demand. Default 5 minutes. */
  idleMs?: number;
  /** A route silent this long mid-answer is treated as failed and the next continues. Default 30 s. */
  stallMs?: number;
  /**
   * Redaction before text leaves the device: always for a third party; for the app's own gateway
   * unless `selfHosted: false`. `terms` are the app's own words to redact (the user's name, a client).
   */
  redaction?: { selfHosted?: boolean; terms?: readonly string[] };
  /** Keep the models consent brought when consent is revoked, and from eviction. */
  pin?: boolean;
  /** Downloader settings (chunk size, parallel requests). */
  download?: RemoteDownloadSettings;
  /** The device profile, when the app already probed; default `probeDevice()` once. */
  profile?: DeviceProfile;
  /** Where consent answers are kept; default IndexedDB in the browser. */
  consentStorage?: ConsentStorage;
  /** The model store; default a store Worker of Hearth's own (OPFS). */
  store?: HearthStore;
  llamaWasm?: LlamaWasmEngineConfig;
  fetch?: typeof fetch;
  /** Evaluators run on every `hearth.run` answer, where it was produced (a call adds its own with `evaluators`). */
  evaluators?: readonly Evaluator[];
  /**
   * Private reports to the gateway's `/v1/telemetry`: off unless given. Under policy `device-only`
   * nothing is sent unless `telemetry.underDeviceOnly` is true too.
   */
  telemetry?: TelemetryOptions;
}

/** `availability()`'s answer: the W3C states, with the plan's reasons. */
export interface HearthAvailability {
  status: 'unavailable' | 'downloadable' | 'downloading' | 'available';
  /** Where a request would run now, best first. */
  routes: RouteInfo[];
  rejected: Rejection[];
  /** The device model a yes would download. */
  awaitingConsent?: ConsentRequest;
  /** Why nothing can run, when `unavailable`. */
  error?: SerializedHearthError;
}

export const HEARTH_DEFAULTS = { policy: 'device-or-self-hosted', consent: 'ask', idleMs: 5 * 60_000, stallMs: 30_000 } as const satisfies Pick<
  HearthOptions,
  'policy' | 'consent' | 'idleMs' | 'stallMs'
>;
