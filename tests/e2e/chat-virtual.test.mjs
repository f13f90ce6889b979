// The chat-element's virtualised message list in Chromium against the real server: with a long
// history loaded the DOM stays small, loading older pages keeps the first visible message in place,
// new messages scroll into view only for a user at the bottom, a row above the viewport that grows
// does not move what the user sees, and deeplinkToPostId scrolls to and highlights a message
// several pages back (or reports NOT_FOUND). One server for the file.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser, waitForChatReady } from "./helpers.mjs";
import { openSdkPage, openSessionPage, startDataServer, waitInPage, withPages } from "./data-helpers.mjs";

/** Most nodes (elements and text) the element may hold however long the history is. */
const NODE_BOUND = 2_500;

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
/** Fresh users ann and ben in a fresh conversation with `count` messages by ben ("m1".."mN"). */
async function setup(count) {
  counter += 1;
  const ids = { ann: `vann${counter}`, ben: `vben${counter}`, conv: `virtual${counter}` };
  await server.putUser(ids.ann, "Ann");
  await server.putUser(ids.ben, "Ben");
  await server.putConversation(ids.conv, { subject: "Long", participants: [ids.ann, ids.ben] });
  ids.messages = [];
  for (let i = 0; i < count; i += 1) {
    // The server orders by arrival, so sequential posts keep "m1".."mN" in order.
    const text = i % 7 === 3 ? `m${i + 1}\nsecond line\nthird line` : `m${i + 1}`;
    ids.messages.push((await server.postMessage(ids.conv, ids.ben, text)).id);
  }
  return ids;
}

async function openChat(userId, conv, options = {}) {
  const page = await openSdkPage(browser, server);
  await page.evaluate(
    ({ userId, conv, options }) => {
      const container = document.createElement("div");
      container.id = "chat";
      container.style.height = "600px";
      container.style.width = "480px";
      container.style.display = "flex";
      container.style.flexDirection = "column";
      document.body.append(container);
      window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
      window.errors = [];
      window.chat = window.session.createElement("chat-element", { channelId: conv, ...options });
      window.chat.on("error", (error) => window.errors.push({ code: error.code, message: error.message }));
      window.chat.mount("#chat");
    },
    { userId, conv, options },
  );
  await waitForChatReady(page);
  return page;
}

/** Elements and text nodes inside the chat element. */
function nodeCount(page) {
  return page.evaluate(() => {
    const root = document.querySelector(".ce-root.ce-chat");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let count = 1;
    while (walker.nextNode()) count += 1;
    return count;
  });
}

/** The first message row crossing the top of the list's viewport: its text and its top. */
function firstVisible(page) {
  return page.evaluate(() => {
    const list = document.querySelector(".ce-messages");
    const top = list.getBoundingClientRect().top;
    for (const row of list.querySelectorAll(".ce-message")) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom > top + 1) {
        return { text: row.querySelector(".ce-message-text").textContent, top: rect.top - top };
      }
    }
    return null;
  });
}

/** The top of the row with text `text` relative to the list's viewport (null when not rendered). */
function topOf(page, text) {
  return page.evaluate((text) => {
    const list = document.querySelector(".ce-messages");
    for (const row of list.querySelectorAll(".ce-message")) {
      if (row.querySelector(".ce-message-text").textContent === text) {
        return row.getBoundingClientRect().top - list.getBoundingClientRect().top;
      }
    }
    return null;
  }, text);
}

function distanceFromBottom(page) {
  return page.evaluate(() => {
    const list = document.querySelector(".ce-messages");
    return list.scrollHeight - list.scrollTop - list.clientHeight;
  });
}

function rowCount(page) {
  return page.locator(".ce-messages .ce-message").count();
}

/** Scrolls to the top until message "m1" is rendered; returns the largest node count seen. */
async function loadEverything(page) {
  let most = 0;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    most = Math.max(most, await nodeCount(page));
    if ((await topOf(page, "m1")) !== null) return most;
    await page.evaluate(() => {
      document.querySelector(".ce-messages").scrollTop = 0;
    });
    await page.waitForTimeout(60);
  }
  throw new Error("the whole history did not load within 120 s");
}

let big;
test("1,500 messages: the DOM stays small; older pages keep the first visible message in place", { timeout: 300_000 }, async () => {
  big = await setup(1_500);
  const page = await openChat(big.ann, big.conv);
  await withPages([page], async () => {
    await page.locator(".ce-message").filter({ hasText: "m1500" }).waitFor({ timeout: TIMEOUT_MS });
    assert.ok((await distanceFromBottom(page)) < 5, "opens at the newest message");

    // Scrolled near the top: an older page comes in above, what the user sees stays put.
    const before = await rowCount(page);
    await page.evaluate(() => {
      document.querySelector(".ce-messages").scrollTop = 40;
    });
    const anchor = await firstVisible(page);
    assert.ok(anchor, "a row is visible");
    await page.locator(".ce-message-text").getByText("m1455", { exact: true }).waitFor({ state: "attached", timeout: TIMEOUT_MS });
    await page.waitForTimeout(300);
    const after = await topOf(page, anchor.text);
    assert.ok(after !== null, "the anchored row is still rendered");
    assert.ok(Math.abs(after - anchor.top) <= 2, `row ${anchor.text} moved from ${anchor.top} to ${after}`);
    assert.ok((await rowCount(page)) >= before, "older rows were added");

    const most = await loadEverything(page);
    const nodes = await nodeCount(page);
    const rows = await rowCount(page);
    assert.ok(most < NODE_BOUND, `at most ${most} nodes while loading 1,500 messages`);
    assert.ok(nodes < NODE_BOUND, `${nodes} nodes with 1,500 messages loaded`);
    assert.ok(rows < 120, `${rows} rows in the DOM`);
    // Everything is reachable: the oldest is shown at the top, with its day separator.
    assert.equal(await page.locator(".ce-messages .ce-day-separator").first().isVisible(), true);
  });
});

test("a new message scrolls into view at the bottom, not when the user scrolled up", { timeout: 120_000 }, async () => {
  const ids = await setup(200);
  const page = await openChat(ids.ann, ids.conv);
  await withPages([page], async () => {
    await page.locator(".ce-message").filter({ hasText: "m200" }).waitFor({ timeout: TIMEOUT_MS });
    await server.postMessage(ids.conv, ids.ben, "fresh one");
    await page.locator(".ce-message-text").getByText("fresh one", { exact: true }).waitFor({ timeout: TIMEOUT_MS });
    await waitInPage(page, () => {
      const list = document.querySelector(".ce-messages");
      return list.scrollHeight - list.scrollTop - list.clientHeight < 5;
    });
    const fresh = await topOf(page, "fresh one");
    assert.ok(fresh > 0 && fresh < 600, `the new message is in view (at ${fresh})`);

    // Scrolled up by a screen: a new message does not move the view.
    await page.evaluate(() => {
      const list = document.querySelector(".ce-messages");
      list.scrollTop = list.scrollHeight - list.clientHeight * 2;
    });
    await page.waitForTimeout(300);
    const anchor = await firstVisible(page);
    await server.postMessage(ids.conv, ids.ben, "while away");
    await page.locator(".ce-message-text").getByText("while away", { exact: true }).waitFor({ state: "attached", timeout: TIMEOUT_MS });
    await page.waitForTimeout(300);
    assert.ok(Math.abs((await topOf(page, anchor.text)) - anchor.top) <= 2, "the view stayed");
    assert.ok((await distanceFromBottom(page)) > 100, "not scrolled to the bottom");
    const away = await topOf(page, "while away");
    assert.ok(away === null || away > 600, `the new message is below the view (at ${away})`);
  });
});

test("a row above the viewport that grows does not move what the user sees", { timeout: 120_000 }, async () => {
  const ids = await setup(200);
  const page = await openChat(ids.ann, ids.conv);
  const author = await openSessionPage(browser, server, ids.ben);
  await withPages([page, author], async () => {
    await page.locator(".ce-message").filter({ hasText: "m200" }).waitFor({ timeout: TIMEOUT_MS });
    // Scroll so that m185 is at the top: m175 is rendered above the viewport (overscan).
    await page.evaluate(() => {
      const list = document.querySelector(".ce-messages");
      const row = [...list.querySelectorAll(".ce-message")].find((r) => r.querySelector(".ce-message-text").textContent === "m185");
      list.scrollTop = row.offsetTop;
    });
    await page.waitForTimeout(300);
    const anchor = await firstVisible(page);
    assert.ok((await topOf(page, "m175")) < 0, "m175 is rendered above the viewport");
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    await author.evaluate(
      ({ conv, id, long }) => window.session.conversation(conv).message(id).edit(long),
      { conv: ids.conv, id: ids.messages[174], long },
    );
    await page.locator(".ce-message-text").getByText("line 29").waitFor({ state: "attached", timeout: TIMEOUT_MS });
    await page.waitForTimeout(300);
    const after = await topOf(page, anchor.text);
    assert.ok(Math.abs(after - anchor.top) <= 2, `row ${anchor.text} moved from ${anchor.top} to ${after}`);
  });
});

test("deeplinkToPostId scrolls to a message pages back and highlights it; the list stays there", { timeout: 180_000 }, async () => {
  const ids = big ?? (await setup(1_500));
  const target = ids.messages[99]; // "m100", 1,400 messages back
  const page = await openChat(ids.ann, ids.conv, { deeplinkToPostId: target });
  await withPages([page], async () => {
    const row = page.locator(`.ce-message[data-message-id="${target}"]`);
    await row.and(page.locator(".ce-highlight")).waitFor({ timeout: 60_000 });
    assert.equal(await row.getAttribute("aria-current"), "true");
    assert.equal(await row.evaluate((el) => document.activeElement === el), true, "the message has the focus");
    const middle = async () =>
      page.evaluate((id) => {
        const list = document.querySelector(".ce-messages").getBoundingClientRect();
        const rect = document.querySelector(`.ce-message[data-message-id="${id}"]`).getBoundingClientRect();
        return Math.abs(rect.top + rect.height / 2 - (list.top + list.height / 2));
      }, target);
    assert.ok((await middle()) < 60, "in the middle of the view");
    await page.waitForTimeout(1_000);
    assert.ok((await middle()) < 60, "still there (no jump to the bottom)");
    assert.ok((await distanceFromBottom(page)) > 1_000);
    // The highlight ends after a few seconds.
    await row.and(page.locator(":not(.ce-highlight)")).waitFor({ timeout: 10_000 });
    assert.equal(await row.getAttribute("aria-current"), null);
  });
});

test("deeplinkToPostId to an unknown message: an error event with NOT_FOUND", { timeout: 120_000 }, async () => {
  const ids = await setup(120);
  const page = await openChat(ids.ann, ids.conv, { deeplinkToPostId: "no-such-message" });
  await withPages([page], async () => {
    await waitInPage(page, () => window.errors.length > 0, undefined, 30_000);
    const [error] = await page.evaluate(() => window.errors);
    assert.equal(error.code, "NOT_FOUND");
    assert.match(error.message, /no-such-message/);
    // Through updateOptions, to a message that exists: it is found.
    await page.evaluate((id) => window.chat.updateOptions({ deeplinkToPostId: id }), ids.messages[3]);
    await page.locator(`.ce-message.ce-highlight[data-message-id="${ids.messages[3]}"]`).waitFor({ timeout: TIMEOUT_MS });
  });
});
