// The chat-element's chat features in Chromium against the real server, with two users in two
// browser contexts: rich text (links only for http(s)/mailto), Whop's events and their `detail`
// shapes (linkClick with disableNavigation, profileClick, attachmentClick, messageSent,
// messageDeleted), files, day separators, the unread divider, markRead with the "Seen" receipt,
// the typing indicator, and the reply / react / edit / delete actions driven by the keyboard.
// One server for the file; each test has its own users and conversation.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser, sendMessage, waitForChatReady } from "./helpers.mjs";
import { openSdkPage, startDataServer, waitInPage, waitUntilAfter, withPages } from "./data-helpers.mjs";

const DAY_MS = 86_400_000;
const EVENTS = ["messageSent", "messageDeleted", "profileClick", "linkClick", "attachmentClick"];

let browser;
let server;
before(async () => {
  server = await startDataServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

let counter = 0;
/** Fresh users `ann` and `ben` (with `names`) in a fresh conversation; returns their ids. */
async function setup(names = { ann: "Ann", ben: "Ben" }) {
  counter += 1;
  const ids = { ann: `ann${counter}`, ben: `ben${counter}`, conv: `chat${counter}` };
  await server.putUser(ids.ann, names.ann);
  await server.putUser(ids.ben, names.ben);
  await server.putConversation(ids.conv, { subject: names.subject ?? "Chat", participants: [ids.ann, ids.ben] });
  return ids;
}

/**
 * A page where `userId` has the chat-element for `conv` mounted as `window.chat`; every event
 * of Whop's list lands in `window.events` as `{ type, detail }` (from `on()`), and `onEvent`
 * calls in `window.onEventTypes`. `shiftDays` moves messages whose text starts with `[-N]` N
 * days back (rewriting the server's frames), for the day separators.
 */
async function openChat(userId, conv, options = {}, { shiftDays = false } = {}) {
  const page = await openSdkPage(browser, server);
  if (shiftDays) {
    await page.routeWebSocket(/\/v1\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => {
        const shift = (value) => {
          if (Array.isArray(value)) value.forEach(shift);
          else if (value && typeof value === "object") {
            const match = /^\[-(\d)\]/.exec(value.plaintext ?? "");
            if (match && typeof value.createdAt === "number") value.createdAt -= Number(match[1]) * DAY_MS;
            Object.values(value).forEach(shift);
          }
        };
        const frame = JSON.parse(message);
        shift(frame);
        ws.send(JSON.stringify(frame));
      });
    });
  }
  await page.evaluate(
    ({ userId, conv, options, events }) => {
      const container = document.createElement("div");
      container.id = "chat";
      container.style.height = "600px";
      container.style.width = "480px";
      document.body.append(container);
      window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
      window.events = [];
      window.onEventTypes = [];
      window.chat = window.session.createElement("chat-element", {
        channelId: conv,
        ...options,
        onEvent: (event) => window.onEventTypes.push(event.type),
      });
      for (const name of events) window.chat.on(name, (event) => window.events.push({ type: event.type, detail: event.detail }));
      window.chat.mount("#chat");
    },
    { userId, conv, options, events: EVENTS },
  );
  await waitForChatReady(page);
  return page;
}

/** The row of the message whose text contains `text`. */
function row(page, text) {
  return page.locator(".ce-messages .ce-message").filter({ has: page.locator(".ce-message-text", { hasText: text }) });
}

/** Waits until `window.events` has an event of `type`; returns its detail. */
async function eventDetail(page, type) {
  await waitInPage(page, (type) => window.events.some((e) => e.type === type), type);
  return page.evaluate((type) => window.events.filter((e) => e.type === type).at(-1).detail, type);
}

test("rich text renders as DOM nodes; only http(s)/mailto links; linkClick and profileClick", { timeout: 120_000 }, async () => {
  const ids = await setup();
  const text =
    `Hi *bold* _it_ ~gone~ \`co*de*\` [site](https://example.com/a) see https://example.org/b ` +
    `[bad](javascript:alert(1)) mail me@example.com hey @${ids.ann}\n- one\n- two`;
  await server.postMessage(ids.conv, ids.ben, text);
  const page = await openChat(ids.ann, ids.conv, { disableNavigation: true });
  await withPages([page], async () => {
    const body = row(page, "Hi").locator(".ce-message-text");
    await body.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await body.locator("strong").textContent(), "bold");
    assert.equal(await body.locator("em").textContent(), "it");
    assert.equal(await body.locator("s").textContent(), "gone");
    assert.equal(await body.locator("code").textContent(), "co*de*");
    assert.deepEqual(await body.locator("ul.ce-list li").allTextContents(), ["one", "two"]);
    const links = await body.locator("a").evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent, target: a.target, rel: a.rel })),
    );
    assert.deepEqual(
      links.map((l) => l.href),
      ["https://example.com/a", "https://example.org/b", "mailto:me@example.com"],
    );
    for (const link of links) {
      assert.equal(link.target, "_blank");
      assert.equal(link.rel, "noopener noreferrer");
    }
    assert.equal(links[0].text, "site");
    // The javascript: link stays text, and nothing anywhere links to it.
    assert.match(await body.textContent(), /\[bad\]\(javascript:alert\(1\)\)/);
    assert.equal(await page.locator('.ce-root a[href^="javascript"]').count(), 0);

    // disableNavigation: clicking a link stays on the page and emits linkClick { url }.
    const before = page.url();
    await body.locator("a", { hasText: "site" }).click();
    assert.deepEqual(await eventDetail(page, "linkClick"), { url: "https://example.com/a" });
    assert.equal(page.url(), before);
    assert.equal(page.context().pages().length, 1, "no tab was opened");

    // A mention is a focusable button-like chip: Enter emits profileClick { id }.
    const mention = body.locator(".ce-mention");
    assert.equal(await mention.textContent(), "Ann");
    assert.equal(await mention.getAttribute("role"), "button");
    await mention.focus();
    await page.keyboard.press("Enter");
    assert.deepEqual(await eventDetail(page, "profileClick"), { id: ids.ann });
    // The sender's name too.
    await row(page, "Hi").locator(".ce-message-sender").click();
    await waitInPage(page, (id) => window.events.filter((e) => e.type === "profileClick").at(-1).detail.id === id, ids.ben);
    const types = await page.evaluate(() => window.onEventTypes);
    assert.deepEqual([...new Set(types)].sort(), ["linkClick", "profileClick"]);
  });
});

test("files: an image with its size, a download link, attachmentClick; XSS strings stay text", { timeout: 120_000 }, async () => {
  const xss = `<img src=x onerror="window.__xss=1">`;
  const ids = await setup({ ann: "Ann", ben: `Ben ${xss}`, subject: `Subject ${xss}` });
  const page = await openChat(ids.ann, ids.conv, { disableNavigation: true });
  const benPage = await openSdkPage(browser, server);
  await withPages([page, benPage], async () => {
    // Ben uploads a 40x30 PNG and a text file with a hostile name through the Data API.
    await benPage.evaluate(
      async ({ userId, conv, xss }) => {
        const session = window.SDK.getTalkSession({ appId: "demo", userId });
        session.onNeedToken = async () => session.setToken(await window.mintToken(userId));
        const canvas = document.createElement("canvas");
        canvas.width = 40;
        canvas.height = 30;
        const png = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
        const image = await session.uploadImage(png, { filename: "cat.png", width: 40, height: 30 });
        const file = await session.uploadFile(new Blob(["x".repeat(2048)], { type: "text/plain" }), {
          filename: `${xss}.txt`,
        });
        await session.conversation(conv).send({ content: [{ type: "file", fileToken: image }, { type: "file", fileToken: file }] });
        await session.conversation(conv).send(`files above @${userId} ${xss}`);
      },
      { userId: ids.ben, conv: ids.conv, xss },
    );
    const image = page.locator(".ce-attachment-image img");
    await image.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await image.getAttribute("width"), "40");
    assert.equal(await image.getAttribute("height"), "30");
    assert.equal(await image.getAttribute("alt"), "cat.png");
    const file = page.locator(".ce-attachment-file");
    assert.equal(await file.locator(".ce-file-name").textContent(), `${xss}.txt`);
    assert.match(await file.locator(".ce-file-size").textContent(), /2(\.0)?\s*kB/);
    assert.equal(await file.getAttribute("download"), `${xss}.txt`);

    await image.click();
    const detail = await eventDetail(page, "attachmentClick");
    const messageId = await page.locator(".ce-message", { has: image }).getAttribute("data-message-id");
    assert.equal(detail.messageId, messageId);
    assert.equal(detail.attachments.length, 2);
    assert.deepEqual(Object.keys(detail.attachments[0]).sort(), ["contentType", "filename", "height", "id", "url", "width"]);
    assert.equal(detail.attachments[0].contentType, "image/png");
    assert.equal(detail.attachments[0].filename, "cat.png");
    assert.equal(detail.attachments[0].width, 40);
    assert.match(detail.attachments[0].id, /^file_/);
    assert.match(detail.attachments[0].url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
    assert.equal(detail.attachments[1].filename, `${xss}.txt`);
    assert.equal(page.context().pages().length, 1, "no tab was opened");
    // The image also opened in the preview (features.previewAttachments defaults to true).
    await page.locator(".ce-preview-backdrop").waitFor({ timeout: TIMEOUT_MS });
    await page.keyboard.press("Escape");
    await page.locator(".ce-preview-backdrop").waitFor({ state: "detached", timeout: TIMEOUT_MS });

    // Names, mentions and text with markup are text; nothing ran.
    const last = row(page, "files above");
    await last.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await last.locator(".ce-message-sender").textContent(), `Ben ${xss}`);
    assert.equal(await last.locator(".ce-mention").textContent(), `Ben ${xss}`);
    assert.match(await last.locator(".ce-message-text").textContent(), /<img src=x onerror="window.__xss=1">$/);
    assert.equal(await page.locator(".ce-root img:not(.ce-image)").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });
});

test("day separators, the unread divider, markRead and the Seen receipt", { timeout: 120_000 }, async () => {
  const ids = await setup();
  await server.postMessage(ids.conv, ids.ben, "[-2] old one");
  await server.postMessage(ids.conv, ids.ann, "[-2] old two");
  await server.postMessage(ids.conv, ids.ben, "[-1] yesterday");
  // Ann reads everything so far; then Ben writes two more.
  const first = await openChat(ids.ann, ids.conv, {}, { shiftDays: true });
  const benPage = await openChat(ids.ben, ids.conv);
  await withPages([first, benPage], async () => {
    // Ben's last message is "[-1] yesterday"; Ann opened the chat and read it: Seen.
    const receipt = row(benPage, "yesterday").locator(".ce-receipt");
    await receipt.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await receipt.textContent(), "Seen");
    assert.equal(await benPage.locator(".ce-receipt").count(), 1);

    // (Whether Ann had unread messages then depends on the shifted times: the divider is not
    // looked at here.)
    const separators = await first.evaluate(() =>
      [...document.querySelectorAll(".ce-messages > :not(.ce-unread-divider)")].map((el) =>
        el.classList.contains("ce-day-separator") ? `day:${el.textContent}` : el.querySelector(".ce-message-text")?.textContent,
      ),
    );
    const label = (daysAgo) =>
      first.evaluate(
        (ms) => new Intl.DateTimeFormat([], { weekday: "long", year: "numeric", month: "long", day: "numeric" }).format(ms),
        Date.now() - daysAgo * DAY_MS,
      );
    assert.deepEqual(separators, [
      `day:${await label(2)}`,
      "[-2] old one",
      "[-2] old two",
      `day:${await label(1)}`,
      "[-1] yesterday",
    ]);
    await first.context().close();

    await waitUntilAfter(Date.now() + 5);
    await sendMessage(benPage, "new one");
    await sendMessage(benPage, "new two");
    await row(benPage, "new two").and(benPage.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await row(benPage, "new two").locator(".ce-receipt").count(), 0, "not seen yet");

    const again = await openChat(ids.ann, ids.conv, {}, { shiftDays: true });
    await withPages([again], async () => {
      // The divider comes with the conversation's snapshot, which may follow the messages.
      await again.locator(".ce-unread-divider").waitFor({ timeout: TIMEOUT_MS });
      const order = await again.evaluate(() =>
        [...document.querySelectorAll(".ce-messages > *")].map((el) =>
          el.classList.contains("ce-unread-divider") ? "unread" : el.classList.contains("ce-day-separator") ? "day" : el.querySelector(".ce-message-text")?.textContent,
        ),
      );
      assert.deepEqual(order.slice(-4), ["day", "unread", "new one", "new two"]);
      assert.equal(await again.locator(".ce-unread-divider").textContent(), "New messages");
      // Shown at the bottom of a visible page: read, so Ben sees "Seen" under his last message.
      await row(benPage, "new two").locator(".ce-receipt").waitFor({ timeout: TIMEOUT_MS });
      assert.equal(await benPage.locator(".ce-receipt").count(), 1);
      // The divider stays while the element is open.
      assert.equal(await again.locator(".ce-unread-divider").count(), 1);
    });
  });
});

test("typing indicator, and reply / react / edit / delete by keyboard with Whop's event details", { timeout: 120_000 }, async () => {
  const ids = await setup();
  await server.postMessage(ids.conv, ids.ben, "question from ben");
  const ann = await openChat(ids.ann, ids.conv);
  const ben = await openChat(ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    // Typing: Ben sees Ann typing.
    await ann.locator("textarea.ce-composer-input").pressSequentially("hmm");
    await ben.locator(".ce-typing", { hasText: "Ann is typing…" }).waitFor({ timeout: TIMEOUT_MS });
    await ann.locator("textarea.ce-composer-input").fill("");

    // React: menu by keyboard, → to 👍, Enter.
    const question = row(ann, "question from ben");
    const toggle = question.locator(".ce-actions-toggle");
    assert.equal(await toggle.getAttribute("aria-label"), "Message actions");
    await toggle.focus();
    await ann.keyboard.press("Enter");
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    assert.equal(await ann.evaluate(() => document.activeElement.textContent), "Reply");
    assert.equal(await question.locator('[role="menuitem"]', { hasText: "Edit" }).count(), 0, "no edit on others' messages");
    await ann.keyboard.press("ArrowRight");
    assert.equal(await ann.evaluate(() => document.activeElement.getAttribute("aria-label")), "React with 👍");
    await ann.keyboard.press("Enter");
    const chip = question.locator(".ce-reaction");
    await chip.and(ann.locator('[aria-pressed="true"]')).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await chip.textContent(), "👍 1");
    const benChip = row(ben, "question from ben").locator(".ce-reaction");
    await benChip.and(ben.locator('[aria-pressed="false"]')).waitFor({ timeout: TIMEOUT_MS });
    // Enter on the chip takes the reaction back.
    await chip.focus();
    await ann.keyboard.press("Enter");
    await chip.waitFor({ state: "detached", timeout: TIMEOUT_MS });

    // Reply: the quote shows above the composer, Escape-free send with Enter.
    await toggle.focus();
    await ann.keyboard.press("Enter");
    await ann.keyboard.press("Enter"); // "Reply"
    const preview = ann.locator(".ce-reply-preview");
    assert.equal(await preview.isVisible(), true);
    assert.equal(await preview.locator(".ce-reply-text").textContent(), "Replying to Ben: question from ben");
    assert.equal(await ann.evaluate(() => document.activeElement.className), "ce-composer-input");
    await ann.keyboard.type("my answer");
    await ann.keyboard.press("Enter");
    const answer = row(ann, "my answer");
    await answer.and(ann.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await preview.isVisible(), false);
    const sent = await eventDetail(ann, "messageSent");
    assert.deepEqual(sent, { id: await answer.getAttribute("data-message-id"), content: "my answer", channelId: ids.conv });
    const quoteAtBen = row(ben, "my answer").locator(".ce-quote");
    await quoteAtBen.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await quoteAtBen.locator(".ce-quote-sender").textContent(), "Ben");
    assert.equal(await quoteAtBen.locator(".ce-quote-text").textContent(), "question from ben");

    // Edit: End → Delete, ↑ → Edit; Escape cancels, Enter saves; "(edited)".
    const id = await answer.getAttribute("data-message-id");
    const mine = ann.locator(`.ce-message[data-message-id="${id}"]`);
    const own = mine.locator(".ce-actions-toggle");
    const openEditor = async () => {
      await own.focus();
      await ann.keyboard.press("Enter");
      await ann.keyboard.press("End");
      await ann.keyboard.press("ArrowUp");
      assert.equal(await ann.evaluate(() => document.activeElement.textContent), "Edit");
      await ann.keyboard.press("Enter");
      assert.equal(await ann.evaluate(() => document.activeElement.className), "ce-edit-input");
    };
    await openEditor();
    await ann.keyboard.press("Escape");
    assert.equal(await mine.locator(".ce-edit-input").count(), 0);
    assert.equal(await mine.locator(".ce-message-text").textContent(), "my answer");
    await openEditor();
    await ann.keyboard.press("ControlOrMeta+A");
    await ann.keyboard.type("my *better* answer");
    await ann.keyboard.press("Enter");
    const edited = row(ben, "my better answer");
    await edited.locator(".ce-edited:not([hidden])").waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await edited.locator(".ce-message-text strong").textContent(), "better");
    await mine.locator(".ce-edited:not([hidden])").waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await ann.evaluate(() => document.activeElement.className), "ce-actions-toggle");

    // Delete: inline confirmation (focus on Cancel), Shift+Tab to Delete, Enter.
    await own.focus();
    await ann.keyboard.press("Enter");
    await ann.keyboard.press("End");
    await ann.keyboard.press("Enter");
    const confirm = mine.locator(".ce-confirm");
    assert.equal(await confirm.locator("span").textContent(), "Delete this message?");
    assert.equal(await ann.evaluate(() => document.activeElement.textContent), "Cancel");
    await ann.keyboard.press("Shift+Tab");
    await ann.keyboard.press("Enter");
    assert.deepEqual(await eventDetail(ann, "messageDeleted"), { id });
    await ann.locator(`.ce-message[data-message-id="${id}"]`).waitFor({ state: "detached", timeout: TIMEOUT_MS });
    await ben.locator(`.ce-message[data-message-id="${id}"]`).waitFor({ state: "detached", timeout: TIMEOUT_MS });
    assert.deepEqual(ann.dialogs, [], "no window.confirm");
  });
});
