// Worker entry: hosts a WllamaEngine behind Hearth's worker protocol.
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { serveEngine } from '../../worker/serve-engine.ts';
import type { MessageEndpoint } from '../../worker/protocol.ts';
import { WllamaEngine } from './wllama-engine.ts';

serveEngine(self as unknown as MessageEndpoint, new WllamaEngine({ wasmUrl }));
