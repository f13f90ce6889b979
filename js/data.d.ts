// Public types of chat-elements/data: the Data API alone (your own UI, built from live snapshots).
// The full entry, chat-elements, adds the elements (see index.d.ts, which extends these types).
//
//   import { getTalkSession } from "chat-elements/data";
//   const session = getTalkSession({ appId: "my-app", userId: "alice" });
//   session.onNeedToken = async () => session.setToken(await fetchTokenFromMyBackend());
//   session.conversation("support").subscribeMessages((messages) => render(messages));

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
  | "TOO_MANY_REACTIONS"
  | "RATE_LIMITED"
  // the data
  | "NOT_FOUND"
  | "FORBIDDEN"
  // a moderator muted the current user in this conversation: reading works, writing does not
  | "MUTED"
  // the server
  | "INTERNAL"
  | "UNAVAILABLE"
  // raised by the SDK
  | "NETWORK"
  | "CONTAINER_NOT_FOUND"
  | "INVALID_OPTIONS"
  | "UNKNOWN_ELEMENT"
  | "DESTROYED"
  | "UNSUPPORTED_ENVIRONMENT"
  // the server speaks a protocol version this SDK does not (see docs/PROTOCOL.md)
  | "UNSUPPORTED_SERVER"
  // the script-tag loader (chat-elements.js) was called before `ChatElements.ready` resolved
  | "NOT_READY"
  // a search query replaced by a newer `setQuery` (see MessageSearch.setQuery)
  | "CANCELLED";

/**
 * An `Error` with a stable `code`. Every error thrown by or emitted from chat-elements has this shape,
 * including the rejections of Data API promises and the `error` of a subscription's error state.
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
 *
 * @example
 * try {
 *   await session.conversation("announcements").send("Hi");
 * } catch (error) {
 *   if (error.code === "FORBIDDEN") showNotice("This conversation is read-only for you.");
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

/** A session's options (`createChatSession` takes them; `updateOptions` changes them). */
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
  /**
   * Allows an unencrypted server (`http:` or `ws:`) that is not this machine. Without it such a
   * `serverUrl` throws `INVALID_OPTIONS`, since the token would travel in clear text; `https:`
   * and loopback addresses (`localhost`, `127.x.x.x`, `[::1]`) need nothing. For a network you
   * trust (a development LAN).
   *
   * @example
   * createChatSession({ token, serverUrl: "http://192.168.1.20:8080", allowInsecureTransport: true });
   */
  allowInsecureTransport?: boolean;
}

/**
 * The typed event emitter of the root object, sessions and elements. `Events` maps each event
 * name to its listener's type.
 *
 * @example
 * const onError = (error: ChatElementsError) => console.error(error.code, error.message);
 * session.on("error", onError);
 * session.once("ready", () => console.log("connected for the first time"));
 * session.off("error", onError);
 * if (element.listenerCount("error") === 0) element.addListener("error", onError);
 * element.removeAllListeners();
 */
export interface Emitter<Events> {
  /** Listens to an event. */
  on<E extends keyof Events>(event: E, listener: Events[E]): this;
  /** Removes a listener added with `on`, `once` or `addListener`. */
  off<E extends keyof Events>(event: E, listener: Events[E]): this;
  /** Listens to the next occurrence of an event only. */
  once<E extends keyof Events>(event: E, listener: Events[E]): this;
  /** The same as `on`. */
  addListener<E extends keyof Events>(event: E, listener: Events[E]): this;
  /** The same as `off`. */
  removeListener<E extends keyof Events>(event: E, listener: Events[E]): this;
  /** Removes every listener of `event`, or of every event when called without one. */
  removeAllListeners(event?: keyof Events): this;
  /** How many listeners `event` has. */
  listenerCount(event: keyof Events): number;
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

/**
 * A connection to the chat server for one user: the Data API's session (`user`, `conversation`,
 * `subscribeConversations`, `setToken`, `onNeedToken`, `onError`), with events, `updateOptions` and
 * `destroy`. {@link getTalkSession} returns one. With the full entry (`chat-elements`) it also
 * creates elements (`createElement`, `showSearchModal`), and `createChatSession` returns one too.
 *
 * The Data API checks its arguments: a wrong one (an empty id, a callback that is not a function,
 * params that are not an object) throws a {@link ChatElementsError} with code `INVALID_ARGUMENT`, or
 * rejects with it where the method returns a promise.
 */
export interface ChatSession extends Emitter<ChatSessionEvents> {
  /**
   * The options as last given (merged with every `updateOptions`).
   *
   * @example
   * console.log(session.options.serverUrl ?? location.origin);
   */
  readonly options: ChatSessionOptions;
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
   * The app this session belongs to: the `appId` given to {@link getTalkSession}. For a session made
   * by {@link createChatSession} it is the app the server named when the connection was accepted
   * (an empty string before that).
   *
   * @example
   * console.log(`connected to app ${session.appId}`);
   */
  readonly appId: string;
  /**
   * A reference to the user this session acts as (the same object as `session.user(userId)`).
   * Always set for a session from {@link getTalkSession} (see {@link TalkSession}); for one from
   * {@link createChatSession} it is `null` until the connection was accepted (`ready`).
   *
   * @example
   * session.on("ready", async () => {
   *   const me = await session.currentUser?.get();
   *   console.log(`signed in as ${me?.name}`);
   * });
   */
  readonly currentUser: UserRef | null;
  /**
   * Gives the session a token (a JWT for this app and user). A live connection re-authenticates in
   * place: subscriptions carry on with nothing missed. Every `getTalkSession` caller with the same
   * `appId` and `userId` shares the token, since they share the session. Throws `INVALID_ARGUMENT`
   * for anything but a non-empty string.
   *
   * @example
   * const session = getTalkSession({ appId: "my-app", userId: "alice" });
   * session.setToken(await fetchTokenFromMyBackend());
   */
  setToken(token: string): void;
  /**
   * Called whenever the session needs a token: at the first request when none was set, shortly
   * before the current one expires, and when the server refuses it. The callback should obtain a
   * fresh token and pass it to {@link ChatSession.setToken} (retrying on its own if your backend is
   * briefly unreachable). Assign `undefined` to remove it. When the session needs a token and no
   * callback is set, or too many tokens in a row are refused, the session terminates (see
   * {@link ChatSession.onError}).
   *
   * @example
   * session.onNeedToken = async () => {
   *   const response = await fetch("/api/token?user=alice");
   *   session.setToken((await response.json()).token);
   * };
   */
  onNeedToken: (() => void) | undefined;
  /**
   * Registers a handler for the error that ends the session for good (tokens that keep being refused,
   * no way to get a token, `destroy()`, ...). It is called at most once; registering after the
   * session has already ended calls it at once with that error. Afterwards every promise rejects and
   * every subscription is in the `error` state, and `getTalkSession` hands out a fresh session for
   * the same app and user.
   *
   * @example
   * const registration = session.onError((error) => {
   *   console.error("chat stopped:", error.code, error.message);
   * });
   * // later, when the handler is no longer wanted:
   * registration.unsubscribe();
   */
  onError(handler: (error: ChatElementsError) => void): Unsubscribable;
  /**
   * A reference to a user. The same id always gives the same object. Nothing is sent until you call
   * one of its methods.
   *
   * @example
   * const dana = session.user("dana");
   * await dana.createIfNotExists({ name: "Dana" });
   * console.log((await dana.get())?.name); // "Dana"
   */
  user(id: string): UserRef;
  /**
   * A reference to a conversation, as the current user sees it. The same id always gives the same
   * object. Nothing is sent until you call one of its methods.
   *
   * @example
   * const support = session.conversation("support");
   * await support.createIfNotExists();
   * await support.set({ subject: "Power tools" });
   * await support.send("Hello");
   */
  conversation(id: string): ConversationRef;
  /**
   * Subscribes to the current user's conversations, most recently active first (activity is the
   * later of the last message's `createdAt` and the user's `joinedAt`; ties by id). The window starts
   * with the 20 most recently active; conversations that become active (a new message, joining) move
   * to the front; `loadMore` reaches further back. `onSnapshot` runs with the whole list every time
   * it changes, including changes nested inside it (a last message's sender renamed, ...).
   *
   * The callback and the options may be given in either order, and both may be left out.
   *
   * @example
   * const subscription = session.subscribeConversations((conversations, loadedAll) => {
   *   renderList(conversations);
   *   moreButton.hidden = loadedAll;
   * });
   * moreButton.onclick = () => subscription.loadMore(20);
   *
   * @example
   * session.subscribeConversations(
   *   { filter: { custom: { category: ["==", "support"] } } },
   *   (conversations) => renderList(conversations),
   * );
   *
   * @example
   * const sevenDaysAgo = Date.now() - 7 * 24 * 60 * 60 * 1000;
   * session.subscribeConversations(
   *   (conversations) => renderList(conversations),
   *   { filter: { lastActivityAt: [">", sevenDaysAgo] } },
   * );
   */
  subscribeConversations(
    onSnapshot?: (conversations: ConversationSnapshot[], loadedAll: boolean) => void,
  ): ConversationListSubscription;
  subscribeConversations(
    options: SubscribeConversationsOptions,
    onSnapshot?: (conversations: ConversationSnapshot[], loadedAll: boolean) => void,
  ): ConversationListSubscription;
  subscribeConversations(
    onSnapshot: ((conversations: ConversationSnapshot[], loadedAll: boolean) => void) | undefined,
    options: SubscribeConversationsOptions,
  ): ConversationListSubscription;
  /**
   * Creates a search through the messages of the current user's conversations. Nothing is sent until
   * {@link MessageSearch.setQuery}. `onResults` runs with every result so far whenever they or the
   * status change (see {@link SearchStatus}); the promises of `setQuery` and `loadMore` carry the
   * same results, for code that would rather wait for a whole page.
   *
   * @example
   * // Option 1: handle results as they come.
   * const search = session.searchMessages((results, status) => {
   *   console.log("Found so far:", results, status);
   * });
   * search.setQuery("Hello");
   *
   * @example
   * // Option 2: wait for the whole first page.
   * const search = session.searchMessages();
   * const { results, loadedAll } = await search.setQuery("Hello");
   * console.log("Search completed, first page of messages:", results);
   */
  searchMessages(
    onResults?: (results: SearchMessageSnapshot[], status: SearchStatus) => void,
  ): MessageSearch;
  /**
   * Creates a search through the current user's conversations (by subject or `custom.search`).
   * Nothing is sent until {@link ConversationSearch.setQuery}; `onResults` works as for
   * {@link ChatSession.searchMessages}.
   *
   * @example
   * const search = session.searchConversations((results, status) => {
   *   console.log("Found a new conversation. All conversations found so far:", results, status);
   * });
   * search.setQuery("Hello");
   *
   * @example
   * const search = session.searchConversations();
   * const { results, loadedAll } = await search.setQuery("Hello");
   * console.log("Search completed, first page of conversations:", results);
   */
  searchConversations(
    onResults?: (results: ConversationSnapshot[], status: SearchStatus) => void,
  ): ConversationSearch;
  /**
   * Uploads a file and resolves with its {@link FileToken}; nothing is sent to anyone until you send
   * the token in a message ({@link SendFileBlock}). The upload goes to `<serverUrl>/v1/files` with
   * the session's token in the `Authorization` header (a token refused as expired is refreshed and
   * the upload tried once more). Rejects with `INVALID_ARGUMENT` for a bad argument (not a `Blob`, no
   * `filename`) or a file the server refuses (empty; bytes that do not match a declared media type),
   * `TOO_LARGE` over the server's limit (25 MiB by default), `NETWORK` when the server could not be
   * reached. Use a subtype's method for images, videos, audio and voice recordings.
   *
   * @example
   * // From <input type="file">
   * const file = fileInput.files[0];
   * const fileToken = await session.uploadFile(file, { filename: file.name });
   * await session.conversation("support").send({ content: [{ type: "file", fileToken }] });
   */
  uploadFile(data: Blob, metadata: GenericFileMetadata): Promise<FileToken>;
  /**
   * Uploads an image (`image/png`, `image/jpeg`, `image/gif`, `image/webp` or `image/avif`: the
   * `Blob`'s `type` is sent as its content type, and its bytes must be of that format; SVG is
   * refused). Received as an {@link ImageBlock}.
   *
   * @example
   * const fileToken = await session.uploadImage(file, {
   *   filename: file.name,
   *   width: 640,
   *   height: 480,
   *   onProgress: (sent, total) => console.log(`${Math.round((100 * sent) / total)}%`),
   * });
   * await conversation.send({ content: [{ type: "file", fileToken }] });
   */
  uploadImage(data: Blob, metadata: ImageFileMetadata): Promise<FileToken>;
  /**
   * Uploads a video (`video/mp4`, `video/webm`, `video/ogg` or `video/quicktime`). Received as a
   * {@link VideoBlock}.
   *
   * @example
   * const fileToken = await session.uploadVideo(file, { filename: file.name, width: 1280, height: 720, duration: 31 });
   */
  uploadVideo(data: Blob, metadata: VideoFileMetadata): Promise<FileToken>;
  /**
   * Uploads an audio file (`audio/mpeg`, `audio/ogg`, `audio/webm`, `audio/wav`, `audio/mp4` or
   * `audio/flac`). Received as an {@link AudioBlock}.
   *
   * @example
   * const fileToken = await session.uploadAudio(file, { filename: file.name, duration: 215 });
   */
  uploadAudio(data: Blob, metadata: AudioFileMetadata): Promise<FileToken>;
  /**
   * Uploads a voice recording (the audio types of {@link ChatSession.uploadAudio}). Received as a
   * {@link VoiceBlock}.
   *
   * @example
   * recorder.ondataavailable = async ({ data }) => {
   *   const fileToken = await session.uploadVoice(data, { filename: "voice.webm", duration: seconds });
   *   await conversation.send({ content: [{ type: "file", fileToken }] });
   * };
   */
  uploadVoice(data: Blob, metadata: VoiceRecordingFileMetadata): Promise<FileToken>;
}

// ---------------------------------------------------------------------------------------------
// Data API: the session
// ---------------------------------------------------------------------------------------------

/** Options of {@link getTalkSession}. */
export interface TalkSessionOptions {
  /**
   * The app's id: the `iss` of its tokens.
   *
   * @example
   * getTalkSession({ appId: "my-app", userId: "alice" });
   */
  appId: string;
  /**
   * The user the session acts as: the `sub` of its tokens.
   *
   * @example
   * getTalkSession({ appId: "my-app", userId: currentAccount.id });
   */
  userId: string;
  /**
   * The chat server's origin. Defaults to the page's origin. Only read when the session is created.
   *
   * @example
   * getTalkSession({ appId: "my-app", userId: "alice", serverUrl: "https://chat.example.com" });
   */
  serverUrl?: string;
  /**
   * Allows an unencrypted server (`http:`) that is not this machine, as
   * {@link ChatSessionOptions.allowInsecureTransport}. Only read when the session is created.
   *
   * @example
   * getTalkSession({ appId: "my-app", userId: "alice", serverUrl: "http://192.168.1.20:8080", allowInsecureTransport: true });
   */
  allowInsecureTransport?: boolean;
  /**
   * A first token, the same as calling `setToken(token)` right away. Ignored when a session for this
   * app and user already exists; prefer {@link ChatSession.setToken}.
   *
   * @example
   * getTalkSession({ appId: "my-app", userId: "alice", token: initialToken });
   */
  token?: string;
  /**
   * A function returning a token (or a promise of one), called whenever a token is needed, like
   * {@link ChatSession.onNeedToken}. Ignored when a session for this app and user already exists;
   * prefer `onNeedToken`.
   *
   * @example
   * getTalkSession({
   *   appId: "my-app",
   *   userId: "alice",
   *   tokenFetcher: async () => (await (await fetch("/api/token")).json()).token,
   * });
   */
  tokenFetcher?: () => string | Promise<string>;
}

/**
 * The Data API's entry point: the session for one app and user. Calling it again with the same
 * `appId` and `userId` returns the very same object (so `setToken` and `onNeedToken` apply to every
 * caller); a session that ended with an error is replaced by a new one. Creating a session opens no
 * connection: the first request or subscription does, and the connection closes by itself after a
 * quiet period with no subscription and no request in flight. Throws a {@link ChatElementsError}
 * with code `INVALID_OPTIONS` without a non-empty `appId` and `userId`, and `UNSUPPORTED_ENVIRONMENT`
 * outside a browser.
 *
 * @example
 * import { getTalkSession } from "chat-elements";
 *
 * const session = getTalkSession({ appId: "my-app", userId: "alice" });
 * session.onNeedToken = async () => session.setToken(await fetchTokenFromMyBackend());
 * console.log(getTalkSession({ appId: "my-app", userId: "alice" }) === session); // true
 */
export function getTalkSession(options: TalkSessionOptions): TalkSession;

/**
 * A {@link ChatSession} from {@link getTalkSession}: it knows its user from the start.
 *
 * @example
 * const session: TalkSession = getTalkSession({ appId: "my-app", userId: "alice" });
 * await session.currentUser.set({ name: "Alice" });
 */
export interface TalkSession extends ChatSession {
  readonly currentUser: UserRef;
}

/** What `onError` returns: call `unsubscribe()` to detach the handler. */
export interface Unsubscribable {
  unsubscribe(): void;
}

/** Options of {@link ChatSession.subscribeConversations}. */
export interface SubscribeConversationsOptions {
  /** Only conversations matching this filter are listed. */
  filter?: ConversationFilter;
}

// ---------------------------------------------------------------------------------------------
// Data API: filters
// ---------------------------------------------------------------------------------------------

/**
 * A condition on a string field: equal / not equal to a value, or (not) one of several values.
 *
 * @example
 * const onlyCats: StringFilter = ["==", "cats"];
 * const notPets: StringFilter = ["!oneOf", ["cats", "dogs"]];
 */
export type StringFilter<T = string> = ["==" | "!=", T] | ["oneOf" | "!oneOf", T[]];

/**
 * A condition on a number (a time in ms since the epoch): a comparison, or inside / outside a range
 * (both bounds included).
 *
 * @example
 * const lastHour: NumberFilter = [">", Date.now() - 60 * 60 * 1000];
 * const march: NumberFilter = ["between", [Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1) - 1]];
 */
export type NumberFilter = [">" | "<" | ">=" | "<=", number] | ["between" | "!between", [number, number]];

/**
 * Conditions on `custom` keys: each key's value must match a {@link StringFilter}, or the key must
 * (`"exists"`) or must not (`"!exists"`) be set.
 *
 * @example
 * const filter: CustomFilter = { category: ["==", "support"], archived: "!exists" };
 */
export type CustomFilter = Record<string, StringFilter | "exists" | "!exists">;

/**
 * A filter where every given field must match. The unread, access, notify and joinedAt fields are
 * the current user's.
 *
 * @example
 * const unreadSupport: SimpleConversationFilter = {
 *   isUnread: true,
 *   custom: { category: ["==", "support"] },
 * };
 */
export interface SimpleConversationFilter {
  /** The current user's access. @example { access: ["==", "ReadWrite"] } */
  access?: StringFilter<Access>;
  /** Conditions on the conversation's custom fields. @example { custom: { region: ["oneOf", ["eu", "us"]] } } */
  custom?: CustomFilter;
  /** Whether the conversation is unread for the current user. @example { isUnread: true } */
  isUnread?: boolean;
  /** The subject (`null` matches conversations without one). @example { subject: ["!=", null] } */
  subject?: StringFilter<string | null>;
  /** The later of the last message's time and the user's joining time. @example { lastActivityAt: [">", Date.now() - 86_400_000] } */
  lastActivityAt?: NumberFilter;
  /** When the conversation was created. @example { createdAt: ["<", Date.UTC(2026, 0, 1)] } */
  createdAt?: NumberFilter;
  /** Whether it has at least one message. @example { hasMessages: false } */
  hasMessages?: boolean;
  /** When the current user joined. @example { joinedAt: [">=", signupTime] } */
  joinedAt?: NumberFilter;
}

/**
 * Either a {@link SimpleConversationFilter}, or `["any", [...]]`: a conversation matches when at
 * least one of the listed filters matches. A malformed filter ends the subscription with an
 * `INVALID_ARGUMENT` error whose message says what is wrong.
 *
 * @example
 * const filter: ConversationFilter = ["any", [{ hasMessages: true }, { subject: ["==", "Welcome"] }]];
 * session.subscribeConversations({ filter }, render);
 */
export type ConversationFilter = SimpleConversationFilter | ["any", SimpleConversationFilter[]];

// ---------------------------------------------------------------------------------------------
// Data API: snapshots (plain, immutable data; a new object whenever something changed)
// ---------------------------------------------------------------------------------------------

/** A participant's rights in a conversation: `"ReadWrite"` may send, `"Read"` may only read. */
export type Access = "ReadWrite" | "Read";

/** Notifications: all messages (`true`), none (`false`), or only when mentioned. */
export type Notify = boolean | "MentionsOnly";

/**
 * A user's public profile. Every user of the app may read it.
 *
 * @example
 * session.user("bob").subscribe((user) => {
 *   nameLabel.textContent = user ? user.name : "(unknown user)";
 * });
 */
export interface UserSnapshot {
  readonly id: string;
  readonly name: string;
  /** String properties set by the app. */
  readonly custom: Record<string, string>;
  /** A language tag such as `"en-GB"`, or `null`. */
  readonly locale: string | null;
  readonly photoUrl: string | null;
  /** `"default"` unless the app gave the user another role. */
  readonly role: string;
  readonly welcomeMessage: string | null;
}

/**
 * A user and whether they have a live connection right now.
 *
 * @example
 * session.user("bob").subscribeOnline((online) => {
 *   dot.dataset.online = String(online?.isConnected ?? false);
 * });
 */
export interface UserOnlineSnapshot {
  readonly user: UserSnapshot;
  /** True while the user has at least one connected session. */
  readonly isConnected: boolean;
}

/**
 * A conversation as the current user sees it: the shared fields plus the user's own read state,
 * access and notification setting.
 *
 * @example
 * session.conversation("support").subscribe((conversation) => {
 *   if (conversation === null) return showNotice("You are not in this conversation.");
 *   title.textContent = conversation.subject ?? conversation.id;
 *   badge.textContent = String(conversation.unreadMessageCount);
 * });
 */
export interface ConversationSnapshot {
  readonly id: string;
  readonly subject: string | null;
  readonly photoUrl: string | null;
  /** Texts shown at the start of the conversation; they are not messages. */
  readonly welcomeMessages: string[];
  readonly custom: Record<string, string>;
  /** When the conversation was created (ms since the epoch). */
  readonly createdAt: number;
  /** When the current user joined it. */
  readonly joinedAt: number;
  /** The newest message, or `null` when there is none. */
  readonly lastMessage: MessageSnapshot | null;
  /** Messages by others that the current user has not read (at least 1 after `markAsUnread`). */
  readonly unreadMessageCount: number;
  /** The `createdAt` of the last message the current user has read (0 when none). */
  readonly readUntil: number;
  /** The `createdAt` of the last message every participant has read (0 when none). */
  readonly everyoneReadUntil: number;
  /** Whether the conversation counts as unread for the current user. */
  readonly isUnread: boolean;
  /** The current user's access. */
  readonly access: Access;
  /** The current user's notification setting. */
  readonly notify: Notify;
}

/**
 * One member of a conversation.
 *
 * @example
 * session.conversation("support").subscribeParticipants((participants) => {
 *   memberList.replaceChildren(...(participants ?? []).map((p) => item(p.user.name, p.access)));
 * });
 */
export interface ParticipantSnapshot {
  readonly user: UserSnapshot;
  readonly access: Access;
  readonly notify: Notify;
  /** When the user joined (ms since the epoch). */
  readonly joinedAt: number;
  /** True while a moderator's mute is in force: the participant may read but not write (`MUTED`). */
  readonly isMuted: boolean;
  /** When the mute ends (ms since the epoch); `null` when not muted or muted until unmuted. */
  readonly mutedUntil: number | null;
}

/**
 * One emoji's reactions on a message.
 *
 * @example
 * const summary = message.reactions.map((r) => `${r.emoji} ${r.count}${r.currentUserReacted ? " (you)" : ""}`);
 */
export interface ReactionSnapshot {
  /** The emoji (1 to 32 characters, no whitespace). */
  readonly emoji: string;
  /** How many users reacted with it. */
  readonly count: number;
  /** Whether the current user is one of them. */
  readonly currentUserReacted: boolean;
}

/**
 * A message.
 *
 * @example
 * session.conversation("support").subscribeMessages((messages) => {
 *   for (const message of messages ?? []) {
 *     console.log(message.sender?.name ?? "system", message.plaintext, message.editedAt ? "(edited)" : "");
 *   }
 * });
 */
export interface MessageSnapshot {
  /** The server's id (`msg_…`), unique in the app. */
  readonly id: string;
  /** The conversation it belongs to. */
  readonly conversationId: string;
  /** Its place in the conversation: later messages have greater numbers. */
  readonly seq: number;
  /** `"UserMessage"` (has a `sender`) or `"SystemMessage"` (sent by the app's backend, `sender` is `null`). */
  readonly type: "UserMessage" | "SystemMessage";
  /** The sender's current profile, or `null` for a system message. */
  readonly sender: UserSnapshot | null;
  readonly custom: Record<string, string>;
  /** When it was sent (ms since the epoch, by the server's clock). */
  readonly createdAt: number;
  /** When it was last edited, or `null`. */
  readonly editedAt: number | null;
  /** The message this one replies to, or `null`. */
  readonly referencedMessage: ReferencedMessageSnapshot | null;
  /** How it was sent: `"web"` through an SDK, `"rest"` through the admin API. */
  readonly origin: "web" | "rest" | "import" | "email";
  /** The text without formatting, for previews and notifications. */
  readonly plaintext: string;
  /** The formatted content. Render it with DOM nodes and `textContent`, never as HTML. */
  readonly content: ContentBlock[];
  /** One entry per emoji, in the order they were first used. */
  readonly reactions: ReactionSnapshot[];
}

/**
 * A message quoted by a reply. It names its own referenced message by id only, so chains of replies
 * stay one level deep.
 *
 * @example
 * const quote = message.referencedMessage;
 * if (quote) quoteLine.textContent = `${quote.sender?.name}: ${quote.plaintext}`;
 */
export interface ReferencedMessageSnapshot {
  readonly id: string;
  readonly type: "UserMessage" | "SystemMessage";
  readonly sender: UserSnapshot | null;
  readonly custom: Record<string, string>;
  readonly createdAt: number;
  readonly editedAt: number | null;
  /** The id of the message that this one replies to, or `null`. */
  readonly referencedMessageId: string | null;
  readonly origin: "web" | "rest" | "import" | "email";
  readonly plaintext: string;
  readonly content: ContentBlock[];
  readonly reactions: ReactionSnapshot[];
}

/**
 * Who is typing, other than the current user: up to five users, longest-typing first.
 *
 * @example
 * const text = typing.many ? "Several people are typing…" : typing.users.map((u) => u.name).join(", ");
 */
export interface FewTypingSnapshot {
  readonly many: false;
  readonly users: UserSnapshot[];
}

/** More than five people are typing; they are not listed. */
export interface ManyTypingSnapshot {
  readonly many: true;
}

/**
 * Who is typing in a conversation. A user counts as typing for 10 seconds after their last
 * `markAsTyping()`, until they send a message, or until their last connection closes.
 *
 * @example
 * session.conversation("support").subscribeTyping((typing) => {
 *   indicator.hidden = !typing || (!typing.many && typing.users.length === 0);
 * });
 */
export type TypingSnapshot = FewTypingSnapshot | ManyTypingSnapshot;

// ---------------------------------------------------------------------------------------------
// Data API: message content
// ---------------------------------------------------------------------------------------------

/**
 * A block of a message's content: formatted text or an attached file. Code that walks the content
 * should skip blocks it does not know.
 *
 * @example
 * for (const block of message.content) {
 *   if (block.type === "text") container.append(...block.children.map(renderNode));
 *   else if (block.type === "file") container.append(renderFile(block));
 * }
 */
export type ContentBlock = TextBlock | FileBlock;

/**
 * A block a message can be sent or edited with: text, or a file uploaded before (see
 * {@link SendFileBlock}). A whole block taken from a received message may be sent again as it is.
 *
 * @example
 * const fileToken = await session.uploadFile(file, { filename: file.name });
 * await conversation.send({ content: [{ type: "text", children: ["The report"] }, { type: "file", fileToken }] });
 */
export type SendContentBlock = TextBlock | SendFileBlock | FileBlock;

/**
 * Formatted text: a tree of {@link TextNode}s. The server builds it from what the user typed
 * (`*bold*`, `_italic_`, `~strike~`, `` `code` ``, `[label](https://…)`, bare links, `- ` lists,
 * `@userId` mentions); you may also send one directly.
 *
 * @example
 * await conversation.send({
 *   content: [{ type: "text", children: ["Read ", { type: "bold", children: ["this"] }, " first"] }],
 * });
 */
export interface TextBlock {
  readonly type: "text";
  readonly children: TextNode[];
}

/**
 * A piece of formatted text: a plain string, or a node with a `type` and either `children` or `text`.
 *
 * @example
 * function renderNode(node: TextNode): Node {
 *   if (typeof node === "string") return document.createTextNode(node);
 *   if (node.type === "codeSpan" || node.type === "mention" || node.type === "experience") {
 *     const span = document.createElement("span");
 *     span.textContent = node.text;
 *     return span;
 *   }
 *   if (node.type === "autoLink") return link(node.url, [document.createTextNode(node.text)]);
 *   const children = node.children.map(renderNode);
 *   return node.type === "link" ? link(node.url, children) : wrap(node.type, children);
 * }
 */
export type TextNode =
  | string
  | MarkupNode
  | BulletListNode
  | BulletPointNode
  | CodeSpanNode
  | LinkNode
  | AutoLinkNode
  | MentionNode
  | ExperienceNode;

/** Bold (`*x*` or `**x**`), italic (`_x_`) or struck-through (`~x~`) text. */
export interface MarkupNode {
  readonly type: "bold" | "italic" | "strikethrough";
  readonly children: TextNode[];
}

/** Consecutive lines starting with `- ` or `* `. Its children are {@link BulletPointNode}s. */
export interface BulletListNode {
  readonly type: "bulletList";
  readonly children: TextNode[];
}

/** One line of a bullet list. */
export interface BulletPointNode {
  readonly type: "bulletPoint";
  readonly children: TextNode[];
}

/** `` `code` ``: shown exactly as typed, without formatting inside. */
export interface CodeSpanNode {
  readonly type: "codeSpan";
  readonly text: string;
}

/** `[label](url)`. The URL is always `http:`, `https:` or `mailto:`; anything else stays plain text. */
export interface LinkNode {
  readonly type: "link";
  readonly url: string;
  readonly children: TextNode[];
}

/** A bare `https://…`, `www.…` or e-mail address found in the text, with the URL to open. */
export interface AutoLinkNode {
  readonly type: "autoLink";
  readonly url: string;
  readonly text: string;
}

/** `@userId` naming a participant of the conversation. */
export interface MentionNode {
  readonly type: "mention";
  /** The mentioned user's id. */
  readonly id: string;
  /** The text as shown. */
  readonly text: string;
}

/**
 * A reference to an "experience": a place or product of your application, by your own id
 * (Whop's chat element has experience mentions; this is their equivalent). Never parsed from
 * typed text: send it in a {@link TextBlock}. The server checks only that `id` is 1–128
 * characters without control characters and `text` is not blank; the plain text shows it as
 * `#text`. The chat element shows it as a chip (`#text`) whose click emits `experienceClick`.
 *
 * @example
 * await conversation.send({
 *   content: [{ type: "text", children: ["Join ", { type: "experience", id: "exp_yoga", text: "Yoga class" }] }],
 * });
 */
export interface ExperienceNode {
  readonly type: "experience";
  /** Your application's id of the experience. */
  readonly id: string;
  /** The text as shown (after a `#`). */
  readonly text: string;
}

/**
 * The token of an uploaded file, from {@link ChatSession.uploadFile} and its variants or from a
 * received {@link FileBlock}: put it in a {@link SendFileBlock} to attach the file to a message, as
 * often as you like, in any conversation. Treat it as opaque and do not keep it for long: it stops
 * working when the app's secret changes.
 *
 * @example
 * const fileToken: FileToken = await session.uploadImage(blob, { filename: "cat.png" });
 * await session.conversation("pets").send({ content: [{ type: "file", fileToken }] });
 */
export type FileToken = string & { readonly __brand: "chat-elements FileToken" };

/**
 * Attaches an uploaded file to a message being sent or edited. Only `fileToken` is read: the name,
 * size, kind and dimensions always come from the upload.
 *
 * @example
 * await conversation.send({ content: [{ type: "file", fileToken }] });
 */
export interface SendFileBlock {
  type: "file";
  fileToken: FileToken;
}

/**
 * A file attached to a received message. Check `subtype` to tell the kinds apart and treat anything
 * else as a generic file (new subtypes may come).
 *
 * `url` is a signed download link that needs no other credentials (an `<img>`, `<video>` or `<a>`
 * can use it) and lasts at least an hour (the server's `--file-url-ttl`) after the message was read;
 * read the message again for a fresh one. The SDK makes it absolute against the session's
 * `serverUrl`, so it works on a page served from another origin.
 *
 * @example
 * for (const block of message.content) {
 *   if (block.type !== "file") continue;
 *   const url = block.url;
 *   if (block.subtype === "image") showImage(url, block.width, block.height);
 *   else if (block.subtype === "video") showVideo(url, block.duration);
 *   else if (block.subtype === "audio" || block.subtype === "voice") showAudio(url, block.duration);
 *   else showDownloadLink(url, block.filename, block.size);
 * }
 */
export type FileBlock = GenericFileBlock | ImageBlock | VideoBlock | AudioBlock | VoiceBlock;

/**
 * What every {@link FileBlock} has.
 *
 * @example
 * const sizeLabel = `${block.filename} (${Math.ceil(block.size / 1024)} KB)`;
 */
export interface FileBlockBase {
  readonly type: "file";
  /** Send it again in a {@link SendFileBlock} to attach the same file to another message. */
  readonly fileToken: FileToken;
  /** The signed download link (see {@link FileBlock}). */
  readonly url: string;
  /** In bytes. */
  readonly size: number;
  /** The file's name, with its extension, as given at upload. */
  readonly filename: string;
  /** The media type the server recorded at upload, e.g. `"image/png"` (an extension of ours). */
  readonly contentType?: string;
}

/**
 * A file uploaded with {@link ChatSession.uploadFile}: no subtype.
 *
 * @example
 * link.href = block.url;
 * link.download = block.filename;
 */
export interface GenericFileBlock extends FileBlockBase {
  readonly subtype?: undefined;
}

/**
 * An image ({@link ChatSession.uploadImage}); `width` and `height` in pixels when given at upload.
 *
 * @example
 * if (block.subtype === "image") img.src = block.url;
 */
export interface ImageBlock extends FileBlockBase {
  readonly subtype: "image";
  readonly width?: number;
  readonly height?: number;
}

/**
 * A video ({@link ChatSession.uploadVideo}); dimensions in pixels and `duration` in seconds when
 * given at upload.
 *
 * @example
 * if (block.subtype === "video") video.src = block.url;
 */
export interface VideoBlock extends FileBlockBase {
  readonly subtype: "video";
  readonly width?: number;
  readonly height?: number;
  readonly duration?: number;
}

/**
 * An audio file ({@link ChatSession.uploadAudio}); `duration` in seconds when given at upload.
 *
 * @example
 * if (block.subtype === "audio") audio.src = block.url;
 */
export interface AudioBlock extends FileBlockBase {
  readonly subtype: "audio";
  readonly duration?: number;
}

/**
 * A voice recording ({@link ChatSession.uploadVoice}); `duration` in seconds when given at upload.
 *
 * @example
 * if (block.subtype === "voice") playRecording(block.url, block.duration);
 */
export interface VoiceBlock extends FileBlockBase {
  readonly subtype: "voice";
  readonly duration?: number;
}

// ---------------------------------------------------------------------------------------------
// Data API: search
// ---------------------------------------------------------------------------------------------

/**
 * Where a search stands, as its `onResults` callback hears it: `searching` while a page is being
 * loaded, `canLoadMore` when idle with more to load, `loadedAll` when nothing more matches.
 *
 * @example
 * const search = session.searchMessages((results, status) => {
 *   spinner.hidden = status !== "searching";
 *   moreButton.hidden = status !== "canLoadMore";
 * });
 */
export type SearchStatus = "searching" | "canLoadMore" | "loadedAll";

/**
 * A message found by {@link ChatSession.searchMessages}, with the conversation it is in, both as the
 * current user sees them.
 *
 * @example
 * for (const { message, conversation } of results) {
 *   addResult(`${conversation.subject ?? conversation.id}: ${message.plaintext}`);
 * }
 */
export interface SearchMessageSnapshot {
  readonly conversation: ConversationSnapshot;
  readonly message: MessageSnapshot;
}

/**
 * What {@link MessageSearch.setQuery} and {@link MessageSearch.loadMore} resolve with: every result
 * so far (newest first) and whether the oldest matching message was reached. Messages sent after
 * `setQuery` are not in a later page.
 *
 * @example
 * const { results, loadedAll } = await search.setQuery("invoice");
 */
export interface MessageSearchState {
  readonly results: SearchMessageSnapshot[];
  readonly loadedAll: boolean;
}

/**
 * What {@link ConversationSearch.setQuery} and {@link ConversationSearch.loadMore} resolve with:
 * every result so far (most recently active first) and whether no more match.
 *
 * @example
 * const { results, loadedAll } = await search.setQuery("kittens");
 */
export interface ConversationSearchState {
  readonly results: ConversationSnapshot[];
  readonly loadedAll: boolean;
}

/**
 * Narrows a message search. `conversationId` (an extension of chat-elements) searches one
 * conversation only (`FORBIDDEN` when the current user is not in it). TalkJS's
 * `conversation` filter is not supported: passing one rejects with `INVALID_ARGUMENT`.
 *
 * @example
 * await search.setQuery("deadline", { conversationId: "project-x" });
 */
export interface MessageSearchFilters {
  conversationId?: string;
}

/**
 * Accepted for compatibility; TalkJS's `conversation` filter is not supported (passing one rejects
 * with `INVALID_ARGUMENT`).
 *
 * @example
 * await search.setQuery("kittens", {});
 */
export interface ConversationSearchFilters {}

/**
 * A search through the current user's messages, from {@link ChatSession.searchMessages}. One query
 * at a time: {@link MessageSearch.setQuery} starts one, {@link MessageSearch.loadMore} goes on to
 * older messages.
 *
 * A message matches when every word of the query starts a word of its text: `rain` finds
 * "rainbows", `bows` does not; case, accents and punctuation around words do not matter. Messages
 * without text (a file alone) are never found.
 *
 * @example
 * const search = session.searchMessages((results, status) => render(results, status));
 * input.addEventListener("input", () => {
 *   if (input.value.trim()) search.setQuery(input.value).catch(() => {});
 * });
 * moreButton.onclick = () => search.loadMore();
 */
export interface MessageSearch {
  /**
   * Starts a search for `query`, replacing the previous one: the results are cleared, `onResults`
   * runs with `([], "searching")`, and the promise resolves with the first page (3 results, as in
   * TalkJS) once it is there, after `onResults` heard it with `canLoadMore` or `loadedAll`.
   *
   * Nothing of a replaced query is delivered afterwards: its callback calls stop, and its pending
   * promise (from `setQuery` or `loadMore`) rejects with code `CANCELLED` (that rejection is marked
   * as handled, so a search that nobody awaits shows no error). A blank query (empty or spaces) or
   * one over 200 characters rejects with `INVALID_ARGUMENT`; so does a non-string.
   *
   * @example
   * const search = session.searchMessages();
   * const { results, loadedAll } = await search.setQuery("Hello");
   * console.log("first page:", results.map((r) => r.message.plaintext), loadedAll);
   *
   * @example
   * const search = session.searchMessages((results, status) => {
   *   console.log(status, "results so far:", results.length);
   * });
   * search.setQuery("Hello"); // "searching" 0, then "canLoadMore" 3 (or "loadedAll")
   */
  setQuery(query: string, filters?: MessageSearchFilters): Promise<MessageSearchState>;
  /**
   * Loads `limit` more results (1 to 50, default 10) following the server's cursor and resolves with
   * every result so far; `onResults` hears `searching` and then the longer list. Calls while a page
   * is loading return that page's promise (they collapse into one request). Before a query, after a
   * failed `setQuery`, or once everything was loaded, it resolves at once with the current state. A
   * failed page rejects and can be asked for again (`onResults` hears `canLoadMore`).
   *
   * @example
   * let state = await search.setQuery("report");
   * while (!state.loadedAll) state = await search.loadMore(20);
   * console.log(`${state.results.length} messages mention "report"`);
   */
  loadMore(limit?: number): Promise<MessageSearchState>;
}

/**
 * A search through the current user's conversations by subject or `custom.search`, from
 * {@link ChatSession.searchConversations}. Every word of the query must start a word of the subject,
 * or every word a word of `custom.search` (a conversation titled "Kittens" with `custom.search:
 * "where to buy food"` is not found by `kitten food`). Only conversations the user takes part in
 * are ever found.
 *
 * @example
 * const search = session.searchConversations((conversations, status) => renderList(conversations, status));
 * search.setQuery("support");
 */
export interface ConversationSearch {
  /**
   * Starts a search for `query`, replacing the previous one; works like
   * {@link MessageSearch.setQuery} (first page of 3, `CANCELLED` for a replaced query,
   * `INVALID_ARGUMENT` for a blank one).
   *
   * @example
   * const search = session.searchConversations();
   * const { results } = await search.setQuery("kittens");
   * console.log(results.map((c) => c.subject));
   */
  setQuery(query: string, filters?: ConversationSearchFilters): Promise<ConversationSearchState>;
  /**
   * Loads `limit` more conversations (1 to 50, default 10), less recently active ones; works like
   * {@link MessageSearch.loadMore}.
   *
   * @example
   * moreButton.onclick = async () => {
   *   const { loadedAll } = await search.loadMore();
   *   moreButton.hidden = loadedAll;
   * };
   */
  loadMore(limit?: number): Promise<ConversationSearchState>;
}

// ---------------------------------------------------------------------------------------------
// Data API: uploads
// ---------------------------------------------------------------------------------------------

/**
 * What every upload takes. `filename` (1 to 255 characters, with its extension) is required.
 * `onProgress(sentBytes, totalBytes)` is an extension of chat-elements: it runs as the bytes go
 * out, and a last time with `sentBytes === totalBytes` once the server accepted the file (if the
 * token had to be refreshed, the upload restarts from 0).
 *
 * @example
 * await session.uploadFile(file, {
 *   filename: file.name,
 *   onProgress: (sent, total) => (progressBar.value = sent / total),
 * });
 */
export interface GenericFileMetadata {
  filename: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/**
 * An image's metadata: `width` and `height` in whole pixels, when known.
 *
 * @example
 * const bitmap = await createImageBitmap(file);
 * await session.uploadImage(file, { filename: file.name, width: bitmap.width, height: bitmap.height });
 */
export interface ImageFileMetadata extends GenericFileMetadata {
  width?: number;
  height?: number;
}

/**
 * A video's metadata: dimensions in whole pixels and `duration` in seconds, when known.
 *
 * @example
 * await session.uploadVideo(file, { filename: file.name, width: 1280, height: 720, duration: 12.5 });
 */
export interface VideoFileMetadata extends GenericFileMetadata {
  width?: number;
  height?: number;
  duration?: number;
}

/**
 * An audio file's metadata: `duration` in seconds, when known.
 *
 * @example
 * await session.uploadAudio(file, { filename: file.name, duration: 215 });
 */
export interface AudioFileMetadata extends GenericFileMetadata {
  duration?: number;
}

/**
 * A voice recording's metadata: `duration` in seconds, when known.
 *
 * @example
 * await session.uploadVoice(recording, { filename: "voice.webm", duration: 4.2 });
 */
export interface VoiceRecordingFileMetadata extends GenericFileMetadata {
  duration?: number;
}

// ---------------------------------------------------------------------------------------------
// Data API: subscriptions
// ---------------------------------------------------------------------------------------------

/** Not connected yet: no snapshot so far. */
export interface PendingState {
  readonly type: "pending";
}

/** Receiving updates; `latestSnapshot` is what the callback got last. */
export interface ActiveState<T> {
  readonly type: "active";
  readonly latestSnapshot: T;
}

/** Receiving updates of a window onto a longer list. */
export interface WindowActiveState<T> extends ActiveState<T> {
  /** True when the window holds the whole list: `loadMore` would add nothing. */
  readonly loadedAll: boolean;
}

/** Ended by `unsubscribe()`. */
export interface UnsubscribedState {
  readonly type: "unsubscribed";
}

/** Ended by an error that will not go away by itself (a malformed filter, the session ended, ...). */
export interface ErrorState {
  readonly type: "error";
  readonly error: ChatElementsError;
}

/**
 * What every subscription has. The callback given when subscribing runs with each new snapshot
 * (at most once per animation frame; the latest wins). A dropped connection does not end a
 * subscription: it stays active, and catches up with what it missed once the connection is back.
 *
 * @example
 * const subscription = session.user("bob").subscribe((user) => render(user));
 * const { latestSnapshot } = await subscription.connected;
 * subscription.terminated.then((end) => console.log("subscription ended:", end.type));
 * subscription.unsubscribe();
 * subscription.unsubscribe(); // does nothing
 */
export interface Subscription<Active> {
  /**
   * `pending` until the first snapshot, then `active` with `latestSnapshot`, and at the end
   * `unsubscribed` or `error`.
   *
   * @example
   * if (subscription.state.type === "active") render(subscription.state.latestSnapshot);
   */
  readonly state: PendingState | Active | UnsubscribedState | ErrorState;
  /**
   * Resolves with the active state once the first snapshot has arrived; rejects when the
   * subscription ends before that (with `DESTROYED` after `unsubscribe()`).
   *
   * @example
   * const { latestSnapshot } = await session.conversation("support").subscribe().connected;
   */
  readonly connected: Promise<Active>;
  /**
   * Resolves with the final state when the subscription ends (`unsubscribe()`, or an error).
   *
   * @example
   * subscription.terminated.then((end) => {
   *   if (end.type === "error") console.error(end.error.code);
   * });
   */
  readonly terminated: Promise<UnsubscribedState | ErrorState>;
  /**
   * Stops the updates and lets the session release what it holds for them (and close the
   * connection once nothing else needs it). Calling it again, or after an error, does nothing.
   *
   * @example
   * window.addEventListener("pagehide", () => subscription.unsubscribe());
   */
  unsubscribe(): void;
}

/**
 * A subscription to a window onto a list that can grow into the past.
 *
 * @example
 * const subscription = conversation.subscribeMessages((messages, loadedAll) => render(messages, loadedAll));
 * olderButton.onclick = () => subscription.loadMore(20);
 */
export interface WindowSubscription<Active> extends Subscription<Active> {
  /**
   * Makes the window `count` items longer (into the past) and resolves once the callback has the
   * longer list (or everything there is). `count` defaults to the first window's size (20
   * conversations, 10 messages or participants). Calls made before the previous one finished are
   * merged: counted from what was shown when each was made, the largest wins, not the sum.
   *
   * @example
   * await subscription.loadMore(10);
   * console.log(subscription.state);
   */
  loadMore(count?: number): Promise<void>;
}

/** The active state of {@link UserRef.subscribe}: `null` while the user does not exist. */
export type UserActiveState = ActiveState<UserSnapshot | null>;
/** The active state of {@link UserRef.subscribeOnline}: `null` while the user does not exist. */
export type UserOnlineActiveState = ActiveState<UserOnlineSnapshot | null>;
/** The active state of {@link ConversationRef.subscribe}: `null` unless the current user takes part. */
export type ConversationActiveState = ActiveState<ConversationSnapshot | null>;
/** The active state of {@link ParticipantRef.subscribe}: `null` when the user is not a participant. */
export type SingleParticipantActiveState = ActiveState<ParticipantSnapshot | null>;
/** The active state of {@link ConversationRef.subscribeTyping}: `null` unless the current user takes part. */
export type TypingActiveState = ActiveState<TypingSnapshot | null>;
/** The active state of {@link ConversationRef.subscribeMessages}: newest first; `null` unless the current user takes part. */
export type MessageActiveState = WindowActiveState<MessageSnapshot[] | null>;
/** The active state of {@link ConversationRef.subscribeParticipants}: most recently joined first; `null` unless the current user takes part. */
export type ParticipantActiveState = WindowActiveState<ParticipantSnapshot[] | null>;
/** The active state of {@link ChatSession.subscribeConversations}: most recently active first. */
export type ConversationListActiveState = WindowActiveState<ConversationSnapshot[]>;

/** From {@link UserRef.subscribe}. */
export type UserSubscription = Subscription<UserActiveState>;
/** From {@link UserRef.subscribeOnline}. */
export type UserOnlineSubscription = Subscription<UserOnlineActiveState>;
/** From {@link ConversationRef.subscribe}. */
export type ConversationSubscription = Subscription<ConversationActiveState>;
/** From {@link ParticipantRef.subscribe}. */
export type SingleParticipantSubscription = Subscription<SingleParticipantActiveState>;
/** From {@link ConversationRef.subscribeTyping}. */
export type TypingSubscription = Subscription<TypingActiveState>;
/** From {@link ConversationRef.subscribeMessages}: starts with the 10 newest messages. */
export type MessageSubscription = WindowSubscription<MessageActiveState>;
/** From {@link ConversationRef.subscribeParticipants}: starts with the 10 most recently joined. */
export type ParticipantSubscription = WindowSubscription<ParticipantActiveState>;
/** From {@link ChatSession.subscribeConversations}: starts with the 20 most recently active. */
export type ConversationListSubscription = WindowSubscription<ConversationListActiveState>;

// ---------------------------------------------------------------------------------------------
// Data API: what you can write
// ---------------------------------------------------------------------------------------------

/**
 * Changes to the current user's profile. Fields left out stay as they are; `null` clears one.
 * `custom` is merged key by key: a key set to `null` is removed, and `custom: null` removes all.
 *
 * @example
 * await session.currentUser.set({ name: "Alice Smith", custom: { team: "blue", oldKey: null } });
 */
export interface SetUserParams {
  name?: string;
  custom?: Record<string, string | null> | null;
  locale?: string | null;
  photoUrl?: string | null;
  role?: string | null;
  welcomeMessage?: string | null;
}

/**
 * A new user. `name` is required.
 *
 * @example
 * await session.user("dana").createIfNotExists({ name: "Dana", custom: { team: "green" } });
 */
export interface CreateUserParams {
  name: string;
  custom?: Record<string, string>;
  locale?: string;
  photoUrl?: string;
  role?: string;
  welcomeMessage?: string;
}

/**
 * Changes to a conversation, and to the current user's own participation (`access`, `notify`).
 * Fields left out stay as they are; `null` clears one (or restores the default for `access` and
 * `notify`). `custom` is merged key by key like {@link SetUserParams.custom}. Changing subject,
 * photo, welcome messages or custom fields needs `ReadWrite` access; your own access may be
 * lowered to `Read` but not raised.
 *
 * @example
 * await session.conversation("support").set({ subject: "Power tools", custom: { category: "support" } });
 * await session.conversation("support").set({ notify: false });
 */
export interface SetConversationParams {
  subject?: string | null;
  photoUrl?: string | null;
  welcomeMessages?: string[] | null;
  custom?: Record<string, string | null> | null;
  access?: Access | null;
  notify?: Notify | null;
}

/**
 * A new conversation (the current user joins it with `ReadWrite` access unless `access` says
 * otherwise).
 *
 * @example
 * await session.conversation("support").createIfNotExists({ subject: "Support", custom: { category: "support" } });
 */
export interface CreateConversationParams {
  subject?: string;
  photoUrl?: string;
  welcomeMessages?: string[];
  custom?: Record<string, string>;
  access?: Access;
  notify?: Notify;
}

/**
 * Changes to a participant. Fields left out stay as they are; `null` restores the default
 * (`ReadWrite`, notifications on).
 *
 * @example
 * await session.conversation("support").participant("bob").set({ access: "Read" });
 */
export interface SetParticipantParams {
  access?: Access | null;
  notify?: Notify | null;
}

/**
 * A new participant (defaults: `ReadWrite`, notifications on).
 *
 * @example
 * await session.conversation("support").participant("bob").createIfNotExists({ notify: "MentionsOnly" });
 */
export interface CreateParticipantParams {
  access?: Access;
  notify?: Notify;
}

/**
 * A text message. The text is formatted by the server (see {@link TextBlock}).
 *
 * @example
 * await conversation.send({ text: "Agreed", referencedMessage: question.id, custom: { priority: "high" } });
 */
export interface SendTextMessageParams {
  text: string;
  /** The message this one replies to (it must be in the same conversation). */
  referencedMessage?: string | MessageRef;
  custom?: Record<string, string>;
}

/**
 * A message given as content blocks.
 *
 * @example
 * await conversation.send({ content: [{ type: "text", children: [{ type: "italic", children: ["hi"] }] }] });
 */
export interface SendMessageParams {
  content: SendContentBlock[];
  /** The message this one replies to (it must be in the same conversation). */
  referencedMessage?: string | MessageRef;
  custom?: Record<string, string>;
}

/**
 * A new text for a message, and changes to its custom fields (merged key by key; `null` removes a
 * key, `custom: null` removes all).
 *
 * @example
 * await conversation.message(id).edit({ text: "Fixed the *typo*", custom: { draft: null } });
 */
export interface EditTextMessageParams {
  text?: string;
  custom?: Record<string, string | null> | null;
}

/**
 * New content blocks for a message, and changes to its custom fields.
 *
 * @example
 * await conversation.message(id).edit({ content: [{ type: "text", children: ["replaced"] }] });
 */
export interface EditMessageParams {
  content?: SendContentBlock[];
  custom?: Record<string, string | null> | null;
}

// ---------------------------------------------------------------------------------------------
// Data API: references
// ---------------------------------------------------------------------------------------------

/**
 * A user, by id. Anyone signed in to the app may read any user's public profile; only your own
 * profile may be changed.
 */
export interface UserRef {
  /** The user's id. */
  readonly id: string;
  /**
   * The user's profile, or `null` when there is no such user.
   *
   * @example
   * const bob = await session.user("bob").get();
   * console.log(bob ? bob.name : "no such user");
   */
  get(): Promise<UserSnapshot | null>;
  /**
   * Changes the current user's profile, creating the user when needed (then `name` is required).
   * Rejects with `FORBIDDEN` for any other user.
   *
   * @example
   * await session.currentUser.set({ name: "Bob", photoUrl: "https://example.com/bob.png" });
   */
  set(params: SetUserParams): Promise<void>;
  /**
   * Creates the user unless one with this id exists (an existing user is left unchanged).
   *
   * @example
   * await session.user("dana").createIfNotExists({ name: "Dana" });
   */
  createIfNotExists(params: CreateUserParams): Promise<void>;
  /**
   * Live updates of the profile (`null` while the user does not exist).
   *
   * @example
   * const subscription = session.user("bob").subscribe((user) => (label.textContent = user?.name ?? ""));
   */
  subscribe(onSnapshot?: (user: UserSnapshot | null) => void): UserSubscription;
  /**
   * Live updates of the profile and whether the user is connected.
   *
   * @example
   * session.user("bob").subscribeOnline((online) => (dot.hidden = !online?.isConnected));
   */
  subscribeOnline(onSnapshot?: (online: UserOnlineSnapshot | null) => void): UserOnlineSubscription;
}

/**
 * A conversation, by id, as the current user sees it. If the user does not take part, reads give
 * `null` (whether or not the conversation exists), and writes other than `set` and
 * `createIfNotExists` reject.
 */
export interface ConversationRef {
  /** The conversation's id. */
  readonly id: string;
  /**
   * A user's participation in this conversation (the same user always gives the same object).
   *
   * @example
   * await session.conversation("support").participant("bob").createIfNotExists();
   * await session.conversation("support").participant(session.user("carol")).delete();
   */
  participant(user: string | UserRef): ParticipantRef;
  /**
   * A message of this conversation, by id (the same id always gives the same object).
   *
   * @example
   * await session.conversation("support").message("msg_123").delete();
   */
  message(id: string): MessageRef;
  /**
   * The conversation, or `null` unless the current user takes part.
   *
   * @example
   * const conversation = await session.conversation("support").get();
   * console.log(conversation?.subject, conversation?.unreadMessageCount);
   */
  get(): Promise<ConversationSnapshot | null>;
  /**
   * Creates the conversation when needed (with the current user in it), then applies the changes.
   * Rejects with `FORBIDDEN` when it exists and the current user is not in it, or when a change needs
   * more access than the user has.
   *
   * @example
   * await session.conversation("support").set({ subject: "Power tools" });
   * await session.conversation("support").set({ notify: false });
   */
  set(params: SetConversationParams): Promise<void>;
  /**
   * Creates the conversation with the current user in it, unless it exists. Nothing changes when
   * it exists and the user is in it; rejects with `FORBIDDEN` when the user is not.
   *
   * @example
   * await session.conversation("support").createIfNotExists({ subject: "Support" });
   */
  createIfNotExists(params?: CreateConversationParams): Promise<void>;
  /**
   * Marks every message as read by the current user.
   *
   * @example
   * await session.conversation("support").markAsRead();
   */
  markAsRead(): Promise<void>;
  /**
   * Makes the conversation unread again: the latest message by someone else counts as unread.
   *
   * @example
   * await session.conversation("support").markAsUnread();
   */
  markAsUnread(): Promise<void>;
  /**
   * Sends a message as the current user and resolves with a reference to it once the server has
   * stored it. While offline the message waits and goes out when the connection is back, exactly
   * once. Rejects with `FORBIDDEN` unless the user takes part with `ReadWrite` access. Sending
   * also clears the user's typing indicator and marks the conversation read for them.
   *
   * @example
   * const sent = await session.conversation("support").send("Hello *there*");
   * await session.conversation("support").send({ text: "Agreed", referencedMessage: sent });
   */
  send(params: string | SendTextMessageParams | SendMessageParams): Promise<MessageRef>;
  /**
   * Live updates of the conversation (`null` unless the current user takes part).
   *
   * @example
   * session.conversation("support").subscribe((conversation) => (title.textContent = conversation?.subject ?? ""));
   */
  subscribe(onSnapshot?: (conversation: ConversationSnapshot | null) => void): ConversationSubscription;
  /**
   * Live updates of the messages, newest first: the 10 newest to begin with, new ones at the start,
   * edits, reactions and deletions in place; `loadMore` adds older ones. `null` unless the current
   * user takes part.
   *
   * @example
   * const subscription = session.conversation("support").subscribeMessages((messages, loadedAll) => {
   *   list.replaceChildren(...(messages ?? []).slice().reverse().map(renderMessage));
   *   olderButton.hidden = loadedAll;
   * });
   * olderButton.onclick = () => subscription.loadMore(10);
   */
  subscribeMessages(
    onSnapshot?: (messages: MessageSnapshot[] | null, loadedAll: boolean) => void,
  ): MessageSubscription;
  /**
   * Live updates of the participants, most recently joined first: 10 to begin with; `loadMore` adds
   * earlier ones. `null` unless the current user takes part.
   *
   * @example
   * session.conversation("support").subscribeParticipants((participants, loadedAll) => {
   *   console.log(participants?.map((p) => p.user.name), loadedAll);
   * });
   */
  subscribeParticipants(
    onSnapshot?: (participants: ParticipantSnapshot[] | null, loadedAll: boolean) => void,
  ): ParticipantSubscription;
  /**
   * Live updates of who else is typing (`null` unless the current user takes part).
   *
   * @example
   * session.conversation("support").subscribeTyping((typing) => {
   *   indicator.textContent = !typing ? "" : typing.many ? "Several people are typing…" :
   *     typing.users.map((user) => user.name).join(", ");
   * });
   */
  subscribeTyping(onSnapshot?: (typing: TypingSnapshot | null) => void): TypingSubscription;
  /**
   * Removes custom fields of the conversation (the same as `set({ custom: { key: null, ... } })`).
   *
   * @example
   * await session.conversation("support").deleteFields("category", "priority");
   */
  deleteFields(...keys: string[]): Promise<void>;
  /**
   * Tells the others that the current user is typing; it lasts 10 seconds unless called again.
   * Calls in quick succession are combined, so calling it on every keystroke is fine.
   *
   * @example
   * input.addEventListener("input", () => session.conversation("support").markAsTyping());
   */
  markAsTyping(): Promise<void>;
}

/**
 * A message, by id, in a conversation the current user takes part in.
 */
export interface MessageRef {
  /** The message's id. */
  readonly id: string;
  /** The conversation's id. */
  readonly conversationId: string;
  /**
   * The current user's reaction with one emoji on this message (the same emoji always gives the same
   * object).
   *
   * @example
   * await session.conversation("support").message(id).reactions("👍").add();
   */
  reactions(emoji: string): ReactionRef;
  /**
   * The same as {@link MessageRef.reactions}.
   *
   * @example
   * await sent.reaction("🎉").remove();
   */
  reaction(emoji: string): ReactionRef;
  /**
   * The message, or `null` when it does not exist (or was deleted) or the current user does not take
   * part in the conversation.
   *
   * @example
   * const message = await session.conversation("support").message(id).get();
   * console.log(message?.plaintext);
   */
  get(): Promise<MessageSnapshot | null>;
  /**
   * Changes the message (its author only, else `FORBIDDEN`). A string is the new text.
   *
   * @example
   * await sent.edit("Hello, *everyone*");
   * await sent.edit({ custom: { pinned: "yes" } });
   */
  edit(params: string | EditTextMessageParams | EditMessageParams): Promise<void>;
  /**
   * Removes custom fields of the message (its author only), like `edit({ custom: { key: null } })`.
   *
   * @example
   * await sent.deleteFields("draft");
   */
  deleteFields(...keys: string[]): Promise<void>;
  /**
   * Deletes the message (its author only, else `FORBIDDEN`). Deleting a message that is already
   * gone succeeds.
   *
   * @example
   * await sent.delete();
   */
  delete(): Promise<void>;
}

/**
 * The current user's reaction with one emoji on one message.
 */
export interface ReactionRef {
  /** The emoji. */
  readonly emoji: string;
  /** The message's id. */
  readonly messageId: string;
  /** The conversation's id. */
  readonly conversationId: string;
  /**
   * Reacts with this emoji; doing it twice is the same as once. Rejects with `TOO_MANY_REACTIONS`
   * when the message already has 50 different emoji, and `INVALID_ARGUMENT` for an emoji that is
   * empty, longer than 32 characters or contains whitespace.
   *
   * @example
   * await message.reaction("🎉").add();
   */
  add(): Promise<void>;
  /**
   * Takes the current user's reaction back; succeeds when there was none.
   *
   * @example
   * await message.reaction("🎉").remove();
   */
  remove(): Promise<void>;
}

/**
 * A user's participation in a conversation. Reading needs the current user to take part; changing
 * or removing someone else needs `ReadWrite` access. Anyone may remove themselves (leave) and
 * change their own notifications.
 */
export interface ParticipantRef {
  /** The participant's user id. */
  readonly userId: string;
  /** The conversation's id. */
  readonly conversationId: string;
  /**
   * The participant, or `null` when the user does not take part — and also when the current user
   * does not take part in the conversation (an outsider sees nothing, as with `subscribe`).
   *
   * @example
   * const bob = await session.conversation("support").participant("bob").get();
   * console.log(bob?.access);
   */
  get(): Promise<ParticipantSnapshot | null>;
  /**
   * Adds the user when needed, then applies the changes. Rejects with `NOT_FOUND` when the user
   * does not exist.
   *
   * @example
   * await session.conversation("support").participant("bob").set({ access: "Read" });
   */
  set(params: SetParticipantParams): Promise<void>;
  /**
   * Applies the changes to an existing participant; rejects with `NOT_FOUND` when the user does not
   * take part.
   *
   * @example
   * await session.conversation("support").participant("bob").edit({ notify: false });
   */
  edit(params: SetParticipantParams): Promise<void>;
  /**
   * Adds the user unless they already take part (then nothing changes).
   *
   * @example
   * await session.conversation("support").participant("bob").createIfNotExists();
   */
  createIfNotExists(params?: CreateParticipantParams): Promise<void>;
  /**
   * Removes the user from the conversation (their user stays). Succeeds when they were not in it.
   *
   * @example
   * await session.conversation("support").participant(session.currentUser).delete(); // leave
   */
  delete(): Promise<void>;
  /**
   * Live updates of the participant (`null` while the user does not take part).
   *
   * @example
   * session.conversation("support").participant("bob").subscribe((p) => console.log(p?.access));
   */
  subscribe(onSnapshot?: (participant: ParticipantSnapshot | null) => void): SingleParticipantSubscription;
}
