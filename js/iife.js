// The script-tag entry of chat-elements, bundled by esbuild into pkg/chat-elements.iife.js with the
// wasm bytes inlined; it sets the global `ChatElements`. The wasm is instantiated on the first
// createChatSession / getTalkSession call, not when the script loads.
import {
  initSync,
  createChatSession as createWasmChatSession,
  getTalkSession as getWasmTalkSession,
} from "../pkg/chat_elements.js";
import wasmBytes from "../pkg/chat_elements_bg.wasm";

let initialised = false;

function ensureInitialised() {
  if (!initialised) {
    initSync({ module: wasmBytes });
    initialised = true;
  }
}

export function createChatSession(options) {
  ensureInitialised();
  return createWasmChatSession(options);
}

export function getTalkSession(options) {
  ensureInitialised();
  return getWasmTalkSession(options);
}
