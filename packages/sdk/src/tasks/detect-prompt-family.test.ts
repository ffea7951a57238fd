import { describe, expect, it } from 'vitest';
import { detectPromptFamily, modelHintsFromGguf } from './detect-prompt-family.ts';

// Opening fragments of the chat templates these models ship in their GGUF metadata.
const TEMPLATES = {
  'Qwen2.5-0.5B-Instruct':
    "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- endif %}{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}{%- endfor %}",
  'Llama-3.2-1B-Instruct':
    "{{- bos_token }}{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}{%- endfor %}",
  'Mistral-7B-Instruct-v0.3':
    "{{- bos_token }}{%- for message in loop_messages %}{%- if message['role'] == 'user' %}{{- '[INST] ' + message['content'] + '[/INST]' }}{%- endif %}{%- endfor %}",
  'Phi-3.5-mini-instruct':
    "{% for message in messages %}{% if message['role'] == 'system' and message['content'] %}{{'<|system|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}",
  'phi-4':
    "{% for message in messages %}{% if (message['role'] == 'system') %}{{'<|im_start|>system<|im_sep|>' + message['content'] + '<|im_end|>'}}{% endif %}{% endfor %}",
  'gemma-2-2b-it':
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}",
};

describe('detectPromptFamily', () => {
  it('reads the chat template first', () => {
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['Qwen2.5-0.5B-Instruct'] })).toBe('chatml');
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['Llama-3.2-1B-Instruct'], architecture: 'llama' })).toBe('llama3');
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['Mistral-7B-Instruct-v0.3'], architecture: 'llama' })).toBe('mistral');
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['Phi-3.5-mini-instruct'] })).toBe('phi');
    // Phi-4 writes ChatML's markers too; its <|im_sep|> tells it apart.
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['phi-4'] })).toBe('phi');
    expect(detectPromptFamily({ chatTemplate: TEMPLATES['gemma-2-2b-it'] })).toBe('gemma');
  });

  it('then the architecture, then the name', () => {
    expect(detectPromptFamily({ architecture: 'qwen2' })).toBe('chatml');
    expect(detectPromptFamily({ architecture: 'phi3' })).toBe('phi');
    expect(detectPromptFamily({ architecture: 'gemma3' })).toBe('gemma');
    // "llama" is the architecture of Llama 2, Llama 3, Mistral and SmolLM alike: the name decides.
    expect(detectPromptFamily({ architecture: 'llama', name: 'Meta-Llama-3.1-8B-Instruct' })).toBe('llama3');
    expect(detectPromptFamily({ architecture: 'llama', name: 'Mistral-7B-Instruct-v0.3' })).toBe('mistral');
    expect(detectPromptFamily({ architecture: 'llama', name: 'SmolLM2-360M-Instruct' })).toBe('chatml');
    expect(detectPromptFamily({ name: 'qwen2.5-0.5b-instruct-q4_0.gguf' })).toBe('chatml');
    expect(detectPromptFamily({ architecture: 'llama' })).toBeUndefined();
    expect(detectPromptFamily({})).toBeUndefined();
  });

  it("Hearth's own models get the demo family", () => {
    expect(detectPromptFamily({ name: 'hearth-tiny', architecture: 'llama', chatTemplate: TEMPLATES['Qwen2.5-0.5B-Instruct'] })).toBe('hearth-demo');
    expect(detectPromptFamily({ name: 'hearth-demo-tiny' })).toBe('hearth-demo');
    // Hearth Scribe is trained on its own pack's prompts, not the demo family's.
    expect(detectPromptFamily({ name: 'hearth-scribe-17m', architecture: 'llama', chatTemplate: TEMPLATES['Qwen2.5-0.5B-Instruct'] })).toBe('hearth-scribe');
  });

  it('takes its hints from GGUF metadata', () => {
    const metadata = {
      'general.architecture': 'qwen2',
      'general.name': 'Qwen2.5 0.5B Instruct',
      'tokenizer.chat_template': TEMPLATES['Qwen2.5-0.5B-Instruct'],
      'qwen2.context_length': 32768,
    };
    expect(modelHintsFromGguf(metadata)).toEqual({ architecture: 'qwen2', name: 'Qwen2.5 0.5B Instruct', chatTemplate: TEMPLATES['Qwen2.5-0.5B-Instruct'] });
    expect(detectPromptFamily(modelHintsFromGguf(metadata))).toBe('chatml');
  });
});
