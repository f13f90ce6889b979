// User text that carries bidi overrides or control characters cannot reorder or spoof the UI
// around it, in Chromium: message text, names in rows, the DMs list and the typing sentence are
// isolated (`dir="auto"` / `<bdi>`, `unicode-bidi: isolate`), and C0 control characters show as
// U+FFFD. The typing test measures where the browser draws the words after an overriding name.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import { openSessionPage, startDataServer, waitInPage, withPages } from "./data-helpers.mjs";
import { TIMEOUT_MS, openChat, setupConversation } from "./chat-composer-helpers.mjs";

const RLO = "\u202E";
const BELL = "\u0007";

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

test("names and message text with overrides and controls are isolated and neutralised", { timeout: 90_000 }, async () => {
  const ids = await setupConversation(server, "bidi", { ann: "Ann", ben: `Ben${RLO} (admin)` });
  await server.postMessage(ids.conv, ids.ben, `pay ${RLO}evil${BELL} now`);
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openSessionPage(browser, server, ids.ben);
  await withPages([ann, ben], async () => {
    const row = ann.locator(".ce-message", { hasText: "evil" });
    await row.waitFor({ timeout: TIMEOUT_MS });
    const shown = await row.evaluate((row) => {
      const isolated = (el) => ({ dir: el.getAttribute("dir"), bidi: getComputedStyle(el).unicodeBidi, text: el.textContent });
      return {
        text: isolated(row.querySelector(".ce-message-text")),
        sender: isolated(row.querySelector(".ce-message-sender")),
      };
    });
    assert.deepEqual(shown.text, { dir: "auto", bidi: "isolate", text: `pay ${RLO}evil\uFFFD now` });
    assert.deepEqual(shown.sender, { dir: "auto", bidi: "isolate", text: `Ben${RLO} (admin)` });

    // The DMs list shows the same name and preview isolated.
    await ann.evaluate(() => {
      const container = document.createElement("div");
      container.id = "dms";
      container.style.cssText = "width:320px;height:300px";
      document.body.append(container);
      window.session.createElement("dms-list-element", {}).mount("#dms");
    });
    const preview = ann.locator("#dms .ce-dm-preview", { hasText: "evil" });
    await preview.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await preview.getAttribute("dir"), "auto");
    assert.equal(await preview.evaluate((el) => getComputedStyle(el).unicodeBidi), "isolate");
    assert.doesNotMatch(await preview.textContent(), new RegExp(BELL));

    // Ben types: his name is in its own <bdi>, and the words after it are drawn in order,
    // left to right, although the name ends in an override.
    await ben.evaluate((conv) => window.session.conversation(conv).markAsTyping(), ids.conv);
    const typing = ann.locator(".ce-typing", { hasText: "is typing" });
    await typing.waitFor({ timeout: TIMEOUT_MS });
    const sentence = await typing.evaluate((el) => {
      const bdi = el.querySelector("bdi");
      const tail = bdi.nextSibling; // " is typing…"
      const x = (offset) => {
        const range = document.createRange();
        range.setStart(tail, offset);
        range.setEnd(tail, offset + 1);
        return range.getBoundingClientRect().left;
      };
      return {
        text: el.textContent,
        name: bdi.textContent,
        bidi: getComputedStyle(bdi).unicodeBidi,
        tail: tail.textContent,
        // "i" of "is" and "g" of "typing": left to right when the override stays in the name.
        inOrder: x(1) < x(tail.textContent.indexOf("g")),
        afterName: bdi.getBoundingClientRect().right <= x(1) + 0.5,
      };
    });
    assert.equal(sentence.text, `Ben${RLO} (admin) is typing…`);
    assert.equal(sentence.name, `Ben${RLO} (admin)`);
    assert.equal(sentence.bidi, "isolate");
    assert.equal(sentence.tail, " is typing…");
    assert.equal(sentence.inOrder, true, "the words after the name are not reversed");
    assert.equal(sentence.afterName, true, "the words after the name are drawn after it");
  });
});
