/**
 * The components' look, set through CSS custom properties on any ancestor (or `:root`):
 * `--hearth-font`, `--hearth-text`, `--hearth-muted`, `--hearth-surface`, `--hearth-border`,
 * `--hearth-accent`, `--hearth-accent-text`, `--hearth-danger`, `--hearth-radius`, `--hearth-gap`.
 * The sheet is a constructed stylesheet (adoptedStyleSheets), so a CSP without 'unsafe-inline'
 * styles still applies it.
 */
const CSS = `
hearth-consent, hearth-progress, hearth-where-ran, hearth-assist {
  font-family: var(--hearth-font, inherit);
  color: var(--hearth-text, #1b1b1f);
  display: block;
}
hearth-consent[hidden], hearth-progress[hidden], hearth-where-ran[hidden], hearth-assist [hidden] { display: none !important; }
hearth-consent .hearth-card, hearth-progress .hearth-card {
  border: 1px solid var(--hearth-border, #8a8a96);
  border-radius: var(--hearth-radius, 8px);
  background: var(--hearth-surface, #ffffff);
  padding: calc(var(--hearth-gap, 0.75rem) * 1.25);
  display: grid;
  gap: var(--hearth-gap, 0.75rem);
}
hearth-consent h2 { margin: 0; font-size: 1.15rem; }
hearth-consent p, hearth-progress p { margin: 0; }
.hearth-actions { display: flex; flex-wrap: wrap; gap: var(--hearth-gap, 0.75rem); align-items: center; }
.hearth-actions button, hearth-assist button {
  font: inherit;
  border-radius: var(--hearth-radius, 8px);
  border: 1px solid var(--hearth-border, #8a8a96);
  background: var(--hearth-surface, #ffffff);
  color: var(--hearth-text, #1b1b1f);
  padding: 0.4rem 0.8rem;
  cursor: pointer;
}
.hearth-actions button.hearth-primary, hearth-assist button.hearth-primary {
  background: var(--hearth-accent, #1f4fd1);
  border-color: var(--hearth-accent, #1f4fd1);
  color: var(--hearth-accent-text, #ffffff);
}
.hearth-actions button:disabled, hearth-assist button:disabled, hearth-assist button[aria-disabled="true"] { opacity: 0.55; cursor: not-allowed; }
hearth-consent button:focus-visible, hearth-progress button:focus-visible, hearth-assist button:focus-visible, hearth-assist input:focus-visible {
  outline: 3px solid var(--hearth-accent, #1f4fd1);
  outline-offset: 2px;
}
hearth-progress progress { width: 100%; height: 0.9rem; accent-color: var(--hearth-accent, #1f4fd1); }
hearth-progress .hearth-detail, hearth-where-ran .hearth-detail { color: var(--hearth-muted, #4a4a55); }
hearth-progress[data-state="offline"] .hearth-card { border-color: var(--hearth-danger, #a4262c); }
hearth-where-ran { font-size: 0.95rem; }
.hearth-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
hearth-where-ran .hearth-where { font-weight: 600; }
hearth-where-ran[data-route="device"] .hearth-where::before { content: "● "; color: #1a7f37; }
hearth-where-ran[data-route="self-hosted"] .hearth-where::before { content: "● "; color: #9a6700; }
hearth-where-ran[data-route="third-party"] .hearth-where::before { content: "● "; color: var(--hearth-danger, #a4262c); }
hearth-assist .hearth-instruction { display: flex; gap: var(--hearth-gap, 0.75rem); flex-wrap: wrap; align-items: center; margin-bottom: 0.5rem; }
hearth-assist .hearth-instruction input { flex: 1 1 16rem; font: inherit; padding: 0.4rem; border: 1px solid var(--hearth-border, #8a8a96); border-radius: var(--hearth-radius, 8px); }
hearth-assist [role="toolbar"] { display: flex; flex-wrap: wrap; gap: 0.4rem; }
hearth-assist .hearth-status { min-height: 1.4em; margin: 0.5rem 0; color: var(--hearth-muted, #4a4a55); }
hearth-assist ul.hearth-suggestions { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.4rem; }
hearth-assist ul.hearth-suggestions li {
  display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center;
  border: 1px solid var(--hearth-border, #8a8a96); border-radius: var(--hearth-radius, 8px); padding: 0.4rem 0.6rem;
  background: var(--hearth-surface, #ffffff);
}
hearth-assist .hearth-change del { color: var(--hearth-danger, #a4262c); }
hearth-assist .hearth-change ins { color: #1a7f37; text-decoration: none; font-weight: 600; }
hearth-assist .hearth-source { font-size: 0.85em; color: var(--hearth-muted, #4a4a55); }
`;

let adopted = false;

/** Adds the components' stylesheet to the document once. */
export function adoptHearthTheme(doc: Document = document): void {
  if (adopted) return;
  adopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
