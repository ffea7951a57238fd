import { parseMarkdown, type MarkdownBlock, type MarkdownInline } from './parse-markdown.ts';

export interface RenderMarkdownOptions {
  /** Open links in a new tab (`target="_blank"`; `rel` always has noopener noreferrer nofollow). */
  openLinksInNewTab?: boolean;
}

/** The `rel` every link gets: no window.opener, no Referer leaking the page, no ranking credit for model output. */
export const LINK_REL = 'noopener noreferrer nofollow';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Model output (Markdown) as HTML that cannot run script or load anything: every character of
 * the input reaches the HTML escaped, tags come only from a fixed list (p, h1-h6, pre, code, ul,
 * ol, li, blockquote, hr, table parts, em, strong, del, a, br), the only attributes are a checked
 * http(s)/mailto `href`, `rel`, `target`, `start` and a code block's `class="language-…"` (letters
 * and digits only). Raw HTML in the input is shown as text; images become links.
 *
 * @example output.innerHTML = renderMarkdownSafely(await summarizer.summarize(article));
 */
export function renderMarkdownSafely(markdown: string, options: RenderMarkdownOptions = {}): string {
  const link = `" rel="${LINK_REL}"${options.openLinksInNewTab ? ' target="_blank"' : ''}>`;
  const inline = (nodes: readonly MarkdownInline[]): string => nodes.map(renderInline).join('');
  function renderInline(node: MarkdownInline): string {
    switch (node.type) {
      case 'text':
        return escapeHtml(node.text);
      case 'code':
        return `<code>${escapeHtml(node.text)}</code>`;
      case 'emphasis':
        return `<em>${inline(node.children)}</em>`;
      case 'strong':
        return `<strong>${inline(node.children)}</strong>`;
      case 'delete':
        return `<del>${inline(node.children)}</del>`;
      case 'link':
        return `<a href="${escapeHtml(node.href)}${link}${inline(node.children)}</a>`;
      case 'break':
        return '<br>';
    }
  }
  const blocks = (nodes: readonly MarkdownBlock[]): string => nodes.map(renderBlock).join('\n');
  function renderBlock(node: MarkdownBlock): string {
    switch (node.type) {
      case 'paragraph':
        return `<p>${inline(node.children)}</p>`;
      case 'heading':
        return `<h${node.level}>${inline(node.children)}</h${node.level}>`;
      case 'code':
        return `<pre><code${node.language === undefined ? '' : ` class="language-${escapeHtml(node.language)}"`}>${escapeHtml(node.text)}</code></pre>`;
      case 'list': {
        const tag = node.ordered ? 'ol' : 'ul';
        const start = node.start === undefined ? '' : ` start="${node.start}"`;
        // A tight list's paragraphs are bare text in their items.
        const items = node.items.map(
          (item) => `<li>${item.map((b) => (node.tight && b.type === 'paragraph' ? inline(b.children) : renderBlock(b))).join('\n')}</li>`,
        );
        return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
      }
      case 'blockquote':
        return `<blockquote>\n${blocks(node.children)}\n</blockquote>`;
      case 'rule':
        return '<hr>';
      case 'table': {
        const head = `<thead><tr>${node.header.map((cell) => `<th>${inline(cell)}</th>`).join('')}</tr></thead>`;
        const body =
          node.rows.length === 0
            ? ''
            : `<tbody>${node.rows.map((row) => `<tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`).join('')}</tbody>`;
        return `<table>${head}${body}</table>`;
      }
    }
  }
  return blocks(parseMarkdown(markdown));
}
