// The dms-list-element in Chromium against the real server: the current user's conversations by
// last activity with names, unread badges and previews, live reordering, selection by mouse and
// keyboard (`channelSelected` with Whop's `detail: { id }`), the empty state, markup shown as text,
// loading more rows at the bottom, and unmount ending everything. One server for the file; each
// test has its own users and conversations.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser, sendMessage, waitForChatReady } from "./helpers.mjs";
import { openSdkPage, startDataServer, waitInPage, waitUntilAfter, withPages as closingPages } from "./data-helpers.mjs";

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

/** `withPages` (data-helpers.mjs), also failing on errors the pages reported (a missing favicon aside). */
function withPages(pages, body) {
  return closingPages(pages, async () => {
    await body();
    for (const page of pages) {
      const problems = page.problems.filter((problem) => !/status of 404/.test(problem));
      assert.deepEqual(problems, [], "the page reported no errors");
    }
  });
}

/** Posts as `senderId` and waits until the server clock has moved past the message's time. */
async function post(conversationId, senderId, text) {
  const message = await server.postMessage(conversationId, senderId, text);
  await waitUntilAfter(message.createdAt ?? Date.now());
  return message;
}

/**
 * A page with a session for `userId` (createChatSession, tokens from the admin API) and a
 * dms-list-element mounted in `#dms` as `window.list`. `options` is a JSON-able object; events go
 * to `window.selected` (channelSelected details), `window.onEventCalls`, `window.readyCalls`.
 */
async function openList(userId, options = {}, { height = 400 } = {}) {
  const page = await openSdkPage(browser, server);
  await page.evaluate(
    ({ userId, options, height }) => {
      const container = document.createElement("div");
      container.id = "dms";
      container.style.height = `${height}px`;
      container.style.width = "320px";
      document.body.append(container);
      window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
      window.selected = [];
      window.onEventCalls = [];
      window.readyCalls = 0;
      window.list = window.session.createElement("dms-list-element", {
        ...options,
        onEvent: (event) => window.onEventCalls.push({ type: event.type, detail: event.detail }),
      });
      window.list.on("ready", () => (window.readyCalls += 1));
      window.list.on("channelSelected", (event) => window.selected.push(event.detail));
      window.list.mount("#dms");
    },
    { userId, options, height },
  );
  await page.locator('.ce-dms[data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
  return page;
}

/** What the rows show, top to bottom. */
function rows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".ce-dms .ce-dm-row")].map((row) => ({
      id: row.dataset.id,
      name: row.querySelector(".ce-dm-name").textContent,
      preview: row.querySelector(".ce-dm-preview").textContent,
      badge: row.querySelector(".ce-dm-badge").hidden ? "" : row.querySelector(".ce-dm-badge").textContent,
      time: row.querySelector(".ce-dm-time").textContent,
      selected: row.getAttribute("aria-selected"),
      current: row.getAttribute("aria-current"),
      tabindex: row.getAttribute("tabindex"),
    })),
  );
}

/** Waits until `predicate(rows)` (sent into the page as source) holds; returns the rows. */
async function waitForRows(page, predicate) {
  await waitInPage(
    page,
    (source) => {
      const shown = [...document.querySelectorAll(".ce-dms .ce-dm-row")].map((row) => ({
        id: row.dataset.id,
        name: row.querySelector(".ce-dm-name").textContent,
        preview: row.querySelector(".ce-dm-preview").textContent,
        badge: row.querySelector(".ce-dm-badge").hidden ? "" : row.querySelector(".ce-dm-badge").textContent,
        selected: row.getAttribute("aria-selected"),
      }));
      // eslint-disable-next-line no-new-func
      return new Function(`return (${source})`)()(shown);
    },
    predicate.toString(),
  ).catch(async (error) => {
    error.message += `\nrows: ${JSON.stringify(await rows(page))}`;
    throw error;
  });
  return rows(page);
}

test("conversations by last activity with names, badges and previews, updated live", { timeout: 120_000 }, async () => {
  await server.putUser("ann", "Ann");
  await server.putUser("ben", "Ben");
  await server.putUser("cat", "Cat");
  // No subject and no message: named after the other participant (from the participants).
  await server.putConversation("ann-cat", { participants: ["ann", "cat"] });
  await waitUntilAfter(Date.now());
  await server.putConversation("ann-old", { subject: "Old stuff", participants: ["ann", "cat"] });
  await server.putConversation("ann-ben", { participants: ["ann", "ben"] });
  await server.putConversation("ann-group", { subject: "Project X", participants: ["ann", "ben", "cat"] });
  await post("ann-old", "cat", "old news");
  await post("ann-ben", "ben", "hi Ann");
  await post("ann-ben", "ben", "how are you");
  await post("ann-group", "ann", "I posted this");

  const page = await openList("ann");
  const bob = await openSdkPage(browser, server);
  await withPages([page, bob], async () => {
    let shown = await waitForRows(page, (rows) => rows.length === 4 && rows[3].name === "Cat");
    assert.deepEqual(
      shown.map(({ id, name, preview, badge }) => ({ id, name, preview, badge })),
      [
        { id: "ann-group", name: "Project X", preview: "You: I posted this", badge: "" },
        { id: "ann-ben", name: "Ben", preview: "how are you", badge: "2" },
        { id: "ann-old", name: "Old stuff", preview: "old news", badge: "1" },
        { id: "ann-cat", name: "Cat", preview: "No messages yet", badge: "" },
      ],
    );
    for (const row of shown.slice(0, 3)) assert.match(row.time, /\d/, `${row.id} shows a time`);
    assert.equal(await page.evaluate(() => window.list.state), "ready");
    assert.equal(await page.evaluate(() => window.readyCalls), 1);
    const label = await page.locator('.ce-dm-row[data-id="ann-ben"]').getAttribute("aria-label");
    assert.match(label, /^Ben, .*\d.*, how are you, 2 unread messages$/);
    assert.equal(await page.locator(".ce-dm-list").getAttribute("role"), "listbox");

    // Ben writes from his own browser (a chat element): the row moves to the top, its badge bumps.
    await bob.evaluate(() => {
      const container = document.createElement("div");
      container.style.height = "400px";
      document.body.append(container);
      const session = window.SDK.createChatSession({ token: () => window.mintToken("ben") });
      session.createElement("chat-element", { channelId: "ann-ben" }).mount(container);
    });
    await waitForChatReady(bob);
    await sendMessage(bob, "are you there?");
    shown = await waitForRows(page, (rows) => rows[0]?.id === "ann-ben" && rows[0].badge === "3");
    assert.deepEqual(
      shown.map(({ id, preview, badge }) => ({ id, preview, badge })),
      [
        { id: "ann-ben", preview: "are you there?", badge: "3" },
        { id: "ann-group", preview: "You: I posted this", badge: "" },
        { id: "ann-old", preview: "old news", badge: "1" },
        { id: "ann-cat", preview: "No messages yet", badge: "" },
      ],
    );

    // A message in the oldest conversation moves it from the bottom to the top.
    await post("ann-old", "cat", "news again");
    shown = await waitForRows(page, (rows) => rows[0]?.id === "ann-old");
    assert.deepEqual(
      shown.map(({ id, badge }) => ({ id, badge })),
      [
        { id: "ann-old", badge: "2" },
        { id: "ann-ben", badge: "3" },
        { id: "ann-group", badge: "" },
        { id: "ann-cat", badge: "" },
      ],
    );
  });
});

test("a click selects a row and emits channelSelected; updateOptions moves the selection", { timeout: 90_000 }, async () => {
  await server.putUser("dan", "Dan");
  await server.putUser("eve", "Eve");
  for (const id of ["dan-1", "dan-2", "dan-3"]) {
    await server.putConversation(id, { subject: `Topic ${id}`, participants: ["dan", "eve"] });
    await post(id, "eve", `hello in ${id}`);
  }
  const page = await openList("dan", { selectedChannel: "dan-2" });
  await withPages([page], async () => {
    let shown = await waitForRows(page, (rows) => rows.length === 3);
    assert.deepEqual(shown.map((r) => r.id), ["dan-3", "dan-2", "dan-1"]);
    assert.deepEqual(shown.map((r) => r.selected), ["false", "true", "false"], "selectedChannel is highlighted");
    assert.equal(shown[1].current, "true");
    assert.deepEqual(shown.map((r) => r.tabindex), ["-1", "0", "-1"], "Tab reaches the selected row");

    await page.locator('.ce-dm-row[data-id="dan-1"]').click();
    shown = await waitForRows(page, (rows) => rows[2].selected === "true");
    assert.deepEqual(shown.map((r) => r.selected), ["false", "false", "true"]);
    assert.deepEqual(shown.map((r) => r.current), [null, null, "true"]);
    assert.deepEqual(await page.evaluate(() => window.selected), [{ id: "dan-1" }], "detail is { id } as Whop's");
    assert.deepEqual(await page.evaluate(() => window.onEventCalls), [{ type: "channelSelected", detail: { id: "dan-1" } }]);
    assert.equal(await page.evaluate(() => window.list.options.selectedChannel), "dan-1");

    // updateOptions moves the highlight without a channelSelected event.
    await page.evaluate(() => window.list.updateOptions({ selectedChannel: "dan-3" }));
    shown = await rows(page);
    assert.deepEqual(shown.map((r) => r.selected), ["true", "false", "false"]);
    assert.equal(await page.evaluate(() => window.selected.length), 1);
    await page.evaluate(() => window.list.updateOptions({ selectedChannel: null }));
    shown = await rows(page);
    assert.deepEqual(shown.map((r) => r.selected), ["false", "false", "false"]);

    // Invalid options are refused with INVALID_OPTIONS and change nothing.
    const code = await page.evaluate(() => {
      try {
        window.list.updateOptions({ selectedChannel: 5 });
        return "no error";
      } catch (error) {
        return error.code;
      }
    });
    assert.equal(code, "INVALID_OPTIONS");
  });
});

test("keyboard only: Tab to the list, arrows to move, Enter or Space to select", { timeout: 90_000 }, async () => {
  await server.putUser("fay", "Fay");
  await server.putUser("gus", "Gus");
  for (const id of ["fay-1", "fay-2", "fay-3"]) {
    await server.putConversation(id, { subject: `Room ${id}`, participants: ["fay", "gus"] });
    await post(id, "gus", `text in ${id}`);
  }
  const page = await openList("fay");
  await withPages([page], async () => {
    await waitForRows(page, (rows) => rows.length === 3);
    const focused = () =>
      page.evaluate(() => ({
        id: document.activeElement?.dataset?.id ?? null,
        outline: getComputedStyle(document.activeElement).outlineStyle,
      }));

    await page.keyboard.press("Tab");
    let now = await focused();
    assert.equal(now.id, "fay-3", "Tab reaches the first row when nothing is selected");
    assert.notEqual(now.outline, "none", "the focused row shows a focus outline");
    await page.keyboard.press("ArrowDown");
    assert.equal((await focused()).id, "fay-2");
    await page.keyboard.press("Enter");
    await waitForRows(page, (rows) => rows[1].selected === "true");
    assert.deepEqual(await page.evaluate(() => window.selected), [{ id: "fay-2" }]);

    await page.keyboard.press("End");
    assert.equal((await focused()).id, "fay-1");
    await page.keyboard.press("Space");
    let shown = await waitForRows(page, (rows) => rows[2].selected === "true");
    assert.deepEqual(shown.map((r) => r.selected), ["false", "false", "true"]);
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowUp"); // stays on the first row
    assert.equal((await focused()).id, "fay-3");
    assert.deepEqual(await page.evaluate(() => window.selected), [{ id: "fay-2" }, { id: "fay-1" }]);
    const stops = await page.evaluate(() => document.querySelectorAll('.ce-dm-row[tabindex="0"]').length);
    assert.equal(stops, 1, "one tab stop in the list");

    // A live update keeps the focus on its row even when the row moves.
    await page.keyboard.press("End");
    assert.equal((await focused()).id, "fay-1");
    await post("fay-1", "gus", "bump");
    shown = await waitForRows(page, (rows) => rows[0].id === "fay-1");
    assert.equal((await focused()).id, "fay-1", "focus stays on the moved row");
  });
});

test("emptyState shows for a user without conversations and follows updateOptions", { timeout: 90_000 }, async () => {
  await server.putUser("hal", "Hal");
  const page = await openList("hal", { emptyState: { title: "Nothing here", description: "Start a chat" } });
  await withPages([page], async () => {
    const empty = page.locator(".ce-dms .ce-empty");
    await empty.waitFor({ state: "visible", timeout: TIMEOUT_MS });
    assert.equal(await empty.locator(".ce-empty-title").textContent(), "Nothing here");
    assert.equal(await empty.locator(".ce-empty-description").textContent(), "Start a chat");
    assert.equal(await page.locator(".ce-dm-list").isVisible(), false);
    assert.equal(await page.evaluate(() => window.readyCalls), 1, "ready also when the list is empty");
    await page.evaluate(() => window.list.updateOptions({ emptyState: "No DMs" }));
    assert.equal(await empty.locator(".ce-empty-title").textContent(), "No DMs");

    // The first conversation replaces the empty state.
    await server.putConversation("hal-1", { subject: "First", participants: ["hal"] });
    await waitForRows(page, (rows) => rows.length === 1 && rows[0].name === "First");
    assert.equal(await empty.isVisible(), false);
  });
});

test("names, subjects and previews with markup render as text", { timeout: 90_000 }, async () => {
  const attack = "<img src=x onerror=window.__pwned=1>";
  await server.putUser("ivy", "Ivy");
  await server.putUser("jon", `Jon ${attack}`);
  await server.putConversation("ivy-subject", { subject: `S ${attack}`, participants: ["ivy", "jon"] });
  await server.putConversation("ivy-dm", { participants: ["ivy", "jon"] });
  await post("ivy-subject", "jon", `P ${attack}`);
  await post("ivy-dm", "jon", "<script>window.__pwned=2</script>");
  const page = await openList("ivy");
  await withPages([page], async () => {
    const shown = await waitForRows(page, (rows) => rows.length === 2 && rows[0].name.startsWith("Jon"));
    assert.deepEqual(
      shown.map(({ name, preview }) => ({ name, preview })),
      [
        { name: `Jon ${attack}`, preview: "<script>window.__pwned=2</script>" },
        { name: `S ${attack}`, preview: `P ${attack}` },
      ],
    );
    await page.waitForTimeout(500);
    const injected = await page.locator(".ce-dms").evaluate(
      (root) => root.querySelectorAll("img, script, [onerror]").length,
    );
    assert.equal(injected, 0, "no element was created from the text");
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script ran");
  });
});

test("scrolling to the bottom loads more conversations", { timeout: 120_000 }, async () => {
  await server.putUser("kim", "Kim");
  for (let n = 1; n <= 25; n += 1) {
    await server.putConversation(`kim-${n}`, { subject: `Chat ${n}`, participants: ["kim"] });
  }
  const page = await openList("kim", {}, { height: 300 });
  await withPages([page], async () => {
    let shown = await waitForRows(page, (rows) => rows.length === 20);
    await page.waitForTimeout(300);
    assert.equal((await rows(page)).length, 20, "the first window holds 20 rows");
    await page.locator(".ce-dm-list").evaluate((list) => {
      list.scrollTop = list.scrollHeight;
    });
    shown = await waitForRows(page, (rows) => rows.length === 25);
    assert.equal(new Set(shown.map((r) => r.id)).size, 25);
  });
});

test("unmount (and session.destroy) remove the DOM and end the subscriptions; mount errors", { timeout: 90_000 }, async () => {
  await server.putUser("lee", "Lee");
  await server.putUser("max", "Max");
  await server.putConversation("lee-max", { participants: ["lee", "max"] });
  await post("lee-max", "max", "first");
  const page = await openList("lee");
  await withPages([page], async () => {
    await waitForRows(page, (rows) => rows.length === 1 && rows[0].name === "Max");
    // The conversations, and the participants of the conversation without a subject (its name).
    await waitInPage(page, () => {
      const kinds = window.__frames.filter((f) => f.op === "watch").map((f) => f.topic?.kind);
      return kinds.includes("conversations") && kinds.includes("participants");
    });
    await page.evaluate(() => window.list.unmount());
    assert.equal(await page.locator(".ce-dms").count(), 0, "the DOM is gone");
    // Every watch ends.
    await waitInPage(page, () => {
      const ids = (op) => new Set(window.__frames.filter((f) => f.op === op).map((f) => f.watchId));
      const unwatched = ids("unwatch");
      return [...ids("watch")].every((id) => unwatched.has(id));
    });
    await post("lee-max", "max", "second");
    await page.waitForTimeout(500);
    assert.equal(await page.locator(".ce-dms").count(), 0, "nothing comes back with an update");
    assert.equal(await page.evaluate(() => document.getElementById("dms").childElementCount), 0);

    const codes = await page.evaluate(() => {
      const code = (fn) => {
        try {
          fn();
          return "no error";
        } catch (error) {
          return error.code;
        }
      };
      const fresh = window.session.createElement({ type: "dms-list-element" }, {});
      return {
        remount: code(() => window.list.mount("#dms")),
        missing: code(() => fresh.mount("#no-such-container")),
        badOptions: code(() => window.session.createElement("dms-list-element", { emptyState: 5 })),
        unmountAgain: code(() => window.list.unmount()),
      };
    });
    assert.deepEqual(codes, {
      remount: "DESTROYED",
      missing: "CONTAINER_NOT_FOUND",
      badOptions: "INVALID_OPTIONS",
      unmountAgain: "no error",
    });

    // session.destroy() takes a mounted list along.
    await page.evaluate(() => {
      const container = document.createElement("div");
      container.id = "dms-2";
      container.style.height = "300px";
      document.body.append(container);
      window.session.createElement("dms-list-element").mount(container);
    });
    await page.locator('#dms-2 .ce-dms[data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
    await page.evaluate(() => window.session.destroy());
    await page.locator("#dms-2 .ce-dms").waitFor({ state: "detached", timeout: TIMEOUT_MS });
  });
});
