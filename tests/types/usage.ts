// Type-checks the public declarations (js/index.d.ts) against the way the README and the docs use
// them: `tsc -p tests/types` fails when a documented call no longer fits the types. Never run.
import {
  ChatElements,
  createChatSession,
  getTalkSession,
  type ChatElementsError,
  type ConversationSnapshot,
  type MessageSnapshot,
} from "../../js/index";

async function elements(): Promise<void> {
  const root = new ChatElements({ appearance: { theme: { appearance: "dark" } }, locale: "en" });
  root.on("optionsUpdated", () => console.log("options changed"));
  const session = root.createChatSession({
    token: async ({ abortSignal }) => {
      const response = await fetch("/api/token", { signal: abortSignal });
      return (await response.json()).token as string;
    },
  });
  const onError = (error: ChatElementsError) => console.error(error.code, error.message);
  session.on("ready", () => console.log("Session is ready"));
  session.on("error", onError);
  session.off("error", onError);
  session.once("tokenRefreshed", (token) => console.log(token.length));
  const count: number = session.listenerCount("error");
  session.removeAllListeners("ready").addListener("error", onError);

  const chat = session.createElement("chat-element", {
    channelId: "demo",
    style: "discord",
    deeplinkToPostId: "msg_1",
    features: { banUser: false, muteUser: true, previewAttachments: true, mentionExperiences: false },
  });
  chat.on("experienceClick", (event) => console.log(event.detail.id));
  chat.on("attachmentClick", (event) => console.log(event.detail.messageId, event.detail.attachments.length));
  chat.on("messageSent", (event) => console.log(event.detail.id, count));
  chat.on("profileClick", (event) => console.log(event.detail.id));
  chat.mount("#chat-container");
  chat.updateOptions({ disableNavigation: true, style: "imessage" });

  const list = session.createElement({ type: "dms-list-element" }, {});
  list.on("channelSelected", (event) => chat.updateOptions({ channelId: event.detail.id }));
  list.mount("#list");

  const modal = session.showSearchModal({ onResultClick: (event) => console.log(event.detail.messageId) });
  modal?.close();
  root.updateOptions({ locale: "ja" });
  session.updateOptions({ locale: "de" });
  session.destroy();
}

async function data(): Promise<void> {
  const session = getTalkSession({ appId: "demo", userId: "alice" });
  session.onNeedToken = async () => session.setToken("token");
  const errors = session.onError((error) => console.error(error));
  const conversation = session.conversation("demo");
  await conversation.createIfNotExists({ subject: "Demo" });
  await conversation.send("Hello");
  const messages = conversation.subscribeMessages((snapshot: MessageSnapshot[] | null, loadedAll: boolean) => {
    console.log(snapshot?.length, loadedAll);
  });
  await messages.loadMore();
  messages.unsubscribe();
  const list = session.subscribeConversations((snapshot: ConversationSnapshot[], loadedAll: boolean) => {
    console.log(snapshot.length, loadedAll);
  });
  list.unsubscribe();
  errors.unsubscribe();
}

export { elements, data };
