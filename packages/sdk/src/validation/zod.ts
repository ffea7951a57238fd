import { z as zod } from 'zod';

/**
 * zod 4 compiles object parsers with `new Function` where it can, and probes for that by calling
 * `Function('')`: under the strict Content-Security-Policy Hearth's pages and Workers run with
 * (no 'unsafe-eval'), the probe itself files a violation report. Jitless parsing gives the same
 * results without evaluating code. Every SDK module takes zod from here. (A function, not a bare
 * `z.config()` beside a re-export: with `sideEffects: false` a bundler may skip this module's
 * body and import zod directly.)
 */
function jitless(z: typeof zod): typeof zod {
  z.config({ jitless: true });
  return z;
}

export const z = jitless(zod);
