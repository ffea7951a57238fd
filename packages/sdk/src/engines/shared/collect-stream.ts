import { HearthError, type GenerateResult, type StreamPart, type ToolCall } from '@hearth/spec';

/** `doGenerate` for any engine: drain its stream into one result, or throw its error. */
export async function collectStream(stream: AsyncIterable<StreamPart>): Promise<GenerateResult> {
  let text = '';
  const tokenIds: number[] = [];
  const toolCalls: ToolCall[] = [];
  for await (const part of stream) {
    switch (part.type) {
      case 'tool-call-delta': {
        const call = (toolCalls[part.index] ??= { id: part.id ?? '', name: part.name ?? '', arguments: '' });
        call.arguments += part.argumentsText;
        break;
      }
      case 'text-delta':
        text += part.text;
        if (part.tokenIds) tokenIds.push(...part.tokenIds);
        break;
      case 'error':
        throw HearthError.fromJSON(part.error);
      case 'finish':
        return {
          text,
          tokenIds,
          finishReason: part.finishReason,
          usage: part.usage,
          ...(toolCalls.length > 0 ? { toolCalls: toolCalls.filter(Boolean) } : {}),
        };
    }
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}
