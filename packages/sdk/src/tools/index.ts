// Tool calling on engines that enforce JSON schemas, in Hearth's documented format.
export { withToolCalls } from './with-tool-calls.ts';
export { toolEnvelopeSchema, renderToolPrompt, toolsActive, validateTools, type ToolEnvelopeOptions } from './tool-envelope.ts';
export { ToolEnvelopeReader, type ToolEnvelopeEvent } from './tool-envelope-reader.ts';
