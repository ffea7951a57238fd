// zod 4 compiles object parsers with `new Function` where it can, and probes for that by calling
// `Function('')`: under the strict Content-Security-Policy Hearth's pages and Workers run with
// (no 'unsafe-eval'), the probe itself files a violation report. Jitless parsing gives the same
// results without evaluating code. Every SDK module takes zod from here; packages/sdk/package.json
// lists this file under `sideEffects`, so no bundler skips the call.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
