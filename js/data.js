// The ES module entry of chat-elements/data: the Data API alone (getTalkSession), from a wasm
// without the elements, styles, themes or locales. Importing it initialises that WebAssembly module
// once (in a browser); on a server (Node, SSR) importing is harmless and getTalkSession reports
// UNSUPPORTED_ENVIRONMENT. Nothing here touches `window` or `document` at import time.
import init, { getTalkSession as getWasmTalkSession } from "./chat_elements_data.js";

const inBrowser = typeof document !== "undefined" && typeof WebAssembly !== "undefined";

if (inBrowser) {
  await init({ module_or_path: new URL("./chat_elements_data_bg.wasm", import.meta.url) });
}

/**
 * The Data API session for `options.appId` and `options.userId`: the same object for the same
 * pair (a session that terminated is replaced). Connects on first use.
 * @param {import("./data.d.ts").TalkSessionOptions} options
 * @returns {import("./data.d.ts").TalkSession}
 */
export function getTalkSession(options) {
  if (!inBrowser) {
    const error = new Error("chat-elements runs in a browser: getTalkSession is not available here");
    error.name = "ChatElementsError";
    error.code = "UNSUPPORTED_ENVIRONMENT";
    throw error;
  }
  return getWasmTalkSession(options);
}
