import { describe, expect, it } from 'vitest';
import { schemaConversionError } from './llama-wasm-status.ts';

// The messages are verbatim what llama.cpp's converter (common/json-schema-to-grammar.cpp and
// json-schema.cpp at the pinned commit) throws or prints for these schemas.

describe('schemaConversionError', () => {
  it('a pattern the converter would relax to "any string" (a stderr warning) is unsupported, naming "pattern"', () => {
    const error = schemaConversionError('root ::= "{" space  (a-kv )? space "}"\n', [
      'WARNING: JSON schema conversion was incomplete: pattern ^(?=a)b$ is not supported (unsupported group syntax), accepting any string',
    ]);
    expect(error).toMatchObject({ code: 'unsupported', data: { param: 'response_format', keyword: 'pattern', engine: 'llama-wasm' } });
    expect(error.message).toContain('pattern ^(?=a)b$ is not supported (unsupported group syntax)');
    expect(error.hint).toContain('lookarounds');
  });

  it('a $ref outside the document is unsupported, with the path the converter names', () => {
    const error = schemaConversionError(
      'JSON schema conversion failed:\nJSON schema error at #/properties/a: unsupported $ref http://example.com/x.json, only references into the same document are supported',
      [],
    );
    expect(error).toMatchObject({ code: 'unsupported', data: { path: '#/properties/a', engine: 'llama-wasm' } });
    expect(error.message).toContain('unsupported $ref http://example.com/x.json');
  });

  it('a schema the converter cannot read is invalid_request, with a hint', () => {
    for (const message of [
      'JSON schema conversion failed:\nJSON schema error at #: unrecognized type strin',
      'JSON schema conversion failed:\nJSON schema error at #: cannot resolve $ref #/$defs/missing, $defs not found',
      'JSON schema conversion failed:\nInvalid pattern ^(a$: unbalanced parentheses',
      "[json.exception.parse_error.101] parse error at line 2, column 1: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal",
    ]) {
      const error = schemaConversionError(message, []);
      expect(error.code, message).toBe('invalid_request');
      expect(error.hint).toBeTruthy();
      expect(error.message).not.toContain('JSON schema conversion failed');
    }
    expect(schemaConversionError('JSON schema conversion failed:\nJSON schema error at #/items: schema must be an object', []).data).toMatchObject({
      path: '#/items',
    });
  });
});
