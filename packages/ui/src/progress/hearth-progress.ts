import { defineOnce, el } from '../dom/el.ts';
import { HearthElement } from '../dom/hearth-element.ts';
import { formatByteCount } from '../i18n/ui-strings.ts';

/** The fields of a Hearth `downloadprogress` event (or a `download-progress` event's progress). */
export interface ProgressFigures {
  bytes: number;
  totalBytes: number;
  /** 0 to 1. */
  loaded: number;
  bytesPerSecond?: number;
  etaSeconds?: number | undefined;
}

export type ProgressState = 'downloading' | 'paused' | 'offline' | 'preparing' | 'done' | 'cancelled';

/**
 * `<hearth-progress>`: the model download a person can follow and control: bytes, percent, speed,
 * time left; pause, resume, cancel (as `hearth-pause`, `hearth-resume`, `hearth-cancel` events);
 * then an indeterminate "preparing" state until the model is loaded.
 *
 * @example
 * monitor: (m) => m.addEventListener('downloadprogress', (e) => progress.update(e))
 * progress.addEventListener('hearth-pause', () => hearth.pause());
 */
export class HearthProgressElement extends HearthElement {
  private figures: ProgressFigures = { bytes: 0, totalBytes: 0, loaded: 0 };
  private state: ProgressState = 'downloading';
  private bar: HTMLProgressElement | undefined;
  private text: HTMLParagraphElement | undefined;
  private live: HTMLParagraphElement | undefined;
  private toggle: HTMLButtonElement | undefined;
  private cancel: HTMLButtonElement | undefined;
  private lastAnnounced = -1;
  private label: HTMLParagraphElement | undefined;

  protected connected(): void {
    if (!this.bar) this.build();
  }

  /** The same download, in the new words. */
  protected relocalize(): void {
    const t = this.t();
    if (this.label) this.label.textContent = t.progressLabel;
    if (this.cancel) this.cancel.textContent = t.cancel;
    this.render();
  }

  /** New figures from the download. */
  update(figures: ProgressFigures): void {
    this.figures = figures;
    if (this.state === 'offline' || this.state === 'paused') {
      if (figures.bytes > 0 && this.state === 'offline') this.render();
      return;
    }
    this.state = figures.loaded >= 1 ? 'preparing' : 'downloading';
    this.render();
  }

  /** Moves to a state the figures cannot tell (paused, network lost, preparing, done, cancelled). */
  setState(state: ProgressState): void {
    this.state = state;
    this.render();
  }

  get currentState(): ProgressState {
    return this.state;
  }

  private build(): void {
    const t = this.t();
    const label = el('p', { id: `${this.id || 'hearth-progress'}-label` }, t.progressLabel);
    this.label = label;
    this.bar = el('progress', { max: '1', 'aria-labelledby': label.id });
    this.text = el('p', { class: 'hearth-detail' });
    // Announced at 10 % steps and on state changes, not at every event.
    this.live = el('p', { role: 'status', class: 'hearth-sr' });
    this.toggle = el('button', { type: 'button' }, t.pause);
    this.cancel = el('button', { type: 'button' }, t.cancel);
    this.toggle.addEventListener('click', () => {
      const paused = this.state === 'paused';
      this.setState(paused ? 'downloading' : 'paused');
      this.dispatchEvent(new CustomEvent(paused ? 'hearth-resume' : 'hearth-pause', { bubbles: true }));
      this.toggle?.focus();
    });
    this.cancel.addEventListener('click', () => {
      this.setState('cancelled');
      this.dispatchEvent(new CustomEvent('hearth-cancel', { bubbles: true }));
    });
    this.replaceChildren(
      el('div', { class: 'hearth-card' }, label, this.bar, this.text, this.live, el('div', { class: 'hearth-actions' }, this.toggle, this.cancel)),
    );
    this.render();
  }

  private render(): void {
    if (!this.bar || !this.text || !this.toggle || !this.cancel || !this.live) return;
    const t = this.t();
    const f = this.figures;
    const done = formatByteCount(f.bytes, t);
    const total = formatByteCount(f.totalBytes, t);
    const percent = Math.floor(f.loaded * 100);
    this.dataset['state'] = this.state;
    const downloading = this.state === 'downloading' || this.state === 'paused' || this.state === 'offline';
    this.toggle.hidden = !downloading;
    this.cancel.hidden = !downloading;
    this.toggle.textContent = this.state === 'paused' ? t.resume : t.pause;
    if (this.state === 'preparing') this.bar.removeAttribute('value');
    else this.bar.value = this.state === 'done' ? 1 : f.loaded;
    let line: string;
    switch (this.state) {
      case 'paused':
        line = t.progressPaused(done, total);
        break;
      case 'offline':
        line = f.bytes > 0 ? t.progressOffline(done) : t.progressOfflineBeforeStart;
        break;
      case 'preparing':
        line = t.progressPreparing;
        break;
      case 'done':
        line = t.progressDone;
        break;
      case 'cancelled':
        line = t.progressCancelled;
        break;
      default: {
        const parts = [t.progressBytes(done, total, percent)];
        if (f.bytesPerSecond) parts.push(t.progressSpeed(formatByteCount(f.bytesPerSecond, t)));
        if (f.etaSeconds !== undefined && f.etaSeconds > 0) parts.push(t.progressEta(f.etaSeconds));
        line = parts.join(' · ');
      }
    }
    this.text.textContent = line;
    const step = Math.floor(percent / 10);
    if (this.state !== 'downloading' || step !== this.lastAnnounced) {
      this.lastAnnounced = step;
      this.live.textContent = this.state === 'downloading' ? t.progressBytes(done, total, percent) : line;
    }
  }
}

export function defineHearthProgress(name = 'hearth-progress'): void {
  defineOnce(name, HearthProgressElement);
}
