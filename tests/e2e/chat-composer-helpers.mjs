// What the composer tests share (chat-composer-attachments, chat-mentions): fresh users in a fresh
// conversation on a data server, and a page with a chat-element whose events are recorded.
import { TIMEOUT_MS, waitForChatReady } from "./helpers.mjs";
import { openSdkPage, waitInPage } from "./data-helpers.mjs";

export const EVENTS = ["messageSent", "profileClick", "attachmentClick", "linkClick", "experienceClick"];

let counter = 0;
/** Fresh users (one per entry of `names`, keyed like it) in a fresh conversation; returns their ids and `conv`. */
export async function setupConversation(server, label, names) {
  counter += 1;
  const ids = { conv: `${label}${counter}` };
  for (const [key, name] of Object.entries(names)) {
    ids[key] = `${key}${label}${counter}`;
    await server.putUser(ids[key], name);
  }
  const participants = Object.keys(names).map((key) => ids[key]);
  await server.putConversation(ids.conv, { subject: "Composer", participants });
  return ids;
}

/**
 * A page where `userId` has the chat-element for `conv` mounted in `#chat`; the events of
 * {@link EVENTS} land in `window.events` as `{ type, detail }`.
 */
export async function openChat(browser, server, userId, conv, options = {}) {
  const page = await openSdkPage(browser, server);
  await page.evaluate(
    ({ userId, conv, options, events }) => {
      const before = document.createElement("button");
      before.id = "before";
      before.textContent = "before";
      document.body.append(before);
      const container = document.createElement("div");
      container.id = "chat";
      container.style.height = "600px";
      container.style.width = "480px";
      document.body.append(container);
      window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
      window.events = [];
      window.chat = window.session.createElement("chat-element", { channelId: conv, ...options });
      for (const name of events) window.chat.on(name, (event) => window.events.push({ type: event.type, detail: event.detail }));
      window.chat.mount("#chat");
    },
    { userId, conv, options, events: EVENTS },
  );
  await waitForChatReady(page);
  return page;
}

/** Waits until `window.events` has an event of `type`; returns the detail of the last one. */
export async function eventDetail(page, type) {
  await waitInPage(page, (type) => window.events.some((e) => e.type === type), type);
  return page.evaluate((type) => window.events.filter((e) => e.type === type).at(-1).detail, type);
}

/** The number of events of `type` so far. */
export function eventCount(page, type) {
  return page.evaluate((type) => window.events.filter((e) => e.type === type).length, type);
}

/** The row of the message whose text contains `text`. */
export function row(page, text) {
  return page.locator(".ce-messages .ce-message").filter({ has: page.locator(".ce-message-text", { hasText: text }) });
}

export { TIMEOUT_MS };
