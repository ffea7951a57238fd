// `@hearth/sdk/openai`: OpenAI's wire shapes, validated in and produced out (the gateway's routes
// and `hearth.chat.completions` use the same functions).
export { parseChatCompletionRequest, chatCompletionRequestSchema, CHAT_PARAMETERS } from '../openai/chat-request.ts';
export { toChatCompletionChunks, toChatCompletion, newCompletionIdentity, toOpenAIUsage, type CompletionIdentity } from '../openai/chat-response.ts';
export { parseCompletionRequest, completionRequestSchema } from '../openai/completion-request.ts';
export { toCompletionChunks, toCompletion, type OpenAICompletion } from '../openai/completion-response.ts';
export { invalidRequestFromZod } from '../openai/zod-error.ts';
