import { HearthError } from '@hearth/spec';
import { parseMarkdown, type MarkdownBlock, type MarkdownInline } from './parse-markdown.ts';
import { LINK_REL, type RenderMarkdownOptions } from './render-markdown-safely.ts';

export interface RenderMarkdownFragmentOptions extends RenderMarkdownOptions {
  /** Default: the global `document`. */
  document?: Document;
}

/**
 * Model output (Markdown) as DOM nodes, built with createElement and text nodes: no HTML string is
 * ever parsed, so nothing in the input can become markup. The same tree and the same rules as
 * `renderMarkdownSafely` (a fixed set of elements; links only http(s)/mailto, with
 * rel="noopener noreferrer nofollow"; images as links).
 *
 * @example output.replaceChildren(renderMarkdownFragment(answer));
 */
export function renderMarkdownFragment(markdown: string, options: RenderMarkdownFragmentOptions = {}): DocumentFragment {
  const doc = options.document ?? (typeof document === 'undefined' ? undefined : document);
  if (!doc)
    throw new HearthError({
      code: 'unsupported',
      message: 'There is no DOM here to build nodes in.',
      hint: 'Pass options.document, or use renderMarkdownSafely() for an HTML string.',
    });
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, children: readonly Node[]): HTMLElementTagNameMap[K] => {
    const el = doc.createElement(tag);
    el.append(...children);
    return el;
  };
  const inline = (nodes: readonly MarkdownInline[]): Node[] =>
    nodes.map((node): Node => {
      switch (node.type) {
        case 'text':
          return doc.createTextNode(node.text);
        case 'code':
          return element('code', [doc.createTextNode(node.text)]);
        case 'emphasis':
          return element('em', inline(node.children));
        case 'strong':
          return element('strong', inline(node.children));
        case 'delete':
          return element('del', inline(node.children));
        case 'link': {
          const a = element('a', inline(node.children));
          a.setAttribute('href', node.href);
          a.setAttribute('rel', LINK_REL);
          if (options.openLinksInNewTab) a.setAttribute('target', '_blank');
          return a;
        }
        case 'break':
          return doc.createElement('br');
      }
    });
  const blocks = (nodes: readonly MarkdownBlock[]): Node[] =>
    nodes.map((node): Node => {
      switch (node.type) {
        case 'paragraph':
          return element('p', inline(node.children));
        case 'heading':
          return element(`h${node.level}`, inline(node.children));
        case 'code': {
          const code = element('code', [doc.createTextNode(node.text)]);
          if (node.language !== undefined) code.className = `language-${node.language}`;
          return element('pre', [code]);
        }
        case 'list': {
          // A tight list's paragraphs are bare text in their items.
          const items = node.items.map((item) =>
            element(
              'li',
              item.flatMap((b) => (node.tight && b.type === 'paragraph' ? inline(b.children) : blocks([b]))),
            ),
          );
          const list = element(node.ordered ? 'ol' : 'ul', items);
          if (node.start !== undefined) list.setAttribute('start', String(node.start));
          return list;
        }
        case 'blockquote':
          return element('blockquote', blocks(node.children));
        case 'rule':
          return doc.createElement('hr');
        case 'table': {
          const head = element('thead', [
            element(
              'tr',
              node.header.map((cell) => element('th', inline(cell))),
            ),
          ]);
          const body = element(
            'tbody',
            node.rows.map((row) =>
              element(
                'tr',
                row.map((cell) => element('td', inline(cell))),
              ),
            ),
          );
          return element('table', node.rows.length === 0 ? [head] : [head, body]);
        }
      }
    });
  const fragment = doc.createDocumentFragment();
  fragment.append(...blocks(parseMarkdown(markdown)));
  return fragment;
}
