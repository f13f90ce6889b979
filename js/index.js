// The ES module entry of chat-elements. Importing it initialises the WebAssembly module once (in a
// browser); on a server (Node, SSR) importing is harmless and createChatSession reports
// UNSUPPORTED_ENVIRONMENT. Nothing here touches `window` or `document` at import time.
import init, { createChatSession as createWasmChatSession } from "./chat_elements.js";

const inBrowser = typeof document !== "undefined" && typeof WebAssembly !== "undefined";

if (inBrowser) {
  await init({ module_or_path: new URL("./chat_elements_bg.wasm", import.meta.url) });
}

/**
 * Starts a chat session: authenticates with `options.token` and creates chat elements.
 * @param {import("./index.d.ts").ChatSessionOptions} options
 * @returns {import("./index.d.ts").ChatSession}
 */
export function createChatSession(options) {
  if (!inBrowser) {
    const error = new Error("chat-elements runs in a browser: createChatSession is not available here");
    error.name = "ChatElementsError";
    error.code = "UNSUPPORTED_ENVIRONMENT";
    throw error;
  }
  return createWasmChatSession(options);
}
