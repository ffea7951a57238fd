// emscripten 3.1.6's libunwind (system/lib/libunwind/src/Unwind-wasm.c), with one change: the
// landing-pad context is an ordinary global instead of `thread_local`.
//
// Why: that libunwind expects LLVM >= 15, whose code generator treats __wasm_lpad_context as
// thread-local. Debian pairs emscripten 3.1.6 with clang 14, which writes it as an ordinary
// global, so in a pthreads build the compiled catch blocks and the personality function look at
// different memory and no C++ exception is ever caught: a bad GGUF escapes llama.cpp's own
// try/catch as a WebAssembly.Exception. Linking this file first keeps libunwind's copy out.
// Only the module's main thread throws (model loading, grammar parsing, tokenizing); ggml's
// compute threads never do, so one global context is enough.
//
// Original: Copyright the LLVM project contributors, Apache-2.0 WITH LLVM-exception.

#include <stddef.h>
#include <stdint.h>

// The parts of libunwind's unwind.h (emscripten system/lib/libunwind/include) this file uses, for
// wasm32 with __USING_WASM_EXCEPTIONS__: clang's own unwind.h declares some of these differently.
typedef int _Unwind_Reason_Code;
typedef int _Unwind_Action;
enum { URC_FOREIGN_EXCEPTION_CAUGHT = 1, UA_CLEANUP_PHASE = 2 };
struct _Unwind_Context;
struct _Unwind_Exception {
    uint64_t exception_class;
    void (*exception_cleanup)(_Unwind_Reason_Code reason, struct _Unwind_Exception * exc);
    uint32_t reserved[3];
} __attribute__((__aligned__));

_Unwind_Reason_Code __gxx_personality_wasm0(int version, _Unwind_Action actions, uint64_t exceptionClass,
                                            struct _Unwind_Exception * unwind_exception, struct _Unwind_Context * context);

struct _Unwind_LandingPadContext {
    uintptr_t lpad_index;  // landing pad index (input to the personality function)
    uintptr_t lsda;        // LSDA address (input)
    uintptr_t selector;    // selector value (output)
};

struct _Unwind_LandingPadContext __wasm_lpad_context;

_Unwind_Reason_Code _Unwind_CallPersonality(void * exception_ptr) {
    struct _Unwind_Exception * exception_object = (struct _Unwind_Exception *)exception_ptr;
    __wasm_lpad_context.selector = 0;
    // Wasm has no two-phase unwinding: only the cleanup phase runs.
    return __gxx_personality_wasm0(1, UA_CLEANUP_PHASE, exception_object->exception_class, exception_object,
                                   (struct _Unwind_Context *)&__wasm_lpad_context);
}

_Unwind_Reason_Code _Unwind_RaiseException(struct _Unwind_Exception * exception_object) {
    __builtin_wasm_throw(0, exception_object);
}

void _Unwind_DeleteException(struct _Unwind_Exception * exception_object) {
    if (exception_object->exception_cleanup != NULL) {
        (*exception_object->exception_cleanup)(URC_FOREIGN_EXCEPTION_CAUGHT, exception_object);
    }
}

void _Unwind_SetGR(struct _Unwind_Context * context, int index, uintptr_t value) {
    // Only the selector (index 1) is ever set on wasm.
    if (index != 1) return;
    ((struct _Unwind_LandingPadContext *)context)->selector = value;
}

uintptr_t _Unwind_GetIP(struct _Unwind_Context * context) {
    // Used as a 1-based index after decrementing 1.
    return ((struct _Unwind_LandingPadContext *)context)->lpad_index + 2;
}

void _Unwind_SetIP(struct _Unwind_Context * context, uintptr_t value) {
    (void)context;
    (void)value;
}

uintptr_t _Unwind_GetLanguageSpecificData(struct _Unwind_Context * context) {
    return ((struct _Unwind_LandingPadContext *)context)->lsda;
}

uintptr_t _Unwind_GetRegionStart(struct _Unwind_Context * context) {
    (void)context;
    return 0;
}
