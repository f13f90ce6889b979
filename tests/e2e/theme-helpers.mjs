// What the theming and accessibility tests share: a seeded server (users, conversations,
// messages) and pages where a root object (`new ChatElements({ appearance })`) mounts the elements.
import { TIMEOUT_MS } from "./helpers.mjs";
import { openSdkPage, startDataServer } from "./data-helpers.mjs";

/** Starts a demo server with Ann and Ben, two conversations with messages and a third for Ann. */
export async function startSeededServer() {
  const server = await startDataServer();
  await server.putUser("ann", "Ann");
  await server.putUser("ben", "Ben");
  await server.putConversation("kittens", { subject: "Kittens", participants: ["ann", "ben"] });
  await server.putConversation("dogs", { subject: "Dogs", participants: ["ann", "ben"] });
  await server.putConversation("birds", { subject: "Birds", participants: ["ann"] });
  const lines = ["Hello there, café tomorrow?", "Sure! Which café?", "The one near the park", "See you at the café"];
  for (const [i, text] of lines.entries()) {
    await server.postMessage("kittens", i % 2 ? "ann" : "ben", text);
  }
  await server.postMessage("dogs", "ben", "Dogs like the café too");
  return server;
}

/**
 * A page with the SDK, `window.root = new ChatElements({ appearance })` and `window.session` (Ann)
 * from it, and empty containers `#dms`, `#search`, `#chat` (320 × 420 px each, side by side).
 */
export async function openThemedPage(browser, server, appearance) {
  const page = await openSdkPage(browser, server);
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.evaluate((appearance) => {
    document.body.textContent = "";
    document.documentElement.lang = "en";
    document.title = "chat-elements theming";
    document.body.style.cssText = "margin:0;display:flex;gap:16px;padding:16px;background:#fafafa";
    for (const id of ["dms", "search", "chat"]) {
      const container = document.createElement("div");
      container.id = id;
      container.style.cssText = "width:320px;height:420px";
      document.body.append(container);
    }
    window.root = new window.SDK.ChatElements({ appearance });
    window.session = window.root.createChatSession({ token: () => window.mintToken("ann") });
  }, appearance);
  return page;
}

/** Mounts a dms-list-element (the "kittens" row selected) in `#dms` and waits for its rows. */
export async function mountDmsList(page) {
  await page.evaluate(() => {
    window.list = window.session.createElement("dms-list-element", { selectedChannel: "kittens" });
    window.list.mount("#dms");
  });
  await page.locator(".ce-dms .ce-dm-row[aria-selected=true]").waitFor({ timeout: TIMEOUT_MS });
}

/** Mounts a search-element in `#search`, searches for "café" and waits for the results. */
export async function mountSearch(page) {
  await page.evaluate(() => {
    window.search = window.session.createElement("search-element", {});
    window.search.mount("#search");
  });
  await searchFor(page, "#search");
}

/** Opens the search modal and searches in it. */
export async function openSearchModal(page) {
  await page.evaluate(() => {
    window.modal = window.session.showSearchModal({});
  });
  await searchFor(page, ".ce-modal");
}

async function searchFor(page, scope) {
  const input = page.locator(`${scope} .ce-search-input`);
  await input.fill("café");
  await input.press("Enter");
  await page.locator(`${scope} .ce-search-result`).first().waitFor({ timeout: TIMEOUT_MS });
  await page.locator(`${scope} .ce-search-status`).filter({ hasText: /result/ }).waitFor({ timeout: TIMEOUT_MS });
}

/** Mounts a chat-element for "kittens" (with extra `options`) in `#chat` and waits for its messages. */
export async function mountChat(page, options = {}) {
  await page.evaluate((options) => {
    window.chat = window.session.createElement("chat-element", { channelId: "kittens", ...options });
    window.chat.mount("#chat");
  }, options);
  await page.locator('.ce-root.ce-chat[data-state="ready"] .ce-message').first().waitFor({ timeout: TIMEOUT_MS });
}

/** `getComputedStyle(document.querySelector(selector))[property]` for each property. */
export function computed(page, selector, properties) {
  return page.evaluate(
    ({ selector, properties }) => {
      const node = document.querySelector(selector);
      if (!node) throw new Error(`nothing matches ${selector}`);
      const style = getComputedStyle(node);
      return Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
    },
    { selector, properties },
  );
}
