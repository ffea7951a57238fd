import type { z } from 'zod';
import { HearthError } from '@hearth/spec';

/** A failed zod parse as OpenAI-style `invalid_request`, naming the first bad field in `data.param`. */
export function invalidRequestFromZod(error: z.ZodError, hint?: string): HearthError {
  const issue = error.issues[0];
  const param = issue ? issue.path.join('.') : '';
  return new HearthError({
    code: 'invalid_request',
    message: issue ? `Invalid value for '${param || 'body'}': ${issue.message}` : 'Invalid request body.',
    ...(hint === undefined ? {} : { hint }),
    data: { param: param || null },
  });
}
