import { type Detection, type Finding, type KeepSpan } from './pii-types.ts';

// Any scheme with an authority: https, ftp, wss, and the database and queue URLs
// (postgres://, mongodb+srv://, redis://, amqp://) that most often carry a password.
// Also "www." addresses written without a scheme.
const URL_RE = /(?<![\p{L}\p{N}_])(?:[a-z][a-z0-9+.-]{1,20}:\/\/|(?<![@.])www\.)[^\s<>"'`{}|\\^]+/giu;

/** Query or fragment parameters whose value is a credential. Compared lower-cased. */
const SECRET_PARAMS = new Set([
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'auth_token',
  'private_token',
  'session_token',
  'key',
  'api_key',
  'apikey',
  'api-key',
  'access_key',
  'secret',
  'client_secret',
  'secret_key',
  'sig',
  'signature',
  'password',
  'passwd',
  'pwd',
  'pass',
  'auth',
  'code',
  'otp',
  'jwt',
  'session',
  'session_id',
  'sessionid',
  'sid',
  'jsessionid',
  'phpsessid',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'awsaccesskeyid',
  'googleaccessid',
]);
// camelCase and prefixed names (accessToken, csrf_token, x_api_key); page tokens are cursors, not secrets.
const SECRET_PARAM_SUFFIX = /(?:token|secret|signature|password|passwd|apikey|api[_-]key|credentials?)$/;

// Webhook URLs whose path is the credential.
const WEBHOOK_HOSTS = /^(?:hooks\.slack\.com\/services\/|(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/|[\w-]+\.webhook\.office\.com\/)/i;

/**
 * URLs that carry a credential: a password (or a token as user name) before the host, a
 * token-like query or fragment parameter, or a webhook path. The whole URL is one finding.
 * Other URLs are kept, and phone detection stays out of them (their paths are full of ids).
 */
export function detectUrls(text: string): Detection {
  const findings: Finding[] = [];
  const keep: KeepSpan[] = [];
  if (!text.includes('://') && !/www\./i.test(text)) return { findings, keep };
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m !== null; m = URL_RE.exec(text)) {
    const trimmed = trimTrailing(m[0]);
    // A credential may end in punctuation ("password=Bonjour35*"): over-covering loses nothing, as
    // restore gives back exactly what was replaced, while trimming would leak its last characters.
    const url = hasCredential(trimmed) ? m[0].replace(/[.,;:!?'")\]]+$/, '') : trimmed;
    const start = m.index;
    const end = start + url.length;
    if (hasCredential(url)) findings.push({ type: 'url', start, end });
    else keep.push({ start, end, blocks: ['phone'] });
  }
  return { findings, keep };
}

/** Sentence punctuation after a URL is not part of it; a closing bracket is only when the URL opened it. */
function trimTrailing(url: string): string {
  let end = url.length;
  for (;;) {
    const ch = url[end - 1];
    if (ch === undefined) break;
    if ('.,;:!?\'"*'.includes(ch)) end--;
    else if (ch === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--;
    else if (ch === ']' && count(url.slice(0, end), '[') < count(url.slice(0, end), ']')) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function hasCredential(url: string): boolean {
  const scheme = url.indexOf('://');
  const rest = scheme === -1 ? url : url.slice(scheme + 3);
  // Up to the path or query: a password may contain "#" ("admin:Bonjour43#@db"), which would
  // otherwise read as a fragment.
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at > 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1 && colon < userinfo.length - 1) return true;
    // GitHub and GitLab accept a token as the user name: https://ghp_xxx@github.com/...
    if (/^[\w-]{16,}$/.test(userinfo) && /\d/.test(userinfo)) return true;
  }
  if (WEBHOOK_HOSTS.test(rest)) return true;
  const q = rest.search(/[?#]/);
  if (q === -1) return false;
  for (const pair of rest.slice(q + 1).split(/[&#;?]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = safeDecode(pair.slice(0, eq)).toLowerCase();
    const value = pair.slice(eq + 1);
    if (value.length < 4) continue;
    if (SECRET_PARAMS.has(name)) return true;
    if (SECRET_PARAM_SUFFIX.test(name) && !name.includes('page')) return true;
  }
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
