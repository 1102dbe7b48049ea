;; tiny-wat: a wasi:mcp server component without a JS engine inside, for micro-benchmarks of the
;; host path. One tool, `echo`, answers its arguments object as JSON text.
;;
;; Canonical ABI (utf-8 strings, 32-bit memory) by hand:
;; - memory 0..1023 holds static strings and records, the heap starts at 4096; `cabi_realloc` is a
;;   bump allocator and every export's post-return resets the heap (nothing outlives a call);
;; - exports with at most 16 flat parameters get them flat; the request-context record flattens to
;;   12 values (request-id 2, session-id 3, progress-token 4 with an i64, meta 3);
;; - results that do not fit one value are written to a static return area whose address is
;;   returned; imports with such results take a return-area pointer as their last parameter.
(module
  (import "wasi:mcp/runtime@0.1.0" "register-server" (func $register_server (param i32 i32)))
  (import "wasi:mcp/runtime@0.1.0" "register-tools" (func $register_tools (param i32 i32 i32)))
  (import "wasi:mcp/runtime@0.1.0" "serve" (func $serve (param i32)))

  (memory (export "memory") 1)

  ;; static strings: offset, length
  (data (i32.const 16) "tiny-wat")                                   ;; 8
  (data (i32.const 32) "0.1.0")                                      ;; 5
  (data (i32.const 48) "echo")                                       ;; 4
  (data (i32.const 64) "Returns its arguments object as JSON text.") ;; 42
  (data (i32.const 128) "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}") ;; 57
  (data (i32.const 256) "tiny-wat does not support this")            ;; 30
  (data (i32.const 320) "tiny-wat has no resources")                 ;; 25

  ;; records, built by $init (zeroed memory means `none` / `false` everywhere else)
  (global $SERVER_INFO i32 (i32.const 512))     ;; runtime.server-info, 64 bytes
  (global $TOOLS i32 (i32.const 640))           ;; list<tool-definition> of 1, 76 bytes
  (global $IMPORT_RET i32 (i32.const 768))      ;; result<_, error>, 28 bytes
  (global $ERR_UNSUPPORTED i32 (i32.const 800)) ;; result<_, error> = err(unsupported-operation)
  (global $ERR_NOT_FOUND i32 (i32.const 832))   ;; result<_, error> = err(resource-not-found)
  (global $CALL_RET i32 (i32.const 864))        ;; result<tool-result, error>, 28 bytes
  (global $CONTENT i32 (i32.const 896))         ;; content-block (8-aligned): text(text-content)
  (global $HEAP_BASE i32 (i32.const 4096))
  (global $heap (mut i32) (i32.const 4096))

  (func $init
    ;; server-info { name, version, title: none, instructions: none, capabilities }
    (i32.store (i32.const 512) (i32.const 16)) (i32.store (i32.const 516) (i32.const 8))
    (i32.store (i32.const 520) (i32.const 32)) (i32.store (i32.const 524) (i32.const 5))
    ;; capabilities at 552: tools: some({ list-changed: false }); the rest none/false
    (i32.store8 (i32.const 552) (i32.const 1))
    ;; tool-definition { name, title: none, description: some, input-schema, output-schema: none, annotations: none }
    (i32.store (i32.const 640) (i32.const 48)) (i32.store (i32.const 644) (i32.const 4))
    (i32.store8 (i32.const 660) (i32.const 1))
    (i32.store (i32.const 664) (i32.const 64)) (i32.store (i32.const 668) (i32.const 42))
    (i32.store (i32.const 672) (i32.const 128)) (i32.store (i32.const 676) (i32.const 57))
    ;; err(error { code, message, data: none }): disc 1, code at +4, message at +8/+12
    (call $set_error (global.get $ERR_UNSUPPORTED) (i32.const 6) (i32.const 256) (i32.const 30))
    (call $set_error (global.get $ERR_NOT_FOUND) (i32.const 5) (i32.const 320) (i32.const 25))
    ;; ok(tool-result { content: [$CONTENT], structured-content: none, is-error: false })
    (i32.store (i32.const 868) (global.get $CONTENT)) (i32.store (i32.const 872) (i32.const 1))
  )

  (func $set_error (param $at i32) (param $code i32) (param $ptr i32) (param $len i32)
    (i32.store8 (local.get $at) (i32.const 1))
    (i32.store8 offset=4 (local.get $at) (local.get $code))
    (i32.store offset=8 (local.get $at) (local.get $ptr))
    (i32.store offset=12 (local.get $at) (local.get $len))
  )

  ;; run: register the server and the tool, then serve; the first err is the answer.
  (func (export "wasi:mcp/run@0.1.0#run") (result i32)
    (call $init)
    (call $register_server (global.get $SERVER_INFO) (global.get $IMPORT_RET))
    (if (i32.load8_u (global.get $IMPORT_RET)) (then (return (global.get $IMPORT_RET))))
    (call $register_tools (global.get $TOOLS) (i32.const 1) (global.get $IMPORT_RET))
    (if (i32.load8_u (global.get $IMPORT_RET)) (then (return (global.get $IMPORT_RET))))
    (call $serve (global.get $IMPORT_RET))
    (global.get $IMPORT_RET)
  )

  ;; call-tool(ctx, name, arguments): the only tool is echo (the host checks the name exists);
  ;; its text is the arguments' JSON text, still in the caller-allocated heap until post-return.
  (func (export "wasi:mcp/handlers@0.1.0#call-tool")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) ;; ctx
    (param $name i32) (param $name_len i32) (param $args i32) (param $args_len i32)
    (result i32)
    (i32.store8 (global.get $CONTENT) (i32.const 0))
    (i32.store offset=8 (global.get $CONTENT) (local.get $args))
    (i32.store offset=12 (global.get $CONTENT) (local.get $args_len))
    (global.get $CALL_RET)
  )

  (func (export "wasi:mcp/handlers@0.1.0#read-resource")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (param i32 i32) (result i32)
    (global.get $ERR_NOT_FOUND))
  (func (export "wasi:mcp/handlers@0.1.0#get-prompt")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (param i32 i32 i32 i32) (result i32)
    (global.get $ERR_UNSUPPORTED))
  (func (export "wasi:mcp/handlers@0.1.0#handle-subscribe")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (param i32 i32) (result i32)
    (global.get $ERR_UNSUPPORTED))
  (func (export "wasi:mcp/handlers@0.1.0#handle-unsubscribe")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (param i32 i32) (result i32)
    (global.get $ERR_UNSUPPORTED))
  ;; 21 flat parameters > 16: they arrive in memory, by pointer
  (func (export "wasi:mcp/handlers@0.1.0#handle-complete") (param i32) (result i32)
    (global.get $ERR_UNSUPPORTED))
  (func (export "wasi:mcp/handlers@0.1.0#handle-elicit")
    (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (param i32 i32 i32 i32) (result i32)
    (global.get $ERR_UNSUPPORTED))

  (func $reset (param i32) (global.set $heap (global.get $HEAP_BASE)))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#call-tool" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#read-resource" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#get-prompt" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-subscribe" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-unsubscribe" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-complete" (func $reset))
  (export "cabi_post_wasi:mcp/handlers@0.1.0#handle-elicit" (func $reset))

  ;; cabi_realloc(old, old_size, align, new_size): bump allocation, growing memory as needed.
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
    (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (i32.const -1)
              (memory.grow (i32.add (i32.const 1)
                (i32.div_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                           (i32.const 65536)))))
          (then unreachable))))
    (if (local.get $old)
      (then (memory.copy (local.get $ptr) (local.get $old)
        (select (local.get $old_size) (local.get $size) (i32.lt_u (local.get $old_size) (local.get $size))))))
    (global.set $heap (local.get $end))
    (local.get $ptr)
  )
)
