/** What the `…Streaming()` methods return: a ReadableStream of strings that `for await` reads. */
export type ModelTextStream = ReadableStream<string> & AsyncIterable<string>;

/**
 * A `ReadableStream<string>` of text deltas, as the drafts' `…Streaming()` methods return
 * ("getting a streaming AI model result", writing-assistance-apis index.bs @ e411ad76,
 * 2026-08-03): chunks are enqueued as the model produces them, whether or not anyone reads yet;
 * aborting `signal` errors the stream with its reason at once; `cancel()` stops generation
 * quietly; any other failure errors the stream with `toError(failure)`. The stream is
 * async-iterable even where `ReadableStream` is not yet, so `for await` works as in the drafts.
 */
export function modelStream(
  signal: AbortSignal,
  source: (signal: AbortSignal) => AsyncIterable<string>,
  toError: (error: unknown) => unknown,
): ModelTextStream {
  const cancelled = new AbortController();
  const running = AbortSignal.any([signal, cancelled.signal]);
  const stream = new ReadableStream<string>({
    start(controller) {
      signal.addEventListener(
        'abort',
        () => {
          try {
            controller.error(signal.reason);
          } catch {
            // Already closed: an abort after the last chunk changes nothing.
          }
        },
        { once: true },
      );
      void (async () => {
        try {
          for await (const chunk of source(running)) {
            // Leaving the loop ends the source (its generation is aborted through `running`).
            if (running.aborted) return;
            controller.enqueue(chunk);
          }
          if (!running.aborted) controller.close();
        } catch (error) {
          if (!running.aborted) controller.error(toError(error));
        }
      })();
    },
    cancel() {
      cancelled.abort();
    },
  });
  return asyncIterable(stream);
}

/** Adds `[Symbol.asyncIterator]` where the browser's ReadableStream lacks it (Safari before 18.4). */
export function asyncIterable<T>(stream: ReadableStream<T>): ReadableStream<T> & AsyncIterable<T> {
  if (Symbol.asyncIterator in stream) return stream as ReadableStream<T> & AsyncIterable<T>;
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: async function* (): AsyncGenerator<T, void> {
      const reader = stream.getReader();
      let finished = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            finished = true;
            return;
          }
          yield value;
        }
      } catch (error) {
        finished = true;
        throw error;
      } finally {
        // Leaving the loop early cancels the stream, as the native iterator does.
        if (!finished) await reader.cancel().catch(() => {});
        reader.releaseLock();
      }
    },
  });
  return stream as ReadableStream<T> & AsyncIterable<T>;
}
