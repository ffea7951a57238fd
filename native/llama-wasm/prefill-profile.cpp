// Prompt processing of llama-wasm's own code under Node, for profiling and quick A/B runs without
// a browser: loads a GGUF from the host file system (NODERAWFS), evaluates one prompt batch on
// the engine's settings (F32 KV cache, flash attention off, 512-token batches), decodes a few
// tokens, and prints tok/s and the greedy tokens. Built by profile.sh, not shipped.
//
//   node --experimental-wasm-relaxed-simd prefill-profile.mjs MODEL.gguf [tokens] [threads] [reps] [--no-tiled]
//   node --prof ... then node --prof-process isolate*.log   (function names kept at link)
//   ... MODEL.gguf [tokens] [threads] 1 --agreement   top-1 agreement of the tiled kernels with
//   ggml's row-by-row kernels: the prompt once each way, the argmax of every position's logits compared
//   ... MODEL.gguf [tokens] [threads] 1 --top1 [--no-tiled]   prints the prompt and those argmaxes
//   (tools/src/bench/llama-wasm-top1-agreement.ts compares them with node-llama-cpp's)

#include "llama.h"
#include "ggml-cpu.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" int hearth_gemm_enabled;

static double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char ** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: prefill-profile MODEL.gguf [tokens=236] [threads=2] [reps=3] [--no-tiled] [--threadpool]\n");
        return 2;
    }
    const int n_tokens = argc > 2 ? std::atoi(argv[2]) : 236;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const int reps = argc > 4 ? std::atoi(argv[4]) : 3;
    bool agreement = false, top1 = false, pool = false;
    for (int i = 5; i < argc; i++) {
        if (!std::strcmp(argv[i], "--threadpool")) pool = true;
        if (!std::strcmp(argv[i], "--no-tiled")) hearth_gemm_enabled = 0;
        if (!std::strcmp(argv[i], "--agreement")) agreement = true;
        if (!std::strcmp(argv[i], "--top1")) top1 = true;
    }
    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_backend_init();
    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    mp.load_mode = LLAMA_LOAD_MODE_NONE;
    mp.lazy_mode = LLAMA_LAZY_MODE_OFF;
    llama_model * model = llama_model_load_from_file(argv[1], mp);
    if (!model) {
        std::fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = 1024;
    cp.n_batch = 512;
    cp.n_ubatch = 512;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    cp.type_k = GGML_TYPE_F32;
    cp.type_v = GGML_TYPE_F32;
    cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
    llama_context * ctx = llama_init_from_model(model, cp);
    if (pool) {
        // One threadpool for the context's life, as hl_load attaches: without one, ggml starts and
        // joins its worker threads for every graph, i.e. every decoded token.
        ggml_threadpool_params tpp = ggml_threadpool_params_default(threads);
        llama_attach_threadpool(ctx, ggml_threadpool_new(&tpp), nullptr);
    }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const int n_vocab = llama_vocab_n_tokens(vocab);
    std::vector<llama_token> prompt(n_tokens);
    uint32_t s = 7;
    for (auto & t : prompt) {
        s = s * 1664525u + 1013904223u;
        t = 256 + (llama_token)((s >> 8) % (uint32_t)(n_vocab - 300));
    }
    if (agreement || top1) {
        // The argmax of every position's logits: with --agreement once with ggml's row-by-row
        // kernels and once with the tiled ones; with --top1 as set, printed for another engine to compare.
        std::vector<int> top[2];
        for (int pass = 0; pass < (agreement ? 2 : 1); pass++) {
            if (agreement) hearth_gemm_enabled = pass;
            llama_memory_clear(llama_get_memory(ctx), true);
            llama_batch batch = llama_batch_init(n_tokens, 0, 1);
            for (int i = 0; i < n_tokens; i++) {
                batch.token[i] = prompt[i];
                batch.pos[i] = i;
                batch.n_seq_id[i] = 1;
                batch.seq_id[i][0] = 0;
                batch.logits[i] = 1;
            }
            batch.n_tokens = n_tokens;
            if (llama_decode(ctx, batch)) return 1;
            for (int i = 0; i < n_tokens; i++) {
                const float * logits = llama_get_logits_ith(ctx, i);
                int best = 0;
                for (int v = 1; v < n_vocab; v++)
                    if (logits[v] > logits[best]) best = v;
                top[pass].push_back(best);
            }
            llama_batch_free(batch);
        }
        if (top1) {
            std::printf("prompt:");
            for (auto t : prompt) std::printf(" %d", t);
            std::printf("\ntop1:");
            for (auto t : top[0]) std::printf(" %d", t);
            std::printf("\n");
            return 0;
        }
        int same = 0;
        for (int i = 0; i < n_tokens; i++) same += top[0][i] == top[1][i];
        std::printf("top-1 agreement, tiled vs row-by-row kernels: %d of %d positions (%.2f%%)\n", same, n_tokens, 100.0 * same / n_tokens);
        return 0;
    }
    std::printf("tiled kernels %s, %d threads, %d-token prompt\n", hearth_gemm_enabled ? "on" : "off", threads, n_tokens);
    for (int r = 0; r < reps; r++) {
        llama_memory_clear(llama_get_memory(ctx), true);
        const double t0 = now_ms();
        if (llama_decode(ctx, llama_batch_get_one(prompt.data(), n_tokens))) return 1;
        const double t1 = now_ms();
        llama_token tok = 0;
        std::vector<llama_token> out;
        const double t2 = now_ms();
        for (int i = 0; i < 32; i++) {
            const float * logits = llama_get_logits_ith(ctx, -1);
            tok = 0;
            for (int v = 1; v < n_vocab; v++)
                if (logits[v] > logits[tok]) tok = v;
            out.push_back(tok);
            if (llama_decode(ctx, llama_batch_get_one(&tok, 1))) return 1;
        }
        const double t3 = now_ms();
        std::printf("run %d: prompt %.1f tok/s (%.0f ms), decode %.1f tok/s, greedy", r + 1, n_tokens * 1000.0 / (t1 - t0), t1 - t0, 32 * 1000.0 / (t3 - t2));
        for (auto t : out) std::printf(" %d", t);
        std::printf("\n");
    }
    llama_free(ctx);
    llama_model_free(model);
    return 0;
}
