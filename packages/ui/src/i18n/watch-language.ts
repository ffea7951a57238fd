/** The `lang` an element follows: its own or its nearest ancestor's. */
function languageOf(element: Element): string {
  return element.closest('[lang]')?.getAttribute('lang') ?? '';
}

/**
 * Calls `onChange` when the language `element` follows changes (a `lang` attribute set on it or
 * above it), so a page can switch language at once, without a reload that would lose what the
 * person wrote. Returns a function that stops watching.
 */
export function watchLanguage(element: Element, onChange: () => void): () => void {
  let current = languageOf(element);
  const observer = new MutationObserver(() => {
    const now = languageOf(element);
    if (now === current) return;
    current = now;
    onChange();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  return () => observer.disconnect();
}
