import { type Detection, type Finding, matchAll } from './pii-types.ts';

// Each pattern is a vendor's documented prefix plus a minimum body, so prose that merely starts
// the same way ("sk-learn", "hf_hub") stays. Bodies are lenient on length where vendors changed it.
const PATTERNS: readonly RegExp[] = [
  /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----|$)/g,
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and Anthropic (sk-ant-api03-).
  /(?<![\w-])sk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
  /(?<![\w-])(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /(?<![\w-])whsec_[A-Za-z0-9+/=]{24,}/g,
  /(?<![\w-])gh[pousr]_[A-Za-z0-9]{20,}/g,
  /(?<![\w-])github_pat_[A-Za-z0-9_]{20,}/g,
  /(?<![\w-])xox[abeoprs]-[A-Za-z0-9-]{10,}/g,
  /(?<![\w-])xapp-\d-[A-Za-z0-9-]{10,}/g,
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  // The AWS secret access key has no prefix; its name next to it is the only sign.
  // (Bounded spaces: the look-behind runs at every position.)
  /(?<=(?:aws_secret_access_key|aws_secret_key|secret_access_key|SecretAccessKey)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi,
  /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  /(?<![\w-])glpat-[A-Za-z0-9_-]{20,}/g,
  /(?<![\w-])hf_[A-Za-z0-9]{30,}/g,
  /(?<![\w-])npm_[A-Za-z0-9]{30,}/g,
  /(?<![\w-])shp(?:at|ss|ca|pa)_[A-Za-z0-9]{20,}/g,
  /(?<![\w-])SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT: base64url of '{"'
  /(?<![\w-])do[opr]_v1_[a-f0-9]{64}/g,
  /(?<![\w-])lin_api_[A-Za-z0-9]{32,}/g,
  /(?<![\w-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}/g,
  /(?<![\w-])sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}/g,
  /(?<![\w-])SK[0-9a-f]{32}(?![A-Za-z0-9])/g, // Twilio API key
  /(?<![\w-])r8_[A-Za-z0-9]{30,}/g,
  /(?<![\w-])(?:pplx|xai)-[A-Za-z0-9]{30,}/g,
  /(?<![\w-])gsk_[A-Za-z0-9]{30,}/g,
  /(?<![\w:])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g, // Telegram bot token
];

/** API keys and private keys recognised by their vendor's prefix. */
export function detectSecrets(text: string): Detection {
  const findings: Finding[] = [];
  for (const re of PATTERNS) findings.push(...matchAll(text, re, 'secret'));
  return { findings, keep: [] };
}
