// The search element (`createElement("search-element")`) and the search modal
// (`session.showSearchModal`) in Chromium against a real server: results streamed and highlighted,
// scoping, the cancelable `resultClick` and `close` events, the modal's focus handling and cleanup,
// keyboard-only use, and text from the server that must never become HTML.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import { openSdkPage, startDataServer, waitInPage, withPages } from "./data-helpers.mjs";

const XSS = `<img src=x onerror="window.pwned=1">`;

let browser;
let server;
/** Message ids by conversation, oldest first. */
const sent = { kittens: [], dogs: [] };

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDataServer()]);
  await server.putUser("ann", "Ann");
  await server.putUser("ben", "Ben");
  await server.putUser("eve", XSS);
  await server.putConversation("kittens", { subject: "Kittens", participants: ["ann", "ben"] });
  await server.putConversation("dogs", { subject: "Dogs", participants: ["ann", "ben", "eve"] });
  await server.putConversation("secret", { subject: "Secret", participants: ["ben"] });
  await server.putConversation("evil", { subject: XSS, participants: ["ann", "eve"] });
  for (let i = 1; i <= 24; i += 1) {
    sent.kittens.push((await server.postMessage("kittens", i % 2 ? "ben" : "ann", `Café number ${i}`)).id);
  }
  sent.dogs.push((await server.postMessage("dogs", "ben", "A café in the dog park, recap")).id);
  sent.dogs.push((await server.postMessage("dogs", "ann", "Nothing to find here")).id);
  await server.postMessage("secret", "ben", "Café secret");
  await server.postMessage("evil", "eve", `${XSS} zebra`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A page with the SDK, `window.session` for `userId` (createChatSession), a focusable
 * `#opener` button, an empty `#search` container, and `window.events` recording element events.
 */
async function openSearchPage(userId) {
  const page = await openSdkPage(browser, server);
  await page.evaluate((userId) => {
    document.body.textContent = "";
    const opener = document.createElement("button");
    opener.id = "opener";
    opener.textContent = "Open search";
    const container = document.createElement("div");
    container.id = "search";
    container.style.height = "500px";
    document.body.append(opener, container);
    window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
    window.sessionReady = new Promise((resolve) => window.session.once("ready", resolve));
    window.events = [];
    window.record = (name) => (event) =>
      window.events.push({ name, type: event?.type, detail: event?.detail, cancelable: event?.cancelable });
    // Net count of event listeners on nodes added through addEventListener, for the cleanup checks.
    window.listenerCount = 0;
    window.listeners = new Map(); // "type on target" -> net count, for failure messages
    // Only nodes: Playwright listens on window for its own purposes.
    const note = (target, type, delta) => {
      if (!(target instanceof Node)) return;
      const key = `${type} on ${target.nodeName ?? target.constructor.name}.${target.className ?? ""}`;
      window.listeners.set(key, (window.listeners.get(key) ?? 0) + delta);
      window.listenerCount += delta;
    };
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) {
      note(this, type, 1);
      return add.call(this, type, ...rest);
    };
    EventTarget.prototype.removeEventListener = function (type, ...rest) {
      note(this, type, -1);
      return remove.call(this, type, ...rest);
    };
  }, userId);
  return page;
}

/** Fails on an uncaught error in the page (a throwing listener, a closure called after it was dropped). */
function assertNoPageErrors(page) {
  assert.deepEqual(page.problems.filter((p) => p.startsWith("page error")), []);
}

/** Creates a search element in `#search` with `options` (source of an object expression) as `window.element`. */
async function mountElement(page, optionsSource = "{}") {
  await page.evaluate((source) => {
    // eslint-disable-next-line no-new-func
    const options = new Function(`return (${source})`)();
    window.element = window.session.createElement("search-element", options);
    window.element.on("resultClick", window.record("resultClick"));
    window.element.on("close", window.record("close"));
    window.element.mount("#search");
  }, optionsSource);
  await page.locator(".ce-search[data-state=ready]").waitFor();
}

/** Types `text` into the search box and waits until the search settled (not searching). */
async function search(page, text, scope = ".ce-search") {
  const input = page.locator(`${scope} input.ce-search-input`);
  const sentBefore = await page.evaluate(() => window.__frames.length);
  await input.fill("");
  await input.pressSequentially(text);
  await waitInPage(
    page,
    ({ scope, text, sentBefore }) => {
      const root = document.querySelector(scope);
      const status = root?.getAttribute("data-status");
      return (
        root?.querySelector("input").value === text &&
        (status === "canLoadMore" || status === "loadedAll" || status === "failed") &&
        window.__frames.slice(sentBefore).some((f) => f.op === "searchMessages" && f.query === text.trim())
      );
    },
    { scope, text, sentBefore },
  );
}

/** The results shown: `{ text, marks, sender, subject, conversation, message, time }` per row. */
function rows(page, scope = ".ce-search") {
  return page.evaluate((scope) =>
    [...document.querySelectorAll(`${scope} .ce-search-result`)].map((row) => ({
      text: row.querySelector(".ce-search-result-text").textContent,
      marks: [...row.querySelectorAll("mark")].map((m) => m.textContent),
      sender: row.querySelector(".ce-search-result-sender").textContent,
      subject: row.querySelector(".ce-search-result-subject").textContent,
      conversation: row.dataset.conversationId,
      message: row.dataset.messageId,
      time: row.querySelector("time")?.getAttribute("datetime") ?? null,
    })),
  scope);
}

test("typed queries stream highlighted results, then load more; debounced; an empty state", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await mountElement(page);
    const a11y = await page.evaluate(() => {
      const input = document.querySelector(".ce-search-input");
      const label = document.querySelector(`label[for="${input.id}"]`);
      const status = document.querySelector(".ce-search-status");
      return {
        label: label?.textContent,
        role: status.getAttribute("role"),
        live: status.getAttribute("aria-live"),
        searchRole: document.querySelector(".ce-search").getAttribute("role"),
      };
    });
    assert.deepEqual(a11y, { label: "Search messages", role: "status", live: "polite", searchRole: "search" });

    // Record how the list and the status line change while the results come in.
    await page.evaluate(() => {
      window.seen = [];
      const root = document.querySelector(".ce-search");
      new MutationObserver(() => {
        window.seen.push({
          rows: root.querySelectorAll(".ce-search-result").length,
          status: root.querySelector(".ce-search-status").textContent,
        });
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    // Keystrokes in quick succession (one task, so no timing depends on the machine's load).
    await page.evaluate(() => {
      const input = document.querySelector(".ce-search-input");
      for (const char of "CAFE num") {
        input.value += char;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, data: char, inputType: "insertText" }));
      }
    });
    await page.locator(".ce-search[data-status=canLoadMore]").waitFor();
    const queries = await page.evaluate(() => window.__frames.filter((f) => f.op === "searchMessages").map((f) => f.query));
    assert.deepEqual([...new Set(queries)], ["CAFE num"], "typing is debounced: only the whole query is searched");

    const seen = await page.evaluate(() => window.seen);
    assert.ok(seen.some((s) => s.status === "Searching…"), "the status line says it is searching");
    assert.ok(seen.some((s) => s.rows === 3 && s.status === "Searching…"), "the first page shows while more load");
    const shown = await rows(page);
    assert.equal(shown.length, 20);
    assert.equal(await page.locator(".ce-search-status").textContent(), "20+ results");
    assert.deepEqual(shown[0].marks, ["Café", "num"], "accent- and case-insensitive prefix matches are marked");
    assert.equal(shown[0].text, "Café number 24");
    assert.deepEqual(
      { sender: shown[0].sender, subject: shown[0].subject, conversation: shown[0].conversation, message: shown[0].message },
      { sender: "Ann", subject: "Kittens", conversation: "kittens", message: sent.kittens[23] },
    );
    assert.ok(Number.isFinite(Date.parse(shown[0].time)), "a <time> with an ISO datetime");
    assert.equal(shown[1].sender, "Ben");

    // "Load more": the rest; the focus goes to the first new result.
    const more = page.locator("button.ce-search-more");
    await more.click();
    await page.locator(".ce-search[data-status=loadedAll]").waitFor();
    const all = await rows(page);
    assert.equal(all.length, 24);
    assert.ok(all.every((r) => r.conversation === "kittens"), "'num' only matches the kittens messages");
    assert.equal(await more.isVisible(), false);
    assert.equal(await page.locator(".ce-search-status").textContent(), "24 results");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.index), "20");

    // Words are prefixes of words: "cap" does not mark "recap", "caf" marks "café".
    await search(page, "caf");
    const caf = await rows(page);
    assert.ok(caf.every((r) => r.conversation !== "secret"), "nothing from a conversation Ann is not in");
    const dogs = caf.find((r) => r.conversation === "dogs");
    assert.deepEqual(dogs.marks, ["caf"], "the matching prefix is marked");
    await search(page, "cap");
    assert.equal(await page.locator(".ce-search-result").count(), 0);
    assert.equal(await page.locator(".ce-search-empty").isVisible(), true, "the empty state shows");
    assert.equal(await page.locator(".ce-search-status").textContent(), "No results");
    await search(page, "recap");
    assert.deepEqual((await rows(page)).map((r) => r.marks), [["recap"]]);
    assert.equal(await page.locator(".ce-search-empty").isVisible(), false);
    assertNoPageErrors(page);
  });
});

test("channelId scopes the search; updateOptions({ channelId }) searches again in the new scope", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    const errors = await page.evaluate(() => {
      const code = (fn) => {
        try {
          fn();
          return "ok";
        } catch (error) {
          return error.code;
        }
      };
      const byObject = window.session.createElement({ type: "search-element" });
      return {
        badChannel: code(() => window.session.createElement("search-element", { channelId: 5 })),
        badCallback: code(() => window.session.createElement("search-element", { onResultClick: "x" })),
        noContainer: code(() => byObject.mount("#nowhere")),
        modal: code(() => window.session.showSearchModal({ onClose: 1 })),
        leftovers: document.querySelectorAll(".ce-modal-backdrop, .ce-search").length,
        modalAfter: (window.modal = window.session.showSearchModal(() => ({}))) !== undefined,
      };
    });
    assert.deepEqual(errors, {
      badChannel: "INVALID_OPTIONS",
      badCallback: "INVALID_OPTIONS",
      noContainer: "CONTAINER_NOT_FOUND",
      modal: "INVALID_OPTIONS",
      leftovers: 0,
      modalAfter: true,
    });
    await page.evaluate(() => window.modal.close());

    await mountElement(page, `{ channelId: "dogs" }`);
    await search(page, "café");
    assert.deepEqual((await rows(page)).map((r) => r.conversation), ["dogs"]);
    const frame = await page.evaluate(() => window.__frames.findLast((f) => f.op === "searchMessages"));
    assert.equal(frame.conversationId, "dogs");

    await page.evaluate(() => window.element.updateOptions({ channelId: "kittens" }));
    await waitInPage(page, () => document.querySelectorAll(".ce-search-result[data-conversation-id=kittens]").length === 20);
    assert.ok((await rows(page)).every((r) => r.conversation === "kittens"));
    assert.equal(await page.evaluate(() => window.element.options.channelId), "kittens");

    // A conversation Ann is not in: the failure is shown and reported, not thrown.
    await page.evaluate(() => {
      window.errors = [];
      window.element.on("error", (error) => window.errors.push(error.code));
      window.element.updateOptions({ channelId: "secret" });
    });
    await page.locator(".ce-search[data-status=failed]").waitFor();
    assert.deepEqual(await page.evaluate(() => window.errors), ["FORBIDDEN"]);
    assert.match(await page.locator(".ce-search-status").textContent(), /^Search failed/);
    assertNoPageErrors(page);
  });
});

test("resultClick carries the ids and unmounts unless prevented; close and Escape likewise", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await mountElement(page, `{ onResultClick: (ev) => window.events.push({ name: "onResultClick", detail: ev.detail }) }`);
    await search(page, "park");
    const [row] = await rows(page);
    await page.locator(".ce-search-result").first().click();
    const events = await page.evaluate(() => window.events);
    const expected = { messageId: sent.dogs[0], channelId: "dogs", conversationId: "dogs" };
    assert.deepEqual(events, [
      { name: "resultClick", type: "resultClick", detail: expected, cancelable: true },
      { name: "onResultClick", detail: expected },
    ]);
    assert.equal(row.message, sent.dogs[0]);
    assert.equal(await page.evaluate(() => document.querySelector("#search").childElementCount), 0, "unmounted");
    // An unmounted element cannot be mounted again.
    assert.equal(
      await page.evaluate(() => {
        try {
          window.element.mount("#search");
          return "mounted";
        } catch (error) {
          return error.code;
        }
      }),
      "DESTROYED",
    );

    // preventDefault in a listener keeps it mounted; Enter on a result also picks it.
    await page.evaluate(() => (window.events = []));
    await mountElement(page);
    await page.evaluate(() => window.element.on("resultClick", (ev) => ev.preventDefault()));
    await search(page, "park");
    await page.locator(".ce-search-result").first().click();
    await page.locator(".ce-search-result").first().press("Enter");
    assert.equal(await page.evaluate(() => window.events.filter((e) => e.name === "resultClick").length), 2);
    assert.equal(await page.locator("#search .ce-search").count(), 1, "still mounted");

    // close: preventDefault in onClose keeps it; otherwise the close button and Escape unmount it.
    await page.evaluate(() => {
      window.keepOpen = true;
      window.element.updateOptions({ onClose: (ev) => window.keepOpen && ev.preventDefault() });
    });
    await page.locator("button.ce-search-close").click();
    await page.locator("input.ce-search-input").press("Escape");
    let closes = await page.evaluate(() => window.events.filter((e) => e.name === "close"));
    assert.equal(closes.length, 2);
    assert.equal(await page.locator("#search .ce-search").count(), 1, "prevented: still mounted");
    assert.equal(await page.evaluate(() => {
      let same = false;
      window.element.once("close", (ev) => (same = ev.detail === window.element));
      window.keepOpen = false;
      document.querySelector(".ce-search-input").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
      return same;
    }), true, "close's detail is the element");
    assert.equal(await page.locator("#search .ce-search").count(), 0, "Escape unmounted it");

    await page.evaluate(() => (window.keepOpen = false));
    await mountElement(page, `{ onClose: () => {} }`);
    await page.locator("button.ce-search-close").click();
    assert.equal(await page.locator("#search .ce-search").count(), 0, "the close button unmounted it");
    assertNoPageErrors(page);
  });
});

/** The open modals' dialogs. */
function dialogs(page) {
  return page.evaluate(() => document.querySelectorAll('[role=dialog][aria-modal=true]').length);
}

test("showSearchModal: the container, one modal at a time, focus trapped and restored, Escape and backdrop close, no leftovers", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await page.evaluate(() => window.sessionReady);
    await page.focus("#opener");
    const baseline = await page.evaluate(() => window.listenerCount);
    const shape = await page.evaluate(() => {
      window.modal = window.session.showSearchModal({});
      const m = window.modal;
      const again = window.session.showSearchModal({});
      return {
        container: m.modalContainer instanceof HTMLElement,
        inBody: document.body.contains(m.modalContainer),
        role: m.modalContainer.getAttribute("role"),
        label: m.modalContainer.getAttribute("aria-label"),
        mount: typeof m.mount,
        close: typeof m.close,
        again: again === undefined,
        hasElement: m.modalContainer.querySelector(".ce-search") !== null,
        focusInside: m.modalContainer.contains(document.activeElement),
        focused: document.activeElement.className,
      };
    });
    assert.deepEqual(shape, {
      container: true,
      inBody: true,
      role: "dialog",
      label: "Search messages",
      mount: "function",
      close: "function",
      again: true,
      hasElement: true,
      focusInside: true,
      focused: "ce-search-input",
    });
    assert.equal(await dialogs(page), 1);

    // Tab and Shift+Tab never leave the dialog.
    await search(page, "park", ".ce-modal .ce-search");
    const focusPath = [];
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press("Tab");
      focusPath.push(await page.evaluate(() => window.modal.modalContainer.contains(document.activeElement) && document.activeElement.className));
    }
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press("Shift+Tab");
      focusPath.push(await page.evaluate(() => window.modal.modalContainer.contains(document.activeElement) && document.activeElement.className));
    }
    assert.ok(focusPath.every(Boolean), `focus stayed inside: ${focusPath}`);
    assert.ok(focusPath.includes("ce-search-result") && focusPath.includes("ce-search-close"));
    // Focus moved out by a script comes back.
    await page.evaluate(() => document.querySelector("#opener").focus());
    await waitInPage(page, () => window.modal.modalContainer.contains(document.activeElement));

    // Escape closes it, and the focus goes back to the opener.
    await page.keyboard.press("Escape");
    assert.equal(await dialogs(page), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), "opener");
    assert.equal(await page.evaluate(() => document.querySelectorAll(".ce-modal-backdrop, .ce-search").length), 0);
    assert.equal(
      await page.evaluate(() => window.listenerCount),
      baseline,
      `every listener was removed: ${await page.evaluate(() => JSON.stringify([...window.listeners].filter(([, n]) => n)))}`,
    );

    // mount() opens it again; a click on the backdrop closes it.
    await page.evaluate(() => window.modal.mount());
    assert.equal(await dialogs(page), 1);
    await page.mouse.click(5, 5);
    assert.equal(await dialogs(page), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), "opener");

    // force: the open modal closes and a new one opens.
    const forced = await page.evaluate(() => {
      const first = window.session.showSearchModal({});
      const second = window.session.showSearchModal({}, true);
      return { different: first !== second && second !== undefined, firstGone: !first.modalContainer.isConnected };
    });
    assert.deepEqual(forced, { different: true, firstGone: true });
    assert.equal(await dialogs(page), 1);
    // destroy() closes it too.
    await page.evaluate(() => window.session.destroy());
    assert.equal(await dialogs(page), 0);
    assert.equal(await page.evaluate(() => window.listenerCount), baseline);
    assertNoPageErrors(page);
  });
});

test("showSearchModal with a callback: preventDefault keeps it open; close() and an allowed resultClick close it", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await page.focus("#opener");
    await page.evaluate(() => {
      window.allow = false;
      window.modal = window.session.showSearchModal((modal) => {
        window.received = modal;
        return {
          onClose: (ev) => window.allow || ev.preventDefault(),
          onResultClick: (ev) => {
            window.events.push({ name: "picked", detail: ev.detail });
            if (!window.allow) ev.preventDefault();
          },
        };
      });
    });
    assert.equal(await page.evaluate(() => window.received === window.modal), true, "the callback gets the modal");
    await page.keyboard.press("Escape");
    await page.mouse.click(5, 5);
    await page.locator(".ce-modal button.ce-search-close").click();
    assert.equal(await dialogs(page), 1, "prevented: still open");
    await search(page, "park", ".ce-modal .ce-search");
    await page.locator(".ce-modal .ce-search-result").first().click();
    assert.equal(await dialogs(page), 1);
    assert.deepEqual(await page.evaluate(() => window.events.map((e) => e.detail.messageId)), [sent.dogs[0]]);

    await page.evaluate(() => window.modal.close());
    assert.equal(await dialogs(page), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), "opener");

    await page.evaluate(() => {
      window.allow = true;
      window.modal.mount();
    });
    await search(page, "park", ".ce-modal .ce-search");
    await page.locator(".ce-modal .ce-search-result").first().click();
    assert.equal(await dialogs(page), 0, "an allowed resultClick closes the modal");
    assert.equal(await page.evaluate(() => window.events.length), 2);
    assertNoPageErrors(page);
  });
});

test("keyboard only: open, type, arrows through the results with a visible focus, Enter picks", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await page.evaluate(() => {
      document.querySelector("#opener").addEventListener("click", () => {
        window.session.showSearchModal({
          onResultClick: (ev) => window.events.push({ name: "picked", detail: ev.detail }),
        });
      });
    });
    await page.focus("#opener");
    await page.keyboard.press("Enter");
    await page.locator(".ce-modal").waitFor();
    await page.keyboard.type("café");
    // Settled on the whole word (a slow machine may have searched a part of it first).
    await waitInPage(
      page,
      () =>
        document.querySelector(".ce-modal .ce-search")?.getAttribute("data-status") === "canLoadMore" &&
        document.activeElement.value === "café" &&
        window.__frames.some((f) => f.op === "searchMessages" && f.query === "café"),
    );
    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return { index: el.dataset.index ?? el.className, outline: getComputedStyle(el).outlineStyle };
      });
    await page.keyboard.press("ArrowDown");
    assert.deepEqual(await active(), { index: "0", outline: "solid" }, "the first result has a visible focus");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal((await active()).index, "2");
    await page.keyboard.press("ArrowUp");
    assert.equal((await active()).index, "1");
    await page.keyboard.press("End");
    assert.equal((await active()).index, "19");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowUp");
    assert.equal((await active()).index, "ce-search-input");
    await page.keyboard.press("Tab");
    assert.equal((await active()).index, "0", "Tab also reaches the results");
    await page.keyboard.press("ArrowDown");
    const picked = await page.evaluate(() => document.activeElement.dataset.messageId);
    await page.keyboard.press("Enter");
    assert.equal(await dialogs(page), 0);
    assert.deepEqual(await page.evaluate(() => window.events.map((e) => e.detail.messageId)), [picked]);
    assert.equal(await page.evaluate(() => document.activeElement.id), "opener", "focus is back on the opener");
    assertNoPageErrors(page);
  });
});

test("names, subjects and message texts from the server render as text, never as HTML", { timeout: 90_000 }, async () => {
  const page = await openSearchPage("ann");
  await withPages([page], async () => {
    await mountElement(page);
    await search(page, "zebra");
    const [row] = await rows(page);
    assert.deepEqual(
      { sender: row.sender, subject: row.subject, text: row.text, marks: row.marks },
      { sender: XSS, subject: XSS, text: `${XSS} zebra`, marks: ["zebra"] },
    );
    await search(page, "img");
    const [img] = await rows(page);
    assert.deepEqual(img.marks, ["img"]);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.querySelectorAll(".ce-search img").length), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assertNoPageErrors(page);
  });
});
