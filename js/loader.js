// The script-tag loader of chat-elements, bundled by esbuild into pkg/chat-elements.js (the glue
// included, the WebAssembly not). It sets the global `ChatElements` at once and fetches
// chat_elements_bg.wasm from beside the script; `ChatElements.ready` resolves with `ChatElements`
// once the WebAssembly is instantiated (and rejects with a NETWORK error when it cannot be
// loaded). Until then the functions throw a NOT_READY error. The global is the root constructor
// (`new ChatElements({ appearance, locale })`) and carries `createChatSession` and `getTalkSession`.
import init, {
  ChatElements as createWasmRoot,
  createChatSession as createWasmChatSession,
  getTalkSession as getWasmTalkSession,
} from "../pkg/chat_elements.js";

const script = document.currentScript;
const wasmUrl = new URL("chat_elements_bg.wasm", script && script.src ? script.src : location.href);
let loaded = false;
let failure = null;

function sdkError(code, message) {
  const error = new Error(message);
  error.name = "ChatElementsError";
  error.code = code;
  return error;
}

function ensureLoaded(name) {
  if (failure) throw failure;
  if (!loaded) {
    throw sdkError("NOT_READY", `chat-elements is still loading: call ${name} once ChatElements.ready resolves`);
  }
}

// Called with `new`, a function that returns an object gives that object.
function ChatElements(options) {
  ensureLoaded("new ChatElements()");
  return createWasmRoot(options);
}

ChatElements.ChatElements = ChatElements;
ChatElements.createChatSession = function createChatSession(options) {
  ensureLoaded("createChatSession()");
  return createWasmChatSession(options);
};
ChatElements.getTalkSession = function getTalkSession(options) {
  ensureLoaded("getTalkSession()");
  return getWasmTalkSession(options);
};
ChatElements.ready = init({ module_or_path: wasmUrl }).then(
  () => {
    loaded = true;
    return ChatElements;
  },
  (cause) => {
    failure = sdkError("NETWORK", `chat-elements could not load ${wasmUrl.href}: ${cause && cause.message}`);
    failure.cause = cause;
    throw failure;
  },
);

globalThis.ChatElements = ChatElements;
