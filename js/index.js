// The ES module entry of chat-elements. Importing it initialises the WebAssembly module once (in a
// browser); on a server (Node, SSR) importing is harmless and createChatSession / getTalkSession
// report UNSUPPORTED_ENVIRONMENT. Nothing here touches `window` or `document` at import time.
import init, {
  ChatElements as createWasmRoot,
  createChatSession as createWasmChatSession,
  getTalkSession as getWasmTalkSession,
} from "./chat_elements.js";

const inBrowser = typeof document !== "undefined" && typeof WebAssembly !== "undefined";

if (inBrowser) {
  await init({ module_or_path: new URL("./chat_elements_bg.wasm", import.meta.url) });
}

function unsupported(name) {
  const error = new Error(`chat-elements runs in a browser: ${name} is not available here`);
  error.name = "ChatElementsError";
  error.code = "UNSUPPORTED_ENVIRONMENT";
  return error;
}

/**
 * Starts a chat session: authenticates with `options.token` and creates chat elements.
 * @param {import("./index.d.ts").ChatSessionOptions} options
 * @returns {import("./index.d.ts").ChatSession}
 */
export function createChatSession(options) {
  if (!inBrowser) {
    throw unsupported("createChatSession");
  }
  return createWasmChatSession(options);
}

/**
 * The Data API session for `options.appId` and `options.userId`: the same object for the same
 * pair (a session that terminated is replaced). Connects on first use.
 * @param {import("./index.d.ts").TalkSessionOptions} options
 * @returns {import("./index.d.ts").ChatSession}
 */
export function getTalkSession(options) {
  if (!inBrowser) {
    throw unsupported("getTalkSession");
  }
  return getWasmTalkSession(options);
}

/**
 * The root object: options (`appearance`, `locale`) shared by every session it creates, with
 * `updateOptions` reaching all of them. Use it with `new ChatElements(options)`: a function that
 * returns an object gives that object to `new`.
 * @param {import("./index.d.ts").ChatElementsOptions} [options]
 * @returns {import("./index.d.ts").ChatElements}
 */
export function ChatElements(options) {
  if (!inBrowser) {
    throw unsupported("ChatElements");
  }
  return createWasmRoot(options);
}
