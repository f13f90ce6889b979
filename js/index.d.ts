// Public types of chat-elements: embeddable chat for any web page.
//
// One session class, two faces:
//
//   The elements (ready-made chat UI):
//     import { createChatSession } from "chat-elements";
//     const session = createChatSession({ token: async () => (await (await fetch("/api/token")).json()).token });
//     session.createElement("chat-element", { channelId: "demo" }).mount("#chat-container");
//
//   The Data API (your own UI, built from live snapshots):
//     import { getTalkSession } from "chat-elements";
//     const session = getTalkSession({ appId: "my-app", userId: "alice" });
//     session.onNeedToken = async () => session.setToken(await fetchTokenFromMyBackend());
//     session.conversation("support").subscribeMessages((messages) => render(messages));
//
//   The Data API alone, without the elements (a smaller download): import from "chat-elements/data".

// The Data API's types are in data.d.ts (the entry chat-elements/data); this file re-exports them
// and adds the elements. The elements add to ChatSession and ChatSessionOptions by augmenting
// data.d.ts, so a program that loads this file sees one ChatSession with both faces.
export * from "./data.js";
import type {
  ChatElementsError,
  ChatSession,
  ChatSessionOptions,
  Emitter,
  TalkSession,
  TalkSessionOptions,
} from "./data.js";

declare module "./data.js" {
  interface ChatSessionOptions {
    /**
     * The look of the session's elements; see {@link Appearance}. A root object passes its own.
     * `session.updateOptions({ appearance })` re-themes every mounted element at once (the whole
     * `appearance` object is replaced, not merged). An invalid one throws `INVALID_OPTIONS`.
     */
    appearance?: Appearance | null;
    /**
     * The language of the session's elements (default `"en"`; a root object passes its own): every
     * label, placeholder, button, empty state, banner and "is typing…" sentence, and the dates, times
     * and counts, written through `Intl` in that language rather than the page's. Each element root
     * gets the `lang` attribute. `session.updateOptions({ locale })` re-labels every mounted element
     * and the open search modal in place (nothing is mounted again; what renders from data, like day
     * separators and row times, follows at the next animation frame). A value outside
     * {@link ChatElementsLocale} (also `null` or `"en-US"`) throws `INVALID_OPTIONS`. Texts given in an
     * element's options (e.g. `emptyState`) are shown as given.
     *
     * @example
     * const session = createChatSession({ token, locale: "es" });
     * session.createElement("chat-element", { channelId }).mount("#chat"); // "Escribe un mensaje…"
     * session.updateOptions({ locale: "ja" }); // now "メッセージを入力…"
     */
    locale?: ChatElementsLocale;
  }

  interface ChatSession {
    /**
     * Creates an element; show it with `element.mount(...)`. Throws `UNKNOWN_ELEMENT` for a type
     * other than `"chat-element"` and `"dms-list-element"`, `INVALID_OPTIONS` without a `channelId`, and `DESTROYED` after
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
    createElement(type: ElementType<"dms-list-element">, options?: DmsListElementOptions): DmsListElement;
    createElement<T extends keyof ChatSessionElements>(
      type: ElementType<T>,
      options: ChatSessionElements[T][0],
    ): ChatSessionElements[T][1];
    /**
     * Creates a search element; show it with `element.mount(...)`. `options` may be left out.
     *
     * @example
     * const search = session.createElement("search-element", { channelId: "support" });
     * search.mount("#search-container");
     */
    createElement(type: ElementType<"search-element">, options?: SearchElementOptions): SearchElement;
    /**
     * Shows a search element in a modal dialog over the page. The focus moves into the dialog and
     * stays there (Tab and Shift+Tab cycle) until it closes, then returns to where it was. Escape,
     * a click on the backdrop and the close button emit `close`; that and a picked result close the
     * modal unless the callback (or a listener) calls `ev.preventDefault()`. `options` may be a
     * function that receives the modal and returns the options.
     *
     * Returns `undefined` when a search modal of this session is already open, unless `force` is
     * `true`, which closes that one first.
     *
     * @example
     * session.showSearchModal({
     *   onResultClick: (ev) => openConversation(ev.detail.channelId, ev.detail.messageId),
     * });
     *
     * @example
     * // Keep the modal open after a pick, and close it yourself.
     * session.showSearchModal((modal) => ({
     *   channelId: "support",
     *   onResultClick: (ev) => {
     *     ev.preventDefault();
     *     highlightMessage(ev.detail.messageId);
     *     setTimeout(() => modal.close(), 1000);
     *   },
     * }));
     */
    showSearchModal<Force extends boolean = false>(
      options: SearchElementOptions | ((modal: ModalContainer) => SearchElementOptions),
      force?: Force,
    ): Force extends true ? ModalContainer : ModalContainer | undefined;
  }
}

/** The element types a session can create, with their options and the element returned. */
export interface ChatSessionElements {
  "chat-element": [ChatElementOptions, ChatElement];
  "dms-list-element": [DmsListElementOptions, DmsListElement];
}

/** An element type: its name, or `{ type: name }`. */
export type ElementType<T extends keyof ChatSessionElements> = T | { type: T };

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

/** Whop's accent colour names (Radix Colors, plus Whop's `lemon` and `magenta`). */
export type AccentColor =
  | "ruby" | "blue" | "red" | "yellow" | "green" | "gray" | "tomato" | "crimson" | "pink" | "plum"
  | "purple" | "violet" | "iris" | "cyan" | "teal" | "jade" | "grass" | "brown" | "orange" | "indigo"
  | "sky" | "mint" | "amber" | "lime" | "lemon" | "magenta" | "gold" | "bronze";

/** Colours and light or dark mode, as in Whop's `Theme`. */
export interface Theme {
  /** `"light"` (the default) or `"dark"`: sets `data-ce-theme` on each element's root. */
  appearance?: "light" | "dark";
  /**
   * Buttons, the selected conversation, badges, your own messages and focus rings. Each name maps
   * to one solid colour with white or dark text on it that keeps a 4.5:1 contrast.
   */
  accentColor?: AccentColor;
  /** Backgrounds, text, borders and other messages' bubbles; `"auto"` follows `accentColor`. Default: slate. */
  grayColor?: "gray" | "mauve" | "slate" | "sage" | "olive" | "sand" | "auto";
  /** Errors and failed messages. Default: red. */
  dangerColor?: "ruby" | "red" | "tomato";
  /** Accepted for Whop compatibility; no element uses it yet. */
  warningColor?: "yellow" | "amber";
  /** Accepted for Whop compatibility; no element uses it yet. */
  successColor?: "green" | "teal" | "jade" | "grass";
  /** Accepted for Whop compatibility; no element uses it yet. */
  infoColor?: "sky" | "blue";
}

/**
 * How the elements look: Whop's `appearance`. Applied to every element's root at mount and again
 * on each `updateOptions({ appearance })` (of the session or the root object).
 *
 * - `theme`: light or dark mode and named colours ({@link Theme}).
 * - `variables`: CSS custom properties set on each element's root with `style.setProperty`, after
 *   the theme's, so they win. The elements read `--ce-bg`, `--ce-fg`, `--ce-muted`, `--ce-border`,
 *   `--ce-bubble`, `--ce-bubble-fg`, `--ce-own`, `--ce-own-fg`, `--ce-accent`, `--ce-accent-fg`,
 *   `--ce-danger`, `--ce-banner`, `--ce-banner-fg`, `--ce-focus`, `--ce-mark`, `--ce-font`,
 *   `--ce-font-size` and `--ce-radius`. Names must be `--` and letters, digits, `-`, `_`. Values
 *   are checked against an allow-list (at most 500 characters): numbers with a unit or `%`, hex
 *   colours, names (colour names, keywords, font names), quoted strings without backslashes, `,`,
 *   `/`, the operators of `calc()`, and the functions `calc`, `min`, `max`, `clamp`, `var(--ce-…)`
 *   and the colour functions (`rgb`, `hsl`, `hwb`, `lab`, `lch`, `oklab`, `oklch`, `color-mix`).
 *   Anything else — `url(…)`, `image-set(…)`, `-webkit-image-set(…)`, escapes, comments, `;` — is
 *   refused, so a value can neither fetch anything nor leave its property.
 * - `classes`: extra class names for parts, as a space-separated string: `root` (every element's
 *   root `div.ce-root`) and `modal` (the search modal's dialog box). Unlike Whop's (class name →
 *   CSS), these are plain class names for your own stylesheet; the `ce-` prefix is reserved.
 *
 * Anything else throws `INVALID_OPTIONS` with a message saying what is wrong.
 *
 * @example
 * const elements = new ChatElements({
 *   appearance: {
 *     theme: { appearance: "dark", accentColor: "violet", grayColor: "auto" },
 *     variables: { "--ce-radius": "4px", "--ce-font": "Inter, sans-serif" },
 *     classes: { root: "my-chat", modal: "my-chat-modal" },
 *   },
 * });
 * // Later, e.g. when the page switches theme: every mounted element follows.
 * elements.updateOptions({ appearance: { theme: { appearance: "light", accentColor: "violet" } } });
 */
export interface Appearance {
  theme?: Theme | null;
  variables?: Record<`--${string}`, string> | null;
  classes?: { root?: string; modal?: string } | null;
}

/**
 * The languages the UI is written in: English, Spanish, Chinese (simplified), Dutch, Portuguese,
 * German, Italian, French, Japanese, Polish, Turkish.
 *
 * @example
 * const locale: ChatElementsLocale = navigator.language.startsWith("de") ? "de" : "en";
 */
export type ChatElementsLocale = "en" | "es" | "zh" | "nl" | "pt" | "de" | "it" | "fr" | "ja" | "pl" | "tr";

/** Options of the root object, shared by every session it creates. */
export interface ChatElementsOptions {
  /** The look of every element ({@link Appearance}). Passed on to the sessions as it is. */
  appearance?: Appearance | null;
  /**
   * The language of every element's UI (default `"en"`), passed to each session it creates (a
   * session's own `locale` wins). Labels, empty states and sentences are translated, and dates,
   * times and counts go through `Intl` in this language; each element root gets `lang`.
   * `updateOptions({ locale })` switches every mounted element of every session at once, without
   * remounting. Anything outside {@link ChatElementsLocale} throws `INVALID_OPTIONS`.
   *
   * @example
   * const elements = new ChatElements({ locale: "es" });
   * const session = elements.createChatSession({ token });
   * session.createElement("dms-list-element").mount("#dms"); // "Aún no hay conversaciones"
   * elements.updateOptions({ locale: "de" }); // "Noch keine Unterhaltungen"
   */
  locale?: ChatElementsLocale;
}

/** Events of the root object. */
export interface ChatElementsEvents {
  /** The root's options after an `updateOptions` call. */
  optionsUpdated: (options: ChatElementsOptions) => void;
}

/**
 * The root object: options shared by every session it creates. The plain `createChatSession`
 * export works without one.
 *
 * @example
 * import { ChatElements } from "chat-elements";
 *
 * const elements = new ChatElements({ locale: "fr" });
 * const session = elements.createChatSession({ token: fetchToken });
 * elements.on("optionsUpdated", (options) => console.log("now", options.locale));
 * elements.updateOptions({ locale: "de" }); // every session of `elements` gets { locale: "de" }
 */
export interface ChatElements extends Emitter<ChatElementsEvents> {
  /**
   * The root's options as last given (merged with every `updateOptions`).
   *
   * @example
   * console.log(elements.options.locale ?? "en");
   */
  readonly options: ChatElementsOptions;
  /**
   * Starts a session whose options are the root's options under `options`.
   *
   * @example
   * const session = elements.createChatSession({ token: fetchToken });
   */
  createChatSession(options: ChatSessionOptions): ChatSession;
  /**
   * Merges `options` into the root's and passes them to every live session it created (each
   * emits its own `optionsUpdated`), then emits `optionsUpdated`. An invalid `locale` throws
   * `INVALID_OPTIONS`.
   *
   * @example
   * elements.updateOptions({ locale: "ja" });
   */
  updateOptions(options: ChatElementsOptions): void;
}

/**
 * Creates the root object. Also the global `ChatElements` of the script tags (see
 * {@link ChatElementsGlobal}).
 *
 * @example
 * const elements = new ChatElements({ appearance: { theme: { appearance: "dark" } }, locale: "es" });
 */
export const ChatElements: {
  new (options?: ChatElementsOptions): ChatElements;
  (options?: ChatElementsOptions): ChatElements;
};

/**
 * The global `ChatElements` that the script tags define: `chat-elements.js`, the loader, which
 * fetches `chat_elements_bg.wasm` from beside it, and `chat-elements.iife.js`, one file with the
 * WebAssembly inlined. It is the root constructor and carries `createChatSession` and
 * `getTalkSession`. With the loader they throw a {@link ChatElementsError} with code `NOT_READY`
 * until `ready` resolves; with the single file `ready` is resolved from the start.
 *
 * @example
 * // <script src="/pkg/chat-elements.js"></script>
 * ChatElements.ready.then(() => {
 *   const session = ChatElements.createChatSession({ token: fetchToken });
 *   session.createElement("chat-element", { channelId: "demo" }).mount("#chat");
 * });
 */
export interface ChatElementsGlobal {
  new (options?: ChatElementsOptions): ChatElements;
  (options?: ChatElementsOptions): ChatElements;
  /** The same constructor. */
  ChatElements: ChatElementsGlobal;
  createChatSession(options: ChatSessionOptions): ChatSession;
  getTalkSession(options: TalkSessionOptions): TalkSession;
  /** Resolves with this object once the WebAssembly is loaded; rejects with a `NETWORK` error when it cannot be. */
  ready: Promise<ChatElementsGlobal>;
}

// ---------------------------------------------------------------------------------------------
// The chat element
// ---------------------------------------------------------------------------------------------

/**
 * What an element shows when it has nothing to list. A `title` or `description` left out shows the element's default text
 * in the session's `locale` (and follows it when the locale changes); given texts are shown as is.
 *
 * @example
 * const emptyState: EmptyStateOptions = { title: "Nothing here yet" }; // default description
 */
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

/** The `detail` of a `messageDeleted` event: the deleted message's id. */
export interface MessageDeletedDetail {
  id: string;
}

/** The `detail` of a `profileClick` event: the id of the user whose name or mention was clicked. */
export interface ProfileClickDetail {
  id: string;
}

/** The `detail` of a `linkClick` event: the link's URL (only `http:`, `https:` and `mailto:` become links). */
export interface LinkClickDetail {
  url: string;
}

/** One file of a message, in an `attachmentClick` event. */
export interface AttachmentClickEventAttachment {
  /** The file's id (`file_…`). */
  id: string;
  /** A signed download URL, absolute. */
  url: string;
  /** The media type the server recorded at upload (e.g. `"image/png"`). */
  contentType?: string;
  filename?: string;
  /** Images and videos, when given at upload. */
  width?: number;
  height?: number;
}

/** The `detail` of an `experienceClick` event: the `id` of the {@link ExperienceNode} clicked. */
export interface ExperienceClickDetail {
  id: string;
}

/**
 * Which features the chat element offers (`features` option).
 *
 * Always on, whatever these say: the composer's Attach button (also paste or drop files on the
 * composer; each file uploads at once with a progress bar, files over the server's limit (its
 * welcome's `maxUploadBytes`, 25 MB by default) are refused before uploading, Send waits for uploads in flight and sends the text and files as one message) and
 * `@` mentions (typing `@` and the start of a name lists the conversation's participants; arrows,
 * Enter or Tab, Escape, or a click; the message carries a mention the others see as a chip that
 * emits `profileClick`). When a message has files, its text is sent without markup (mentions
 * stay).
 *
 * @example
 * session.createElement("chat-element", {
 *   channelId: "demo",
 *   features: { previewAttachments: false },
 * });
 */
export interface ChatElementFeatures {
  /**
   * Clicking an image or video in a message opens it large in a preview dialog (Escape, the
   * close button or a click beside it close it; the focus returns). `attachmentClick` is
   * emitted either way; with `false` only the event happens (and, without `disableNavigation`,
   * the file opens in a new tab). Default `true`.
   *
   * @example
   * const chat = session.createElement("chat-element", {
   *   channelId: "demo",
   *   disableNavigation: true,
   *   features: { previewAttachments: false },
   * });
   * chat.on("attachmentClick", (event) => myViewer.open(event.detail.attachments));
   */
  previewAttachments?: boolean;
  /**
   * Accepted for compatibility with Whop's chat element, without effect: Whop's composer suggests
   * its platform's "experiences" after `#`; this server keeps no list of experiences, so the
   * composer suggests none. Experience references your application sends as
   * {@link ExperienceNode}s are always shown, as chips that emit `experienceClick`.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo", features: { mentionExperiences: false } });
   */
  mentionExperiences?: boolean;
  /**
   * Admins can ban and unban users from the message menu. Default `true`.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo", features: { banUser: false } });
   */
  banUser?: boolean;
  /**
   * Admins can mute and unmute users from the message menu. Default `true`.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo", features: { muteUser: false } });
   */
  muteUser?: boolean;
}

/** The `detail` of an `attachmentClick` event: the message and every file it carries, in order. */
export interface AttachmentClickDetail {
  messageId: string;
  attachments: AttachmentClickEventAttachment[];
}

/** An event of the chat element that carries a payload in `detail` (as passed to `onEvent`). */
export type ChatElementEvent =
  | (CustomEvent<MessageSentDetail> & { type: "messageSent" })
  | (CustomEvent<MessageDeletedDetail> & { type: "messageDeleted" })
  | (CustomEvent<ProfileClickDetail> & { type: "profileClick" })
  | (CustomEvent<LinkClickDetail> & { type: "linkClick" })
  | (CustomEvent<AttachmentClickDetail> & { type: "attachmentClick" });

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
   * Links in messages do not navigate when clicked (and attachments do not open); listen to
   * `linkClick` / `attachmentClick` to handle them yourself. Default `false`: links open in a new
   * tab (`rel="noopener noreferrer"`), and the events are emitted either way.
   *
   * @example
   * const chat = session.createElement("chat-element", { channelId: "demo", disableNavigation: true });
   * chat.on("linkClick", (event) => router.open(event.detail.url));
   */
  disableNavigation?: boolean;
  /**
   * A message to open the conversation at: once mounted, the element loads older pages until the
   * message is in (pages of the largest size the server allows, 100 messages by default), scrolls
   * it into the middle of the view and highlights it for a few seconds (class
   * `ce-highlight`, `aria-current="true"`, and the focus). The list then stays there: new messages
   * do not pull it to the bottom until the user scrolls down. When the history runs out without
   * the message, the element emits `error` with code `NOT_FOUND`. Also accepted by
   * `updateOptions`, to jump to another message in the open conversation.
   *
   * @example
   * const chat = session.createElement("chat-element", { channelId: "demo", deeplinkToPostId: "msg_123" });
   * chat.on("error", (error) => {
   *   if (error.code === "NOT_FOUND") showToast("That message is gone.");
   * });
   * chat.mount("#chat");
   * // Later, jump to another message:
   * chat.updateOptions({ deeplinkToPostId: "msg_456" });
   */
  deeplinkToPostId?: string;
  /**
   * Called with every event that carries a payload (`messageSent`, `messageDeleted`,
   * `profileClick`, `linkClick`, `attachmentClick`).
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
  /**
   * The layout. `"imessage"` (the default): bubbles, the user's own messages on the right in the
   * accent colour, the others' on the left with a small avatar, and the sender's name only on the
   * first message of a group (consecutive messages of one sender within a few minutes).
   * `"discord"`: every message on the left, with avatar, name and time on the first message of a
   * group, compact follow-ups, and a highlight on hover and focus. Avatars are the sender's
   * `photoUrl` (http(s) only) or their initials on a colour derived from their id. Any other value
   * throws `INVALID_OPTIONS`. It can be switched at runtime with `updateOptions({ style })`; the
   * root carries it as `data-ce-style`.
   *
   * @example
   * const chat = session.createElement("chat-element", { channelId: "demo", style: "discord" });
   * chat.updateOptions({ style: "imessage" });
   */
  style?: ChatStyle;
  /**
   * Which features are available. Moderation is offered to admins only (users whose `role` is
   * `"admin"`, which only your backend can give) in the actions menu of other users' messages,
   * and the server enforces it: `banUser` adds "Ban" (with a confirmation; the user loses access
   * to the conversation) and "Unban"; `muteUser` adds "Mute…" (1 hour, 1 day, 1 week or until
   * unmuted) and "Unmute". A muted user keeps reading, and their composer is disabled with
   * "You are muted until …". Both default to `true`; set one to `false` to remove its actions.
   *
   * @example
   * session.createElement("chat-element", { channelId: "demo", features: { banUser: false } });
   */
  features?: ChatElementFeatures;
}

/** The chat element's layouts; see {@link ChatElementOptions.style}. */
export type ChatStyle = "imessage" | "discord";

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
  /** The current user deleted one of their messages (after confirming it in the message's menu). */
  messageDeleted: (event: CustomEvent<MessageDeletedDetail>) => void;
  /** A sender's name or a mention was clicked (or activated with Enter / Space). */
  profileClick: (event: CustomEvent<ProfileClickDetail>) => void;
  /** A link in a message was clicked. */
  linkClick: (event: CustomEvent<LinkClickDetail>) => void;
  /**
   * An image or file in a message was clicked (images and videos also open in the preview
   * unless `features.previewAttachments` is `false`).
   */
  attachmentClick: (event: CustomEvent<AttachmentClickDetail>) => void;
  /**
   * An experience reference ({@link ExperienceNode}) in a message was clicked (or activated with
   * Enter / Space).
   *
   * @example
   * chat.on("experienceClick", (event) => console.log(event.detail.id));
   */
  experienceClick: (event: CustomEvent<ExperienceClickDetail>) => void;
  /** The element's state changed (it became ready, or switched conversation and is loading). */
  snapshot: (snapshot: ChatElementSnapshot) => void;
  /** `updateOptions()` changed the options; receives the options now in force. */
  optionsUpdated: (options: ChatElementOptions) => void;
  /** Something went wrong (loading the conversation, sending, ...). */
  error: (error: ChatElementsError) => void;
}

/** A chat UI for one conversation. Create it with `session.createElement("chat-element", options)`. */
export interface ChatElement extends Emitter<ChatElementEvents> {
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
}

// ---------------------------------------------------------------------------------------------
// The search element and the search modal
// ---------------------------------------------------------------------------------------------

/** The `detail` of a `resultClick` event: the message picked and its conversation. */
export interface SearchResultClickDetail {
  /** The message's id (`msg_…`). */
  messageId: string;
  /** The conversation the message is in. */
  channelId: string;
  /** The same as `channelId` (the Data API's name for it). */
  conversationId: string;
}

/**
 * A cancelable event of the search element: call `preventDefault()` to keep the element (and
 * the search modal) open.
 */
export type SearchResultClickEvent = CustomEvent<SearchResultClickDetail>;

/** The `close` event: its `detail` is the element. Call `preventDefault()` to keep it mounted. */
export type SearchCloseEvent = CustomEvent<SearchElement>;

/** Options of a `search-element`. */
export interface SearchElementOptions {
  /**
   * Search only this conversation (the user must take part in it). Without it, every conversation
   * of the user is searched.
   *
   * @example
   * session.createElement("search-element", { channelId: "support" });
   */
  channelId?: string;
  /**
   * Accepted for compatibility with Whop's elements; this server has no companies, so it has no
   * effect.
   *
   * @example
   * session.createElement("search-element", { companyId: "biz_123" });
   */
  companyId?: string;
  /**
   * Called once the element is shown; the same as listening to `ready`.
   *
   * @example
   * session.createElement("search-element", { onReady: (el) => console.log(el.state) });
   */
  onReady?: (element: SearchElement) => void;
  /**
   * Called when the user closes the element (the close button or Escape; in the modal also a
   * click on the backdrop), after the `close` listeners. The element unmounts afterwards unless
   * `ev.preventDefault()` was called.
   *
   * @example
   * session.createElement("search-element", { onClose: (ev) => ev.preventDefault() }); // stays
   */
  onClose?: (ev: SearchCloseEvent) => void;
  /**
   * Called when the user picks a result (a click, or Enter on a focused result), after the
   * `resultClick` listeners. The element unmounts afterwards unless `ev.preventDefault()` was
   * called.
   *
   * @example
   * session.createElement("search-element", {
   *   onResultClick: (ev) => openConversation(ev.detail.channelId, ev.detail.messageId),
   * });
   */
  onResultClick?: (ev: SearchResultClickEvent) => void;
}

/** `"loading"` until the element is shown, then `"ready"`. */
export type SearchElementState = "loading" | "ready";

/** The element's current state, from `getSnapshot()` and the `snapshot` event. */
export interface SearchElementSnapshot {
  state: SearchElementState;
}

/** The events of a {@link SearchElement}, with their listeners' signatures. */
export interface SearchElementEvents {
  /** The element is shown and can be used. */
  ready: (element: SearchElement) => void;
  /** The user picked a result; `preventDefault()` keeps the element mounted. */
  resultClick: (ev: SearchResultClickEvent) => void;
  /** The user closed the element; `preventDefault()` keeps it mounted. */
  close: (ev: SearchCloseEvent) => void;
  /** The element's state changed. */
  snapshot: (snapshot: SearchElementSnapshot) => void;
  /** `updateOptions()` changed the options; receives the options now in force. */
  optionsUpdated: (options: SearchElementOptions) => void;
  /** A search failed (for instance `FORBIDDEN` for a `channelId` the user is not in). */
  error: (error: ChatElementsError) => void;
}

/**
 * A search box over the user's messages, built on {@link ChatSession.searchMessages}. Typing
 * searches (after a short pause): every word must start a word of the message, ignoring case and
 * accents. Results stream in as they arrive, newest first, with the sender, the conversation,
 * the time and the matching words marked; "Load more results" fetches more. Arrow keys, Home and
 * End move between the results; Enter or a click picks one (`resultClick`); Escape or the close
 * button emits `close`. Both unmount the element unless a listener calls `preventDefault()`.
 *
 * @example
 * const search = session.createElement("search-element", { channelId: "support" });
 * search.on("resultClick", (ev) => showMessage(ev.detail.channelId, ev.detail.messageId));
 * search.mount("#search-container");
 *
 * @example
 * // Keep it on the page after a pick.
 * search.on("resultClick", (ev) => {
 *   ev.preventDefault();
 *   showMessage(ev.detail.channelId, ev.detail.messageId);
 * });
 */
export interface SearchElement extends Emitter<SearchElementEvents> {
  /**
   * The options in force.
   *
   * @example
   * console.log(search.options.channelId ?? "all conversations");
   */
  readonly options: SearchElementOptions;
  /**
   * `"loading"` or `"ready"`.
   *
   * @example
   * if (search.state === "ready") search.unmount();
   */
  readonly state: SearchElementState;
  /**
   * Shows the element inside a container: an element, a `#id`, or any CSS selector. Mounting twice
   * warns and does nothing; mounting after `unmount()` throws `DESTROYED`; a missing container
   * throws `CONTAINER_NOT_FOUND`.
   *
   * @example
   * search.mount("#search-container");
   */
  mount(container: HTMLElement | string): void;
  /**
   * Removes the element from the page. This is final. Calling it again does nothing.
   *
   * @example
   * search.unmount();
   */
  unmount(): void;
  /**
   * Changes options; a new `channelId` runs the current query again in that scope.
   *
   * @example
   * search.updateOptions({ channelId: undefined }); // search everywhere
   */
  updateOptions(options: Partial<SearchElementOptions>): void;
  /**
   * The element's current state.
   *
   * @example
   * const { state } = search.getSnapshot();
   */
  getSnapshot(): SearchElementSnapshot;
}

/**
 * The search modal from {@link ChatSession.showSearchModal}: a dialog (`role="dialog"`,
 * `aria-modal="true"`) over the page with a search element in it.
 */
export interface ModalContainer {
  /**
   * The dialog element the search element is mounted in (inside a backdrop appended to
   * `document.body`).
   *
   * @example
   * modal.modalContainer.style.width = "480px";
   */
  modalContainer: HTMLElement;
  /**
   * Opens the modal again after it was closed, with a new search element and the same options.
   * Does nothing while it is open; warns when another search modal of the session is open.
   *
   * @example
   * reopenButton.onclick = () => modal.mount();
   */
  mount: () => void;
  /**
   * Closes the modal without a `close` event: unmounts the element, removes the dialog and its
   * listeners, and returns the focus to where it was before the modal opened.
   *
   * @example
   * setTimeout(() => modal.close(), 10_000);
   */
  close: () => void;
}

export interface ChatSessionElements {
  "search-element": [SearchElementOptions, SearchElement];
}

// ---------------------------------------------------------------------------------------------
// The DMs list element
// ---------------------------------------------------------------------------------------------

/** The `detail` of a `channelSelected` event (the same shape as Whop's). */
export interface ChannelSelectedDetail {
  /** The id of the conversation the user selected. */
  id: string;
}

/** An event of the DMs list element that carries a payload in `detail`. */
export type DmsListElementEvent = CustomEvent<ChannelSelectedDetail> & { type: "channelSelected" };

/** Options of a `dms-list-element`. All are optional. */
export interface DmsListElementOptions {
  /**
   * The conversation shown as selected (`aria-selected`). Clicking a row selects it; change it
   * from outside with `updateOptions({ selectedChannel })` (`null` clears it).
   *
   * @example
   * session.createElement("dms-list-element", { selectedChannel: "support-42" });
   */
  selectedChannel?: string | null;
  /**
   * What to show while the user has no conversations: a title, or `{ title, description, image }`.
   *
   * @example
   * session.createElement("dms-list-element", {
   *   emptyState: { title: "No conversations yet", description: "Messages you get show up here." },
   * });
   */
  emptyState?: EmptyStateOptions | string;
  /**
   * Called once the first conversations are shown; the same as listening to `ready`.
   *
   * @example
   * session.createElement("dms-list-element", { onReady: (list) => console.log(list.state) });
   */
  onReady?: (element: DmsListElement) => void;
  /**
   * Called with every event that carries a payload (`channelSelected`).
   *
   * @example
   * session.createElement("dms-list-element", {
   *   onEvent: (event) => console.log(event.type, event.detail.id),
   * });
   */
  onEvent?: (event: DmsListElementEvent) => void;
}

/** The element's current state, from `getSnapshot()` and the `snapshot` event. */
export interface DmsListElementSnapshot {
  /** `"loading"` until the first conversations are shown, then `"ready"`. */
  state: "loading" | "ready";
}

/** The events of a {@link DmsListElement}, with their listeners' signatures. */
export interface DmsListElementEvents {
  /** The first conversations are shown (or the empty state). */
  ready: (element: DmsListElement) => void;
  /** The user selected a conversation (click, Enter or Space); the row is already highlighted. */
  channelSelected: (event: CustomEvent<ChannelSelectedDetail>) => void;
  /** The element's state changed. */
  snapshot: (snapshot: DmsListElementSnapshot) => void;
  /** `updateOptions()` changed the options; receives the options now in force. */
  optionsUpdated: (options: DmsListElementOptions) => void;
  /** The conversations could not be loaded. */
  error: (error: ChatElementsError) => void;
}

/**
 * The current user's conversations, most recently active first: each row shows the conversation's
 * name (its subject, else the other participants' names), an unread badge, the last message
 * (`"You: "` before the user's own) and its time. It updates live (a new message moves its
 * conversation to the top) and loads more rows when scrolled to the bottom. The list is a
 * keyboard-accessible listbox: Tab reaches it, arrow keys / Home / End move, Enter or Space selects.
 * Create it with `session.createElement("dms-list-element", options)`.
 *
 * @example
 * const list = session.createElement("dms-list-element", { selectedChannel: "demo" });
 * const chat = session.createElement("chat-element", { channelId: "demo" });
 * list.on("channelSelected", (event) => chat.updateOptions({ channelId: event.detail.id }));
 * list.mount("#dms-list-container");
 * chat.mount("#chat-container");
 */
export interface DmsListElement extends Emitter<DmsListElementEvents> {
  /**
   * The options in force (`selectedChannel` follows the user's selection).
   *
   * @example
   * console.log(list.options.selectedChannel);
   */
  readonly options: DmsListElementOptions;
  /**
   * `"loading"` or `"ready"`.
   *
   * @example
   * if (list.state === "ready") console.log("shown");
   */
  readonly state: "loading" | "ready";
  /**
   * Shows the element inside a container: an element, a `#id`, or any CSS selector. Mounting an
   * element that is already mounted logs a warning and does nothing; mounting one that was
   * unmounted throws `DESTROYED`. A missing container throws `CONTAINER_NOT_FOUND`.
   *
   * @example
   * list.mount("#dms-list-container");
   */
  mount(container: HTMLElement | string): void;
  /**
   * Removes the element from the page and ends its subscriptions. This is final. Calling it again
   * does nothing.
   *
   * @example
   * list.unmount();
   */
  unmount(): void;
  /**
   * Changes options: `selectedChannel` moves the highlight (without a `channelSelected` event),
   * `emptyState` replaces the empty state. Throws `INVALID_OPTIONS` for a wrong type.
   *
   * @example
   * list.updateOptions({ selectedChannel: "support-42" });
   */
  updateOptions(options: Partial<DmsListElementOptions>): void;
  /**
   * The element's current state.
   *
   * @example
   * const { state } = list.getSnapshot();
   */
  getSnapshot(): DmsListElementSnapshot;
}
