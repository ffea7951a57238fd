import { stringsFor, type UiStrings } from '../i18n/ui-strings.ts';
import { watchLanguage } from '../i18n/watch-language.ts';
import { adoptHearthTheme } from '../theme/hearth-theme.ts';

/**
 * What Hearth's elements share: the theme adopted once connected, the strings for the page's
 * language (or the app's own), and their words said again when the page switches language.
 */
export abstract class HearthElement extends HTMLElement {
  /** Strings to show instead of the ones for the page's language. */
  strings: UiStrings | undefined;
  private unwatch: (() => void) | undefined;

  connectedCallback(): void {
    adoptHearthTheme();
    this.connected();
    this.unwatch ??= watchLanguage(this, () => this.relocalize());
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  /** The strings in use now. */
  protected t(): UiStrings {
    return this.strings ?? stringsFor(this);
  }

  /** Each time the element is connected (the first time, it builds itself). */
  protected abstract connected(): void;

  /** The page switched language: what is on screen again, in the new words, nothing else changed. */
  protected abstract relocalize(): void;
}
