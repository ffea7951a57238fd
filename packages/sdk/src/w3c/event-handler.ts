/**
 * An event handler IDL attribute (`ondownloadprogress`, `oncontextoverflow`): one slot per
 * target and type, replaced by each assignment, called among the type's listeners in the order
 * it was first set.
 */
export class EventHandlerSlot<E extends Event = Event> {
  readonly #target: EventTarget;
  readonly #type: string;
  #handler: ((event: E) => unknown) | null = null;
  #listening = false;

  constructor(target: EventTarget, type: string) {
    this.#target = target;
    this.#type = type;
  }

  get(): ((event: E) => unknown) | null {
    return this.#handler;
  }

  set(handler: unknown): void {
    this.#handler = typeof handler === 'function' ? (handler as (event: E) => unknown) : null;
    if (this.#listening) return;
    this.#listening = true;
    const target = this.#target;
    this.#target.addEventListener(this.#type, (event) => this.#handler?.call(target, event as E));
  }
}
