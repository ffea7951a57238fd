// Hearth's thin C API over llama.cpp, compiled into the WebAssembly module. The JS host
// (packages/sdk/src/engines/llama-wasm/llama-wasm-host.ts) calls these `hl_*` functions; status
// codes below are mirrored there (llama-wasm-status.ts) and turned into HearthErrors.
//
// One model and one context per module instance: an engine Worker hosts one module, and the
// page runs several engines by starting several Workers.

#include "ggml.h"
#include "ggml-cpu.h"
#include "gguf.h"
#include "llama.h"
// llama.cpp's own JSON Schema to GBNF converter (common/), the one llama-server runs for a
// request's `json_schema`; build.sh compiles it and the few common/ files it needs.
#include "json-schema-to-grammar.h"

#include <emscripten/emscripten.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#define HL_API extern "C" EMSCRIPTEN_KEEPALIVE

// Keep in sync with llama-wasm-status.ts.
enum hl_status : int32_t {
    HL_OK = 0,
    HL_ERR_INVALID_ARGUMENT = -1,
    HL_ERR_INVALID_MODEL = -2,
    HL_ERR_OUT_OF_MEMORY = -3,
    HL_ERR_CONTEXT_FULL = -4,
    HL_ERR_ABORTED = -5,
    HL_ERR_NOT_LOADED = -6,
    HL_ERR_INTERNAL = -7,
    HL_ERR_GRAMMAR = -8,
    HL_ERR_SCHEMA = -9,
};

namespace {

struct state {
    llama_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_sampler * sampler = nullptr;
    const llama_vocab * vocab = nullptr;
    // LoRA adapters applied to ctx (owned here; llama_model_free would also free them).
    std::vector<llama_adapter_lora *> adapters;
    // The context's worker threads, kept for its life. Without one, ggml starts and joins its
    // threads for every graph, so every decoded token paid for n_threads - 1 pthread_create and
    // pthread_join, each a message to a pooled Web Worker and back.
    ggml_threadpool * pool = nullptr;
    int32_t pool_threads = 0;
};

state g;

// Set by hl_abort() or by any agent holding the shared memory (Atomics.store at hl_abort_flag());
// llama.cpp polls it between graph nodes, so a long prefill stops without finishing its batch.
std::atomic<int32_t> g_abort{0};

// llama.cpp reports the real cause of a failure (bad magic, allocation failure) only in its log;
// keep the recent warnings and errors so a failed call can say why, and print nothing by default.
std::string g_log;
// The last hl_json_schema_to_grammar result: the grammar, or the converter's error message.
std::string g_schema_result;
int g_log_echo_level = GGML_LOG_LEVEL_NONE;

void log_callback(ggml_log_level level, const char * text, void *) {
    if (level == GGML_LOG_LEVEL_CONT && !g_log.empty()) {
        g_log += text;
    } else if (level == GGML_LOG_LEVEL_WARN || level == GGML_LOG_LEVEL_ERROR) {
        g_log += text;
    }
    if (g_log.size() > 4096) g_log.erase(0, g_log.size() - 4096);
    if (g_log_echo_level != GGML_LOG_LEVEL_NONE && level >= g_log_echo_level) fputs(text, stderr);
}

bool abort_callback(void *) {
    return g_abort.load(std::memory_order_relaxed) != 0;
}

bool log_mentions_allocation_failure() {
    // Messages from ggml-backend.cpp / llama-model-loader.cpp when malloc or wasm memory growth fails.
    return g_log.find("alloc") != std::string::npos || g_log.find("out of memory") != std::string::npos ||
           g_log.find("bad_alloc") != std::string::npos;
}

// Gives the context a threadpool of n_threads (the one it had is freed), or none if that fails:
// then ggml makes one per graph, as before, slower but the same results.
void attach_threadpool(int32_t n_threads) {
    llama_detach_threadpool(g.ctx);
    if (g.pool) ggml_threadpool_free(g.pool);
    g.pool = nullptr;
    g.pool_threads = 0;
    if (n_threads <= 1) return;
    ggml_threadpool_params params = ggml_threadpool_params_default(n_threads);
    g.pool = ggml_threadpool_new(&params);
    if (!g.pool) return;
    g.pool_threads = n_threads;
    llama_attach_threadpool(g.ctx, g.pool, nullptr);
}

void free_sampler() {
    if (g.sampler) llama_sampler_free(g.sampler);
    g.sampler = nullptr;
}

}  // namespace

// Called once after the module starts. `echo_level` > 0 prints llama.cpp's log at that ggml level and above.
HL_API void hl_init(int32_t echo_level) {
    g_log_echo_level = echo_level <= 0 ? GGML_LOG_LEVEL_NONE : echo_level;
    llama_log_set(log_callback, nullptr);
    llama_backend_init();
}

// Recent llama.cpp warnings and errors (UTF-8, NUL-terminated), for error messages.
HL_API const char * hl_last_log() {
    return g_log.c_str();
}

HL_API void hl_clear_log() {
    g_log.clear();
}

HL_API int32_t * hl_abort_flag() {
    return reinterpret_cast<int32_t *>(&g_abort);
}

HL_API void hl_abort() {
    g_abort.store(1);
}

HL_API void hl_unload() {
    free_sampler();
    if (g.ctx) llama_free(g.ctx);
    if (g.pool) ggml_threadpool_free(g.pool);
    for (llama_adapter_lora * a : g.adapters) llama_adapter_lora_free(a);
    if (g.model) llama_model_free(g.model);
    g = state{};
}

// Loads a GGUF (one path, or every shard in order) from the module's file system and makes a
// context of `n_ctx` tokens (0 = the model's training context). Reads with plain file I/O: the
// files sit on WORKERFS (Blobs outside wasm memory), which cannot be memory-mapped.
// The KV cache in F32 (with flash attention off) when it takes at most this much memory. wasm has
// no F16 conversion instruction: with an F16 cache every attention step converts K and V one
// value at a time (and flash attention, given an F32 cache, casts all of it to F16 per token),
// which cost half the decode time of the 0.43 B bench model after a 236-token prompt. F32 doubles
// the cache's size, so a long context on a big model keeps F16.
static const double HL_KV_F32_MAX_BYTES = 1024.0 * 1024.0 * 1024.0;

static bool g_kv_f32 = false;
static bool g_kv_pretouched = false;

extern "C" int hl_pretouch_begin(size_t size);  // fresh-memory.c
extern "C" void hl_pretouch_arm(void);
extern "C" int hl_pretouch_end(void);

// The bytes of the F32 KV cache llama.cpp will make for this GGUF at `n_ctx` tokens, read from its
// header (about 16 ms for the bench model in Node), for models whose every layer has one full
// attention cache of the same shape; 0 for anything else (no arena is taken, nothing changes).
static double predicted_f32_kv_bytes(const char * path, int32_t n_ctx) {
    gguf_init_params params = {true, nullptr};
    gguf_context * g = gguf_init_from_file(path, params);
    if (!g) return 0;
    auto number = [g](const std::string & key) -> int64_t {
        const int64_t k = gguf_find_key(g, key.c_str());
        if (k < 0) return -1;
        switch (gguf_get_kv_type(g, k)) {
            case GGUF_TYPE_UINT32: return gguf_get_val_u32(g, k);
            case GGUF_TYPE_INT32: return gguf_get_val_i32(g, k);
            case GGUF_TYPE_UINT64: return static_cast<int64_t>(gguf_get_val_u64(g, k));
            default: return -2;  // an array (per-layer shapes) or another type
        }
    };
    const int64_t arch_key = gguf_find_key(g, "general.architecture");
    const std::string arch = arch_key >= 0 && gguf_get_kv_type(g, arch_key) == GGUF_TYPE_STRING ? gguf_get_val_str(g, arch_key) : "";
    double bytes = 0;
    // Architectures whose cache is one plain attention cache per layer (no sliding window, no
    // recurrent state, no shared layers).
    if (arch == "llama" || arch == "qwen2" || arch == "qwen3" || arch == "mistral" || arch == "phi3") {
        const int64_t n_layer = number(arch + ".block_count");
        const int64_t n_embd = number(arch + ".embedding_length");
        const int64_t n_head = number(arch + ".attention.head_count");
        int64_t n_head_kv = number(arch + ".attention.head_count_kv");
        if (n_head_kv == -1) n_head_kv = n_head;
        int64_t k_len = number(arch + ".attention.key_length");
        int64_t v_len = number(arch + ".attention.value_length");
        if (k_len == -1 && n_head > 0) k_len = n_embd / n_head;
        if (v_len == -1 && n_head > 0) v_len = n_embd / n_head;
        const int64_t ctx = n_ctx > 0 ? n_ctx : number(arch + ".context_length");
        const bool windowed = gguf_find_key(g, (arch + ".attention.sliding_window").c_str()) >= 0;
        if (!windowed && n_layer > 0 && n_head > 0 && n_head_kv > 0 && k_len > 0 && v_len > 0 && ctx > 0) {
            const double kv_size = static_cast<double>((ctx + 255) / 256 * 256);  // llama.cpp pads n_ctx to 256
            bytes = 4.0 * kv_size * static_cast<double>(n_layer) * static_cast<double>(n_head_kv) * static_cast<double>(k_len + v_len);
        }
    }
    gguf_free(g);
    return bytes;
}

// kv_cache: -1 = F32 when it fits HL_KV_F32_MAX_BYTES, else F16; 0 = F16 with flash attention on
// auto (node-llama-cpp's graph); 1 = F32 with flash attention off.
HL_API int32_t hl_load(const char ** paths, int32_t n_paths, int32_t n_ctx, int32_t n_threads, int32_t kv_cache) {
    hl_unload();
    g_log.clear();
    if (n_paths <= 0 || n_threads <= 0 || n_ctx < 0) return HL_ERR_INVALID_ARGUMENT;

    // An F32 cache's memory is taken now and its pages mapped on another thread while the weights
    // load (fresh-memory.c): otherwise the warm-up token maps them, one by one, at the end.
    if (kv_cache != 0) {
        const double kv_bytes = predicted_f32_kv_bytes(paths[0], n_ctx);
        // (Under 4 GiB: a forced F32 cache beyond it cannot fit wasm32 memory anyway.)
        if (kv_bytes > 0 && kv_bytes < 4294967296.0 && (kv_cache == 1 || kv_bytes <= HL_KV_F32_MAX_BYTES)) hl_pretouch_begin(static_cast<size_t>(kv_bytes));
    }

    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    mp.load_mode = LLAMA_LOAD_MODE_NONE;
    mp.lazy_mode = LLAMA_LAZY_MODE_OFF;
    llama_model * model = n_paths == 1 ? llama_model_load_from_file(paths[0], mp)
                                       : llama_model_load_from_splits(paths, static_cast<size_t>(n_paths), mp);
    if (!model) {
        hl_pretouch_end();
        return log_mentions_allocation_failure() ? HL_ERR_OUT_OF_MEMORY : HL_ERR_INVALID_MODEL;
    }

    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = static_cast<uint32_t>(n_ctx);
    // node-llama-cpp's defaults (AddonContext.cpp), so both engines compute the same graph.
    cp.n_batch = 512;
    cp.n_ubatch = 512;
    cp.n_seq_max = 1;
    cp.n_threads = n_threads;
    cp.n_threads_batch = n_threads;
    cp.no_perf = true;
    cp.swa_full = false;
    cp.kv_unified = false;
    // K and V of every layer: n_ctx x (n_embd / n_head x n_head_kv) values each, 4 bytes in F32.
    const int32_t n_head = llama_model_n_head(model);
    const double kv_values = 2.0 * static_cast<double>(n_ctx > 0 ? n_ctx : llama_model_n_ctx_train(model)) *
                             llama_model_n_layer(model) * llama_model_n_embd(model) *
                             (n_head > 0 ? static_cast<double>(llama_model_n_head_kv(model)) / n_head : 1.0);
    g_kv_f32 = kv_cache == 1 || (kv_cache < 0 && kv_values * 4.0 <= HL_KV_F32_MAX_BYTES);
    if (g_kv_f32) {
        cp.type_k = GGML_TYPE_F32;
        cp.type_v = GGML_TYPE_F32;
        cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
        hl_pretouch_arm();
    } else {
        cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_AUTO;
        // An F16 cache after all (the header's shape and this estimate can disagree): the arena
        // goes back before the context is made, so it never adds to the load's peak memory.
        hl_pretouch_end();
    }
    cp.abort_callback = abort_callback;
    cp.abort_callback_data = nullptr;
    llama_context * ctx = llama_init_from_model(model, cp);
    g_kv_pretouched = hl_pretouch_end() == 1;
    if (!ctx) {
        llama_model_free(model);
        return log_mentions_allocation_failure() ? HL_ERR_OUT_OF_MEMORY : HL_ERR_INVALID_MODEL;
    }
    g.model = model;
    g.ctx = ctx;
    g.vocab = llama_model_get_vocab(model);
    attach_threadpool(n_threads);
    return HL_OK;
}

// Applies LoRA adapters (GGUF files with general.type = "adapter", adapter.type = "lora") to the
// loaded model's context, replacing any applied before; n = 0 removes them all. Each adapter's
// matrices are added to the base weights' products at `scales[i]` x alpha / rank, as llama.cpp's
// --lora-scaled does (llama_set_adapters_lora). Read with plain file I/O from WORKERFS, as hl_load.
// On failure nothing stays applied and the cause is in hl_last_log().
HL_API int32_t hl_set_lora(const char ** paths, const float * scales, int32_t n) {
    if (!g.ctx) return HL_ERR_NOT_LOADED;
    if (n < 0) return HL_ERR_INVALID_ARGUMENT;
    g_log.clear();
    llama_set_adapters_lora(g.ctx, nullptr, 0, nullptr);
    for (llama_adapter_lora * a : g.adapters) llama_adapter_lora_free(a);
    g.adapters.clear();
    std::vector<float> s(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; i++) {
        llama_adapter_lora * a = llama_adapter_lora_init(g.model, paths[i]);
        if (!a) {
            for (llama_adapter_lora * b : g.adapters) llama_adapter_lora_free(b);
            g.adapters.clear();
            return log_mentions_allocation_failure() ? HL_ERR_OUT_OF_MEMORY : HL_ERR_INVALID_MODEL;
        }
        g.adapters.push_back(a);
        s[static_cast<size_t>(i)] = scales[i];
    }
    if (n > 0 && llama_set_adapters_lora(g.ctx, g.adapters.data(), g.adapters.size(), s.data()) != 0) return HL_ERR_INTERNAL;
    return HL_OK;
}

/** 1 when the loaded context keeps its KV cache in F32, 0 in F16. */
HL_API int32_t hl_kv_f32() {
    return g.ctx && g_kv_f32 ? 1 : 0;
}

/** 1 when the loaded context's KV cache took the memory mapped while the weights loaded. */
HL_API int32_t hl_kv_pretouched() {
    return g.ctx && g_kv_pretouched ? 1 : 0;
}

HL_API int32_t hl_n_ctx() {
    return g.ctx ? static_cast<int32_t>(llama_n_ctx(g.ctx)) : 0;
}

HL_API int32_t hl_n_vocab() {
    return g.vocab ? llama_vocab_n_tokens(g.vocab) : 0;
}

HL_API int32_t hl_n_threads() {
    return g.ctx ? llama_n_threads(g.ctx) : 0;
}

HL_API void hl_set_threads(int32_t n_threads) {
    if (!g.ctx || n_threads <= 0) return;
    // Fewer threads run on the same pool (ggml wakes only as many as the graph's plan asks for).
    if (n_threads > g.pool_threads) attach_threadpool(n_threads);
    llama_set_n_threads(g.ctx, n_threads, n_threads);
}

// Writes a GGUF metadata string value; returns its length, or -1 when the key is absent.
HL_API int32_t hl_meta(const char * key, char * buf, int32_t cap) {
    if (!g.model) return -1;
    return llama_model_meta_val_str(g.model, key, buf, static_cast<size_t>(cap));
}

// Tokenizes UTF-8 `text` of `len` bytes. Returns the token count, or minus the count needed
// when `cap` is too small. `parse_special` turns "<|im_start|>" into its special token.
HL_API int32_t hl_tokenize(const char * text, int32_t len, int32_t add_special, int32_t parse_special, int32_t * out, int32_t cap) {
    if (!g.vocab) return HL_ERR_NOT_LOADED;
    return llama_tokenize(g.vocab, text, len, out, cap, add_special != 0, parse_special != 0);
}

// The bytes of one token (not NUL-terminated; may be part of a UTF-8 character). Returns the
// byte count, or minus the size needed.
HL_API int32_t hl_token_to_piece(int32_t token, char * buf, int32_t cap, int32_t render_special) {
    if (!g.vocab) return 0;
    return llama_token_to_piece(g.vocab, token, buf, cap, 0, render_special != 0);
}

HL_API int32_t hl_is_eog(int32_t token) {
    return g.vocab && llama_vocab_is_eog(g.vocab, token) ? 1 : 0;
}

// Formats chat messages with the model's own template (llama.cpp's built-in template matcher).
// Returns the byte length (the text is cut at `cap`), or HL_ERR_INVALID_ARGUMENT when the model
// has no template llama.cpp recognizes.
HL_API int32_t hl_apply_chat_template(const char ** roles, const char ** contents, int32_t n, char * buf, int32_t cap) {
    if (!g.model) return HL_ERR_NOT_LOADED;
    const char * tmpl = llama_model_chat_template(g.model, nullptr);
    std::vector<llama_chat_message> messages(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; i++) messages[static_cast<size_t>(i)] = {roles[i], contents[i]};
    const int32_t written = llama_chat_apply_template(tmpl, messages.data(), messages.size(), true, buf, cap);
    return written < 0 ? HL_ERR_INVALID_ARGUMENT : written;
}

// Starts a generation: empties the KV cache and builds the sampler chain. temperature 0 is
// greedy (argmax, as llama.cpp's greedy sampler picks); otherwise top-p, then temperature, then a
// seeded draw, in llama.cpp's usual order. `grammar` (GBNF, root rule "root") may be NULL.
HL_API int32_t hl_begin(float temperature, float top_p, uint32_t seed, const char * grammar) {
    if (!g.ctx) return HL_ERR_NOT_LOADED;
    g_abort.store(0);
    g_log.clear();
    // The cells only, not their bytes: a masked cell adds exactly 0 x its (finite) old K and V, so
    // the answer is the same, and clearing the data wrote the whole cache (192 MiB at the bench
    // model's 1,024 tokens) on every request, the first of them touching each page of it for the
    // first time (0.54 s in Chromium here). The bytes start as zeros: llama.cpp clears the cache
    // when it makes the context, or fresh-memory.c finds it still zero from the heap.
    llama_memory_clear(llama_get_memory(g.ctx), false);
    free_sampler();
    llama_sampler * chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
    if (grammar && grammar[0] != '\0') {
        llama_sampler * gs = llama_sampler_init_grammar(g.vocab, grammar, "root");
        if (!gs) {
            llama_sampler_free(chain);
            return HL_ERR_GRAMMAR;
        }
        llama_sampler_chain_add(chain, gs);
    }
    if (temperature <= 0.0f) {
        llama_sampler_chain_add(chain, llama_sampler_init_greedy());
    } else {
        if (top_p < 1.0f) llama_sampler_chain_add(chain, llama_sampler_init_top_p(top_p, 1));
        llama_sampler_chain_add(chain, llama_sampler_init_temp(temperature));
        llama_sampler_chain_add(chain, llama_sampler_init_dist(seed));
    }
    g.sampler = chain;
    return HL_OK;
}

// Evaluates `n` tokens after those already in the cache (a prompt chunk, or the last sampled
// token); logits are kept for the last one only.
HL_API int32_t hl_eval(int32_t * tokens, int32_t n) {
    if (!g.ctx) return HL_ERR_NOT_LOADED;
    if (n <= 0) return HL_ERR_INVALID_ARGUMENT;
    const int32_t rc = llama_decode(g.ctx, llama_batch_get_one(tokens, n));
    if (rc == 0) return HL_OK;
    if (rc == 1) return HL_ERR_CONTEXT_FULL;
    if (rc == 2) return HL_ERR_ABORTED;
    if (rc == -1) return HL_ERR_INVALID_ARGUMENT;
    return log_mentions_allocation_failure() ? HL_ERR_OUT_OF_MEMORY : HL_ERR_INTERNAL;
}

// Samples the next token from the last evaluated logits and records it in the sampler (grammar
// state). Returns the token id (>= 0) or a status. The grammar sampler throws when a token leaves
// it no way to continue; that becomes HL_ERR_GRAMMAR with the reason in the log.
HL_API int32_t hl_sample() {
    if (!g.ctx || !g.sampler) return HL_ERR_NOT_LOADED;
    try {
        const llama_token token = llama_sampler_sample(g.sampler, g.ctx, -1);
        return token < 0 ? HL_ERR_INTERNAL : token;
    } catch (const std::exception & e) {
        g_log += e.what();
        g_log += '\n';
        return HL_ERR_GRAMMAR;
    }
}

// The model's raw scores (n_vocab floats, before any sampler) at the last evaluated position, for
// the host to turn into log-probabilities; NULL when nothing is loaded. Valid until the next hl_eval.
HL_API float * hl_logits() {
    if (!g.ctx) return nullptr;
    return llama_get_logits_ith(g.ctx, -1);
}

// Converts a JSON Schema (UTF-8 JSON text) to a GBNF grammar with root rule "root", with
// llama.cpp's converter, exactly as llama-server (and so wllama) does for `json_schema`. Returns
// HL_OK with the grammar at hl_schema_result(), or HL_ERR_SCHEMA with the converter's message
// there. The converter does not fail on a `pattern` it cannot express: it prints a warning to
// stderr and accepts any string, so the host reads stderr during this call and refuses then.
HL_API int32_t hl_json_schema_to_grammar(const char * schema_json) {
    g_schema_result.clear();
    try {
        g_schema_result = json_schema_to_grammar(common_json::parse(schema_json));
        return HL_OK;
    } catch (const std::exception & e) {
        g_schema_result = e.what();
        return HL_ERR_SCHEMA;
    }
}

// The last hl_json_schema_to_grammar result (NUL-terminated, valid until the next call).
HL_API const char * hl_schema_result() {
    return g_schema_result.c_str();
}

// Times `reps` matrix-vector products of a `rows` x `cols` matrix of ggml type `type` (e.g. 2 =
// Q4_0, 8 = Q8_0) with an F32 vector on `n_threads` threads: the core of decoding, measured
// without a model, so a planner can compare engines on this device. Returns milliseconds per
// product, or a negative status.
HL_API double hl_bench_matvec(int32_t type, int32_t rows, int32_t cols, int32_t n_threads, int32_t reps) {
    if (rows <= 0 || cols <= 0 || cols % 256 != 0 || n_threads <= 0 || reps <= 0) return HL_ERR_INVALID_ARGUMENT;
    const ggml_type t = static_cast<ggml_type>(type);
    const size_t weights = ggml_row_size(t, cols) * static_cast<size_t>(rows);
    ggml_init_params ip = {weights + static_cast<size_t>(cols) * 8 + static_cast<size_t>(rows) * 8 + 64 * 1024 * 1024, nullptr, false};
    ggml_context * ctx = ggml_init(ip);
    if (!ctx) return HL_ERR_OUT_OF_MEMORY;
    ggml_tensor * a = ggml_new_tensor_2d(ctx, t, cols, rows);
    ggml_tensor * x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, cols);
    std::vector<float> row(static_cast<size_t>(cols));
    const size_t row_size = ggml_row_size(t, cols);
    uint32_t s = 12345;
    for (int64_t r = 0; r < rows; r++) {
        for (auto & v : row) {
            s = s * 1664525u + 1013904223u;
            v = static_cast<float>(s >> 8) / 16777216.0f - 0.5f;
        }
        // One row at a time: `start` indexes into `src`, so quantize from 0 into the row's slot.
        ggml_quantize_chunk(t, row.data(), static_cast<char *>(a->data) + static_cast<size_t>(r) * row_size, 0, 1, cols, nullptr);
    }
    float * xd = static_cast<float *>(x->data);
    for (int64_t i = 0; i < cols; i++) xd[i] = static_cast<float>(i % 17) * 0.01f - 0.08f;
    ggml_tensor * y = ggml_mul_mat(ctx, a, x);
    ggml_cgraph * graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(graph, y);
    // On a threadpool that lives through the reps, as decoding runs: the loaded model's, or one of
    // its own (the pooled Web Workers are few: a loaded model's pool holds them, so it is reused).
    ggml_threadpool * pool = nullptr;
    bool own = false;
    if (n_threads > 1) {
        if (g.ctx && g.pool_threads < n_threads) attach_threadpool(n_threads);
        pool = g.ctx ? g.pool : nullptr;
        if (!pool) {
            ggml_threadpool_params params = ggml_threadpool_params_default(n_threads);
            pool = ggml_threadpool_new(&params);
            own = pool != nullptr;
        }
    }
    ggml_cplan plan = ggml_graph_plan(graph, n_threads, pool);
    std::vector<uint8_t> work(plan.work_size);
    plan.work_data = work.data();
    ggml_graph_compute(graph, &plan);  // warm-up: threads woken, caches filled
    const auto start = std::chrono::steady_clock::now();
    for (int32_t i = 0; i < reps; i++) ggml_graph_compute(graph, &plan);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (own) ggml_threadpool_free(pool);
    ggml_free(ctx);
    return ms / reps;
}
