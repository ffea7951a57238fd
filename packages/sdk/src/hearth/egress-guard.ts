import { HearthError, type RoutePolicy } from '@hearth/spec';

/**
 * A `fetch` that reaches only the listed origins: what remote routes send requests through, so a
 * route, a redirect target or a catalog URL outside the policy fails before any byte leaves.
 * Redirects are followed only to allowed origins (`redirect: 'manual'` then checked).
 */
export function guardedFetch(allowed: ReadonlySet<string>, policy: RoutePolicy, inner: typeof fetch = globalThis.fetch.bind(globalThis)): typeof fetch {
  const check = (url: string): void => {
    const origin = new URL(url, typeof location === 'undefined' ? undefined : location.href).origin;
    if (!allowed.has(origin)) {
      throw new HearthError({
        code: 'forbidden',
        message: `The policy "${policy}" does not allow requests to ${origin}.`,
        hint:
          allowed.size === 0
            ? 'This policy keeps every request on the device.'
            : `Allowed: ${[...allowed].join(', ')}. Configure the gateway or thirdParty option to use another server.`,
        data: { origin, policy, allowed: [...allowed] },
      });
    }
  };
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    check(url);
    const response = await inner(input, { ...init, redirect: 'manual' });
    // An opaque redirect hides its target: follow none (OpenAI-compatible APIs do not redirect).
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      throw new HearthError({
        code: 'forbidden',
        message: `${new URL(url).origin} redirected a request; Hearth follows no redirect from a remote route.`,
        data: { status: response.status },
      });
    }
    return response;
  };
}
