// The model store's hashing Worker: SHA-256 of a download on a core of its own (see workerSha256).
import { serveSha256 } from './sha256-stream.ts';

serveSha256(self as unknown as Parameters<typeof serveSha256>[0]);
