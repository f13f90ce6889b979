// The script-tag entry of chat-elements, bundled by esbuild into pkg/chat-elements.iife.js with the
// wasm bytes inlined; it sets the global `ChatElements`. The wasm is instantiated on the first
// createChatSession call, not when the script loads.
import { initSync, createChatSession as createWasmChatSession } from "../pkg/chat_elements.js";
import wasmBytes from "../pkg/chat_elements_bg.wasm";

let initialised = false;

export function createChatSession(options) {
  if (!initialised) {
    initSync({ module: wasmBytes });
    initialised = true;
  }
  return createWasmChatSession(options);
}
