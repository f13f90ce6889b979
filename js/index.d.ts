// Public types of chat-elements: embeddable chat for any web page.
//
//   import { createChatSession } from "chat-elements";
//   const session = createChatSession({ token: async () => (await (await fetch("/api/token")).json()).token });
//   session.createElement("chat-element", { channelId: "demo" }).mount("#chat-container");

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * The stable `code` of every error chat-elements reports.
 *
 * Codes from the server pass through unchanged (`TOKEN_EXPIRED`, `FORBIDDEN`, `RATE_LIMITED`, ...);
 * the last group is raised by the SDK itself.
 */
export type ChatElementsErrorCode =
  // the token was refused
  | "AUTH_REQUIRED"
  | "TOKEN_MALFORMED"
  | "TOKEN_BAD_SIGNATURE"
  | "TOKEN_ALGORITHM"
  | "TOKEN_EXPIRED"
  | "TOKEN_WRONG_APP"
  | "TOKEN_NO_SUBJECT"
  | "TOKEN_WRONG_USER"
  | "UNAUTHORIZED"
  // the request
  | "BAD_FRAME"
  | "UNKNOWN_OP"
  | "INVALID_ARGUMENT"
  | "TOO_LARGE"
  | "MESSAGE_TOO_LONG"
  | "RATE_LIMITED"
  // the data
  | "NOT_FOUND"
  | "FORBIDDEN"
  // the server
  | "INTERNAL"
  | "UNAVAILABLE"
  // raised by the SDK
  | "NETWORK"
  | "CONTAINER_NOT_FOUND"
  | "INVALID_OPTIONS"
  | "UNKNOWN_ELEMENT"
  | "DESTROYED"
  | "UNSUPPORTED_ENVIRONMENT";

/**
 * An `Error` with a stable `code`. Every error thrown by or emitted from chat-elements has this shape.
 *
 * @example
 * session.on("error", (error) => {
 *   if (error.code === "FORBIDDEN") showNotice("You are not part of this conversation.");
 * });
 *
 * @example
 * try {
 *   element.mount("#missing");
 * } catch (error) {
 *   console.log(error.code); // "CONTAINER_NOT_FOUND"
 * }
 */
export interface ChatElementsError extends Error {
  readonly code: ChatElementsErrorCode;
}

// ---------------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------------

/** A token value: a JWT string, a promise of one, or `null` when there is none (yet). */
export type Token = string | Promise<string | null> | null;

/**
 * A function that returns a token. It is called when the session starts and again before the
 * current token expires (the JWT's `exp` tells when). `abortSignal` fires when the token is no
 * longer needed (for instance after `destroy()`).
 *
 * @example
 * const getToken: GetToken = async ({ abortSignal }) => {
 *   const response = await fetch("/api/token", { signal: abortSignal });
 *   return (await response.json()).token;
 * };
 */
export type GetToken = (opts: { abortSignal: AbortSignal }) => Token;

/** Options of {@link createChatSession}. */
export interface ChatSessionOptions {
  /**
   * How the session authenticates. A function is called and awaited, and called again before the
   * token expires, so the session refreshes it automatically. A string (or promise) is used as is and
   * not refreshed; replace it with `session.updateOptions({ token })`.
   *
   * @example
   * createChatSession({ token: async () => (await (await fetch("/api/token")).json()).token });
   * @example
   * createChatSession({ token: "eyJhbGciOiJIUzI1NiJ9…" });
   */
  token: Token | GetToken;
  /**
   * The chat server's origin, e.g. `"https://chat.example.com"`. Defaults to the page's origin.
   * The WebSocket address (`ws(s)://…/v1/ws`) is derived from it.
   *
   * @example
   * createChatSession({ token, serverUrl: "http://127.0.0.1:8080" });
   */
  serverUrl?: string;
}

/** The events of a {@link ChatSession}, with their listeners' signatures. */
export interface ChatSessionEvents {
  /** The session is connected and authenticated. */
  ready: () => void;
  /** A new token was obtained from the token function and is in force. */
  tokenRefreshed: (token: string) => void;
  /** The token function failed or returned nothing usable. */
  tokenRefreshError: (error: ChatElementsError) => void;
  /** Something went wrong while the session was running (connection, authentication, ...). */
  error: (error: ChatElementsError) => void;
  /** `updateOptions()` changed the options; receives the options now in force. */
  optionsUpdated: (options: ChatSessionOptions) => void;
}

/** The element types a session can create, with their options and the element returned. */
export interface ChatSessionElements {
  "chat-element": [ChatElementOptions, ChatElement];
}

/** An element type: its name, or `{ type: name }`. */
export type ElementType<T extends keyof ChatSessionElements> = T | { type: T };

/**
 * An authenticated connection to the chat server that creates chat elements.
 * Create one with {@link createChatSession}.
 */
export interface ChatSession {
  /**
   * The options as last given (merged with every `updateOptions`).
   *
   * @example
   * console.log(session.options.serverUrl ?? location.origin);
   */
  readonly options: ChatSessionOptions;
  /**
   * Listens to a session event.
   *
   * @example
   * session.on("ready", () => console.log("Session is ready"));
   * session.on("error", (error) => console.error(error.code, error.message));
   */
  on<E extends keyof ChatSessionEvents>(event: E, listener: ChatSessionEvents[E]): this;
  /**
   * Removes a listener added with `on` or `once`.
   *
   * @example
   * const onError = (error: ChatElementsError) => console.error(error);
   * session.on("error", onError);
   * session.off("error", onError);
   */
  off<E extends keyof ChatSessionEvents>(event: E, listener: ChatSessionEvents[E]): this;
  /**
   * Listens to the next occurrence of a session event only.
   *
   * @example
   * session.once("ready", () => console.log("connected for the first time"));
   */
  once<E extends keyof ChatSessionEvents>(event: E, listener: ChatSessionEvents[E]): this;
  /**
   * Changes options at runtime; the change reaches every element of the session. A new `token`
   * re-authenticates the live connection without dropping what the elements show.
   *
   * @example
   * session.updateOptions({ token: await fetchFreshToken() });
   */
  updateOptions(options: Partial<ChatSessionOptions>): void;
  /**
   * Unmounts every element of the session, closes the connection and cancels a pending token
   * request. The session cannot be used afterwards (`createElement` throws `DESTROYED`); calling
   * `destroy()` again does nothing.
   *
   * @example
   * window.addEventListener("pagehide", () => session.destroy());
   */
  destroy(): void;
  /**
   * Creates an element; show it with `element.mount(...)`. Throws `UNKNOWN_ELEMENT` for a type
   * other than `"chat-element"`, `INVALID_OPTIONS` without a `channelId`, and `DESTROYED` after
   * `destroy()`.
   *
   * @example
   * const element = session.createElement("chat-element", {
   *   channelId: "demo",
   *   onReady: () => console.log("Element ready"),
   * });
   * element.mount("#chat-container");
   */
  createElement(type: ElementType<"chat-element">, options: ChatElementOptions): ChatElement;
  createElement<T extends keyof ChatSessionElements>(
    type: ElementType<T>,
    options: ChatSessionElements[T][0],
  ): ChatSessionElements[T][1];
}

/**
 * Starts a chat session. In a browser the WebAssembly module is already initialised when the
 * import resolves. Invalid options throw a {@link ChatElementsError} with code `INVALID_OPTIONS`.
 * Outside a browser (server-side rendering) importing is safe, and this function throws one with
 * code `UNSUPPORTED_ENVIRONMENT`.
 *
 * @example
 * import { createChatSession } from "chat-elements";
 *
 * const session = createChatSession({
 *   token: async () => {
 *     const response = await fetch("/api/token");
 *     const data = await response.json();
 *     return data.token;
 *   },
 * });
 * session.on("ready", () => console.log("Session is ready"));
 */
export function createChatSession(options: ChatSessionOptions): ChatSession;

// ---------------------------------------------------------------------------------------------
// The chat element
// ---------------------------------------------------------------------------------------------

/** What the chat element shows when the conversation has no messages. */
export interface EmptyStateOptions {
  title?: string;
  description?: string;
  image?: { url: string };
}

/** The `detail` of a `messageSent` event. */
export interface MessageSentDetail {
  /** The server's id of the new message (`msg_…`). */
  id: string;
  /** The text that was sent. */
  content: string;
  /** The conversation it was sent to. */
  channelId: string;
}

/** An event of the chat element that carries a payload in `detail`. */
export type ChatElementEvent = CustomEvent<MessageSentDetail> & { type: "messageSent" };

/** Options of a `chat-element`. */
export interface ChatElementOptions {
  /**
   * The conversation to show. The user must be one of its participants.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo" });
   */
  channelId: string;
  /**
   * Called once the element has loaded; the same as listening to `ready`.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo", onReady: (el) => el.getSnapshot() });
   */
  onReady?: (element: ChatElement) => void;
  /**
   * Called with every event that carries a payload (`messageSent`, ...).
   *
   * @example
   * session.createElement("chat-element", {
   *   channelId: "demo",
   *   onEvent: (event) => console.log(event.type, event.detail),
   * });
   */
  onEvent?: (event: ChatElementEvent) => void;
  /**
   * What to show while the conversation has no messages.
   *
   * @example
   * session.createElement("chat-element", {
   *   channelId: "demo",
   *   emptyState: { title: "No messages yet", description: "Say hello!" },
   * });
   */
  emptyState?: EmptyStateOptions;
}

/** `"loading"` until the element has its first messages, then `"ready"`. */
export type ChatElementState = "loading" | "ready";

/** The element's current state, from `getSnapshot()` and the `snapshot` event. */
export interface ChatElementSnapshot {
  state: ChatElementState;
}

/** The events of a {@link ChatElement}, with their listeners' signatures. */
export interface ChatElementEvents {
  /** The element has loaded and can be used. */
  ready: (element: ChatElement) => void;
  /** The current user sent a message and the server stored it. */
  messageSent: (event: CustomEvent<MessageSentDetail>) => void;
  /** The element's state changed (it became ready, or switched conversation and is loading). */
  snapshot: (snapshot: ChatElementSnapshot) => void;
  /** `updateOptions()` changed the options; receives the options now in force. */
  optionsUpdated: (options: ChatElementOptions) => void;
  /** Something went wrong (loading the conversation, sending, ...). */
  error: (error: ChatElementsError) => void;
}

/** A chat UI for one conversation. Create it with `session.createElement("chat-element", options)`. */
export interface ChatElement {
  /**
   * The options in force.
   *
   * @example
   * console.log(element.options.channelId);
   */
  readonly options: ChatElementOptions;
  /**
   * `"loading"` or `"ready"`.
   *
   * @example
   * if (element.state === "ready") element.unmount();
   */
  readonly state: ChatElementState;
  /**
   * Shows the element inside a container: an element, a `#id`, or any CSS selector (the first
   * match). Mounting an element that is already mounted logs a warning and does nothing; mounting
   * one that was unmounted throws `DESTROYED`. A missing container throws `CONTAINER_NOT_FOUND`.
   *
   * @example
   * element.mount("#chat-container");
   * element.mount(document.querySelector("aside")!);
   */
  mount(container: HTMLElement | string): void;
  /**
   * Removes the element from the page and stops its subscriptions. This is final: create a new
   * element to show the conversation again. Calling it again does nothing.
   *
   * @example
   * element.unmount();
   */
  unmount(): void;
  /**
   * Changes options; a new `channelId` switches the element to that conversation.
   *
   * @example
   * element.updateOptions({ channelId: "support" });
   */
  updateOptions(options: Partial<ChatElementOptions>): void;
  /**
   * The element's current state.
   *
   * @example
   * const { state } = element.getSnapshot();
   */
  getSnapshot(): ChatElementSnapshot;
  /**
   * Listens to an element event.
   *
   * @example
   * element.on("messageSent", (event) => console.log("sent", event.detail.id, event.detail.content));
   */
  on<E extends keyof ChatElementEvents>(event: E, listener: ChatElementEvents[E]): this;
  /**
   * Removes a listener added with `on` or `once`.
   *
   * @example
   * element.off("messageSent", onSent);
   */
  off<E extends keyof ChatElementEvents>(event: E, listener: ChatElementEvents[E]): this;
  /**
   * Listens to the next occurrence of an element event only.
   *
   * @example
   * element.once("ready", () => console.log("first render done"));
   */
  once<E extends keyof ChatElementEvents>(event: E, listener: ChatElementEvents[E]): this;
}
