import { describe, expect, it } from 'vitest';
import { renderMarkdownSafely } from './render-markdown-safely.ts';
import { safeLinkUrl } from './safe-link-url.ts';

// Every tag the renderer may write, with exactly the attributes it may write.
const ALLOWED_TAG = new RegExp(
  [
    '^</?(?:p|h[1-6]|pre|code|ul|ol|li|blockquote|table|thead|tbody|tr|th|td|em|strong|del)>$',
    '^<(?:br|hr)>$',
    '^<ol start="\\d+">$',
    '^<code class="language-[A-Za-z0-9_+#.-]+">$',
    '^<a href="(?:https?://|mailto:)[^"<>\\s]*" rel="noopener noreferrer nofollow">$',
    '^</a>$',
  ].join('|'),
);

/**
 * The output is safe when every `<` opens an allowed tag (so no input `<` survived unescaped) and
 * no href leads anywhere but http(s) or mailto. Checked on the HTML text itself, the way a
 * browser's tokenizer would meet it.
 */
function expectSafe(html: string): void {
  for (const match of html.matchAll(/<[^>]*>?/g)) expect(match[0], html).toMatch(ALLOWED_TAG);
  expect(html).not.toMatch(/<(?:script|img|svg|iframe|object|embed|style|meta|link|body|math|base|form|input)/i);
  expect(html).not.toMatch(/<!--/);
}

// From the OWASP XSS Filter Evasion Cheat Sheet and the Markdown-specific variants of it.
const PAYLOADS: ReadonlyArray<readonly [string, string]> = [
  ['script tag', '<script>alert(1)</script>'],
  ['script with src', '<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>'],
  ['unbalanced script', '<<SCRIPT>alert("XSS");//<</SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['img javascript src', `<IMG SRC="javascript:alert('XSS');">`],
  ['img mixed case scheme', "<IMG SRC=JaVaScRiPt:alert('XSS')>"],
  ['img with entities', '<IMG SRC=javascript:alert(&quot;XSS&quot;)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['html comment', '<!-- <script>alert(1)</script> -->'],
  ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['body onload', '<body onload=alert(1)>'],
  ['style import', "<style>@import 'http://evil.example/x.css';</style>"],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['html anchor with onclick', '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ['html anchor with tab in scheme', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ['markdown javascript link', '[x](javascript:alert(1))'],
  ['upper case scheme', '[x](JAVASCRIPT:alert(1))'],
  ['tab entity inside the scheme', '[x](jav&#x09;ascript:alert(1))'],
  ['newline entity inside the scheme', '[x](jav&#x0A;ascript:alert(1))'],
  ['decimal entities', '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))'],
  [
    'padded decimal entities without semicolons',
    '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
  ],
  ['hex entities', '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))'],
  ['named colon', '[x](javascript&colon;alert(1))'],
  ['pointy brackets', '[x](<javascript:alert(1)>)'],
  ['leading space', '[x]( javascript:alert(1))'],
  ['leading control character', '[x](\u0001javascript:alert(1))'],
  ['zero width space', '[x](java\u200bscript:alert(1))'],
  ['escaped colon', '[x](javascript\\:alert(1))'],
  ['vbscript', '[x](vbscript:msgbox(1))'],
  ['data html', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data svg image', '![x](data:image/svg+xml,<svg onload=alert(1)>)'],
  ['javascript image', '![x](javascript:alert(1))'],
  ['remote image', '![tracking pixel](https://evil.example/pixel.png)'],
  ['autolink javascript', '<javascript:alert(1)>'],
  ['autolink with quote', '<https://example.com/"onmouseover="alert(1)>'],
  ['link title breaking out', '[x](https://ok.example "t\\" onmouseover=\\"alert(1)")'],
  ['destination with markup', '[x](https://ok.example/"><script>alert(1)</script>)'],
  ['html inside strong', '**<img src=x onerror=alert(1)>**'],
  ['html inside a link label', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['link inside a link label', '[[x](javascript:alert(1))](https://ok.example)'],
  ['html in a heading', '# <script>alert(1)</script>'],
  ['html in a table cell', '| a |\n|---|\n| <img src=x onerror=alert(1)> |'],
  ['html in a list in a quote', '> - <svg/onload=alert(1)>'],
  ['code fence language breaking out', '```js" onclick="alert(1)\ncode\n```'],
  ['code fence with markup', '```\n</code></pre><script>alert(1)</script>\n```'],
  ['code span with markup', '`</code><script>alert(1)</script>`'],
  ['protocol-relative link', '[x](//evil.example/x.js)'],
  ['credentials in a link', '[your bank](https://bank.example@evil.example/login)'],
  ['file link', '[x](file:///etc/passwd)'],
  ['bare javascript url', 'javascript:alert(1)'],
  ['nested emphasis and html', '*a **b <b onmouseover=alert(1)>c</b>** d*'],
];

describe('renderMarkdownSafely against script injection', () => {
  for (const [name, payload] of PAYLOADS) {
    it(name, () => {
      const html = renderMarkdownSafely(payload);
      expectSafe(html);
      // Nothing that runs script reaches an attribute ("onerror=" may remain, escaped, as text).
      expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
    });
  }

  it('shows raw HTML as the text it is', () => {
    expect(renderMarkdownSafely('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(renderMarkdownSafely('<!-- hidden -->')).toBe('<p>&lt;!-- hidden --&gt;</p>');
  });

  it('keeps the label of a refused link, and drops the link', () => {
    expect(renderMarkdownSafely('[click me](javascript:alert(1))')).toBe('<p>click me</p>');
  });

  it('turns an image into a link to it (nothing loads by itself)', () => {
    expect(renderMarkdownSafely('![a cat](https://cats.example/cat.png)')).toBe(
      '<p><a href="https://cats.example/cat.png" rel="noopener noreferrer nofollow">a cat</a></p>',
    );
    expect(renderMarkdownSafely('![a cat](data:image/png;base64,AAAA)')).toBe('<p>a cat</p>');
  });

  it('percent-encodes what a URL cannot hold, so an href cannot end early', () => {
    expect(renderMarkdownSafely('<https://example.com/"onmouseover="alert(1)>')).toBe(
      '<p><a href="https://example.com/%22onmouseover=%22alert(1)" rel="noopener noreferrer nofollow">https://example.com/&quot;onmouseover=&quot;alert(1)</a></p>',
    );
  });

  it('survives pathological input in linear-ish time (unmatched delimiters, deep nesting)', () => {
    const nasty = ['*a '.repeat(20_000), '['.repeat(20_000), '> '.repeat(5_000) + 'x', '- '.repeat(2_000) + 'x', '`'.repeat(10_000), '**_'.repeat(10_000)];
    for (const input of nasty) expectSafe(renderMarkdownSafely(input));
  });
});

describe('renderMarkdownSafely renders the subset models write', () => {
  it('paragraphs, emphasis, strong, code and links', () => {
    expect(renderMarkdownSafely('Some **bold**, *em*, `a < b` and [docs](https://example.com/docs?a=1&b=2).\nSecond line.')).toBe(
      '<p>Some <strong>bold</strong>, <em>em</em>, <code>a &lt; b</code> and <a href="https://example.com/docs?a=1&amp;b=2" rel="noopener noreferrer nofollow">docs</a>.\nSecond line.</p>',
    );
  });

  it('headings, lists (nested, ordered), quotes, rules, code blocks, tables', () => {
    const md = '## Plan\n\n1. one\n2. two\n   - a\n   - b\n\n> note\n\n---\n\n```ts\nconst a = 1;\n```\n\n| k | v |\n|---|---|\n| x | `1` |';
    expect(renderMarkdownSafely(md)).toBe(
      [
        '<h2>Plan</h2>',
        '<ol>\n<li>one</li>\n<li>two\n<ul>\n<li>a</li>\n<li>b</li>\n</ul></li>\n</ol>',
        '<blockquote>\n<p>note</p>\n</blockquote>',
        '<hr>',
        '<pre><code class="language-ts">const a = 1;</code></pre>',
        '<table><thead><tr><th>k</th><th>v</th></tr></thead><tbody><tr><td>x</td><td><code>1</code></td></tr></tbody></table>',
      ].join('\n'),
    );
  });

  it('bare URLs and autolinks become links; trailing punctuation stays outside', () => {
    expect(renderMarkdownSafely('See https://example.com/a_(b). Or <mailto:me@example.com>.')).toBe(
      '<p>See <a href="https://example.com/a_(b)" rel="noopener noreferrer nofollow">https://example.com/a_(b)</a>. Or <a href="mailto:me@example.com" rel="noopener noreferrer nofollow">mailto:me@example.com</a>.</p>',
    );
  });

  it('a half-streamed answer renders (unclosed fence, unclosed emphasis)', () => {
    expect(renderMarkdownSafely('**Sum')).toBe('<p>**Sum</p>');
    expect(renderMarkdownSafely('```js\nlet a')).toBe('<pre><code class="language-js">let a</code></pre>');
  });

  it('entities show as their characters, escaped again on output', () => {
    expect(renderMarkdownSafely('Fish &amp; chips &lt;3 &#x1F41F;')).toBe('<p>Fish &amp; chips &lt;3 🐟</p>');
  });

  it('can open links in a new tab', () => {
    expect(renderMarkdownSafely('[a](https://a.example)', { openLinksInNewTab: true })).toBe(
      '<p><a href="https://a.example/" rel="noopener noreferrer nofollow" target="_blank">a</a></p>',
    );
  });
});

describe('safeLinkUrl', () => {
  it('accepts absolute http(s) and mailto only, normalized', () => {
    expect(safeLinkUrl('HTTPS://Example.COM/a')).toBe('https://example.com/a');
    expect(safeLinkUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
    for (const bad of ['/relative', 'example.com', 'javascript:alert(1)', 'data:,x', 'blob:https://a/b', 'ftp://a/b', 'https://a b.example', ''])
      expect(safeLinkUrl(bad), bad).toBeUndefined();
  });
});
