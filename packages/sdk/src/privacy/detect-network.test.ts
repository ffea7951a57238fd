import { describe, expect, it } from 'vitest';
import { isIpv6 } from './detect-ips.ts';
import { found, foundOf } from './test-support.ts';

describe('emails', () => {
  it('finds plus-addressing, subdomains, unicode and sentence-final addresses', () => {
    expect(foundOf('email', 'Mail marie.dupont+test@mail.acme.co.uk, jörg@müller.de. Or <a_b-c@x-y.io>')).toEqual([
      'marie.dupont+test@mail.acme.co.uk',
      'jörg@müller.de',
      'a_b-c@x-y.io',
    ]);
  });
  it('keeps handles and addresses without a domain', () => {
    expect(found('ping @marie or root@localhost')).toEqual([]);
  });
});

describe('urls', () => {
  it('redacts whole URLs with credentials or token-like parameters', () => {
    const urls = [
      'https://user:pass@example.com/x',
      'postgres://admin:s3cret@db.local:5432/app',
      'mongodb+srv://app:pw123@cluster0.example.net/db',
      'https://ghp_abcdefghij1234567890@github.com/org/repo.git',
      'https://example.com/cb?code=abc123&state=x',
      'https://api.example.com/v1?api_key=abcd1234efgh',
      'https://app.example.com/reset?token=9f8e7d6c5b4a',
      'https://bucket.s3.amazonaws.com/f.pdf?X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=abcdef0123456789',
      'https://app.example.com/#access_token=eyJabc.def&token_type=bearer',
      'https://example.com/p?accessToken=abcdef123',
      'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
      'www.example.com/login?session=abcdef123456',
    ];
    for (const url of urls) expect(foundOf('url', `see ${url}.`), url).toEqual([url]);
  });
  it('keeps ordinary URLs and pagination cursors', () => {
    expect(found('https://example.com/docs?page=2&lang=fr and https://example.com/list?pageToken=abc12345 and (https://example.com/a_(b))')).toEqual([]);
  });
});

describe('ips', () => {
  it('finds IPv4 and IPv6 in their usual forms', () => {
    expect(
      foundOf('ip', 'IP 192.168.1.10, 10.0.0.1:8080, 8.8.8.8. [2001:db8::1]:443 fe80::1%eth0 ::1 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ::ffff:192.0.2.128'),
    ).toEqual(['192.168.1.10', '10.0.0.1', '8.8.8.8', '2001:db8::1', 'fe80::1%eth0', '::1', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:192.0.2.128']);
  });
  it('keeps versions, longer dotted numbers, times, MACs and code', () => {
    expect(found('v1.2.3.4, version 1.2.3.4, Patch 2.3.4.5, 1.2.3.4.5, 256.1.1.1, at 12:30:45, MAC 00:1A:2B:3C:4D:5E, std::vector, Foo::Bar')).toEqual([]);
  });
  it('validates IPv6 group counts', () => {
    expect(isIpv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('12345::1')).toBe(false);
  });
});

describe('secrets', () => {
  const secrets = [
    'sk-proj-abc123def456ghi789jkl012mno345',
    'sk-ant-api03-abcdefghijklmnop1234567890',
    'sk_live_51HxYzAbCdEfGhIjKlMn',
    'ghp_1234567890abcdefghijklmnopqrstuvwxyz',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
    'xoxb-123456789012-abcdefghij',
    'AKIAIOSFODNN7EXAMPLE',
    'AIzaSyA1234567890abcdefghijklmnopqrstuv',
    'glpat-abcdefghij1234567890',
    'hf_abcdefghijklmnopqrstuvwxyz12345678',
    'npm_abcdefghijklmnopqrstuvwxyz0123456789',
    'shpat_0123456789abcdef0123456789abcdef',
    'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEF',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ];
  it('finds API keys by their vendor prefixes', () => {
    for (const s of secrets) expect(foundOf('secret', `key: ${s} ok`), s).toEqual([s]);
  });
  it('finds a private key block, and an AWS secret key by its label', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    expect(foundOf('secret', `here:\n${pem}\nthanks`)).toEqual([pem]);
    expect(foundOf('secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  });
  it('keeps prose that starts like a prefix', () => {
    expect(found('use sk-learn, the hf_hub module, ghp_short and task-1234')).toEqual([]);
  });
});
