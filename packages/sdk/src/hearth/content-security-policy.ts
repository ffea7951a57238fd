import { HearthError, type RoutePolicy } from '@hearth/spec';

export interface ContentSecurityPolicyOptions {
  policy: RoutePolicy;
  /** The gateway's origin (it serves `/models/`, `/sdk/` and `/v1/`); absent when there is none. */
  gateway?: string;
  /** A third party's API base URL (policy `any` only). */
  thirdParty?: string;
  /** Where `report-uri` sends violation reports, if anywhere. */
  reportUri?: string;
  /** The app's own endpoints the page may also fetch (origins or path prefixes). */
  connect?: readonly string[];
}

/**
 * The Content-Security-Policy a page using Hearth should send for its policy, so that the browser
 * itself, not only Hearth's code, stops a leak: scripts only from the page and the gateway's
 * `/sdk/`, WebAssembly compiled without `eval`, Workers only from files (no `blob:`), and
 * `connect-src` scoped by path. Under `device-only` the page may fetch the model files and the SDK
 * but nothing under `/v1/`, so no request can carry text to the gateway.
 *
 * wllama starts its own Worker from a `blob:` URL, which this policy blocks: pages under it run
 * Hearth's llama-wasm (the planner's pick wherever the page is cross-origin isolated).
 *
 * @example response.headers.set('Content-Security-Policy', contentSecurityPolicy({ policy: 'device-only', gateway: 'https://ai.example.com' }))
 */
export function contentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  const gateway = options.gateway === undefined ? undefined : originOf(options.gateway, 'gateway');
  // Under device-only no 'self': the gateway is often the page's own origin, and 'self' would open
  // its /v1/. Elsewhere the page's own origin is no secret to keep from it.
  const connect: string[] = [...(options.policy === 'device-only' ? [] : ["'self'"]), ...(options.connect ?? [])];
  const scripts = ["'self'", "'wasm-unsafe-eval'"];
  if (gateway) {
    // Path-scoped: the model files and the SDK, and the API only where the policy lets text leave.
    connect.push(`${gateway}/models/`, `${gateway}/sdk/`);
    if (options.policy !== 'device-only') connect.push(`${gateway}/v1/`);
    scripts.push(`${gateway}/sdk/`);
  }
  if (options.thirdParty !== undefined) {
    if (options.policy !== 'any')
      throw new HearthError({
        code: 'invalid_request',
        message: `A third party is allowed only under the policy "any", not "${options.policy}".`,
        data: { field: 'thirdParty' },
      });
    const u = new URL(options.thirdParty);
    connect.push(`${u.origin}${u.pathname.replace(/\/?$/, '/')}`);
  }
  const directives = [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    "worker-src 'self'",
    `connect-src ${connect.length > 0 ? unique(connect).join(' ') : "'none'"}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ];
  if (options.reportUri) directives.push(`report-uri ${options.reportUri}`);
  return directives.join('; ');
}

/**
 * The policy a Hearth Worker script runs under (a module Worker takes the CSP its script was
 * served with, not its page's): it reads model files and SDK files, and never the API.
 */
export function workerContentSecurityPolicy(gateway: string, reportUri?: string): string {
  const origin = originOf(gateway, 'gateway');
  // /assets/: where a bundled app's copies of the engines' wasm and glue live.
  const directives = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${origin}/sdk/`,
    "worker-src 'self'",
    `connect-src ${origin}/models/ ${origin}/sdk/ ${origin}/assets/`,
  ];
  if (reportUri) directives.push(`report-uri ${reportUri}`);
  return directives.join('; ');
}

function originOf(url: string, field: string): string {
  try {
    return new URL(url).origin;
  } catch (cause) {
    throw new HearthError({ code: 'invalid_request', message: `${field} ${JSON.stringify(url)} is not an absolute URL.`, data: { field }, cause });
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The policy of an app's Service Worker script, which caches the app shell: it may fetch the
 * page's own origin (its own code only GETs the shell, the SDK and the model list; the pages'
 * requests it does not answer keep the pages' own policy), nothing else, and runs no wasm.
 */
export function serviceWorkerContentSecurityPolicy(reportUri?: string): string {
  const directives = ["default-src 'none'", "script-src 'self'", "connect-src 'self'"];
  if (reportUri) directives.push(`report-uri ${reportUri}`);
  return directives.join('; ');
}
