// Safe rendering of model output (here, with the rest of Hearth's rendering): Markdown in, HTML or DOM nodes out, with no way to inject script or remote loads.
export { renderMarkdownSafely, escapeHtml, LINK_REL, type RenderMarkdownOptions } from './render-markdown-safely.ts';
export { renderMarkdownFragment, type RenderMarkdownFragmentOptions } from './render-markdown-fragment.ts';
export { parseMarkdown, parseInline, type MarkdownBlock, type MarkdownInline } from './parse-markdown.ts';
export { safeLinkUrl, SAFE_LINK_PROTOCOLS } from './safe-link-url.ts';
export { decodeEntities } from './decode-entities.ts';
