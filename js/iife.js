// The single-file script-tag variant of chat-elements, bundled by esbuild into
// pkg/chat-elements.iife.js with the wasm bytes inlined (larger than the loader, loader.js, but one
// file and usable at once). It sets the global `ChatElements`: the root constructor
// (`new ChatElements({ appearance, locale })`) that also carries `createChatSession` and
// `getTalkSession`, and `ready` (already resolved) like the loader's. The wasm is instantiated on
// the first call, not when the script loads.
import {
  initSync,
  ChatElements as createWasmRoot,
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

// Called with `new`, a function that returns an object gives that object.
function ChatElements(options) {
  ensureInitialised();
  return createWasmRoot(options);
}

ChatElements.ChatElements = ChatElements;
ChatElements.createChatSession = function createChatSession(options) {
  ensureInitialised();
  return createWasmChatSession(options);
};
ChatElements.getTalkSession = function getTalkSession(options) {
  ensureInitialised();
  return getWasmTalkSession(options);
};

ChatElements.ready = Promise.resolve(ChatElements);

globalThis.ChatElements = ChatElements;
