// Whatever people type is shown as text: markup in a message never becomes page content, nor do
// script/HTML payloads in user names, conversation subjects, file names, link URLs (`javascript:`
// stays text) or mentions, in any element (chat in both layouts, dms list, search) or the modal.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openSdkPage, startDataServer, withPages } from "./data-helpers.mjs";
import {
  TIMEOUT_MS,
  describeProblems,
  launchBrowser,
  openPage,
  sendMessage,
  waitForChatReady,
  waitForSentMessage,
  useServerAndBrowser,
} from "./helpers.mjs";

const env = useServerAndBrowser();

test("markup in messages shows as literal text and never runs", { timeout: 90_000 }, async () => {
  // Pages without a Content-Security-Policy (the demo's chat.html has one, which would block inline
  // handlers by itself): only the SDK's rendering stands between the text and the DOM. Alice uses
  // the ES module build (seed.html: the default user), Bob the script-tag build.
  const alice = await openPage(env.browser, `${env.server.url}/examples/seed.html`);
  const bob = await openPage(env.browser, `${env.server.url}/examples/script-tag.html`);
  const attacks = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '<svg onload="alert(3)"></svg><a href="javascript:alert(4)">click</a>',
  ];
  try {
    await waitForChatReady(alice);
    await waitForChatReady(bob);
    for (const text of attacks) {
      await sendMessage(alice, text);
      await waitForSentMessage(alice, text);
      await waitForSentMessage(bob, text);
    }
    // Give a broken image time to fail and an injected handler time to run, then look.
    await bob.reload();
    await waitForChatReady(bob);
    for (const text of attacks) await waitForSentMessage(bob, text);
    await Promise.all([alice.waitForTimeout(1000), bob.waitForTimeout(1000)]);

    for (const [name, page] of [["alice", alice], ["bob", bob]]) {
      const texts = await page.locator(".ce-messages .ce-message-text").allTextContents();
      for (const text of attacks) assert.ok(texts.includes(text), `${name} sees ${text} literally`);
      const injected = await page.locator(".ce-messages").evaluate(
        (list) => list.querySelectorAll("img, script, svg, iframe, a[href^='javascript:'], [onerror], [onload]").length,
      );
      assert.equal(injected, 0, `${name}: no element was created from message text`);
      assert.deepEqual(page.dialogs, [], `${name}: no dialog opened`);
    }
  } catch (error) {
    error.message += describeProblems(alice, bob);
    throw error;
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

/** Elements that payloads could have created inside the SDK's roots (our own images excepted). */
function injectedElements(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".ce-root")].flatMap((root) =>
      [
        ...root.querySelectorAll(
          "script, svg, iframe, object, embed, b, u, [onerror], [onload], [onclick], [onmouseover], " +
            "a[href^='javascript:' i], img:not(.ce-avatar-img):not(.ce-image), [src^='javascript:' i]",
        ),
      ].map((el) => el.outerHTML.slice(0, 120)),
    ),
  );
}

test("payloads in names, subjects, file names, link URLs and mentions stay text in every element", { timeout: 150_000 }, async () => {
  const server = await startDataServer();
  const browser = await launchBrowser();
  const xss = (tag) => `<img src=x onerror=alert('${tag}')><script>alert('${tag}')</script><b>${tag}</b>`;
  const names = { evil: xss("name"), subject: `<svg onload=alert('subject')></svg>${xss("subject")}` };
  try {
    await server.putUser("evil", names.evil);
    await server.putUser("vic", "Vic");
    await server.putConversation("xss", { subject: names.subject, participants: ["evil", "vic"] });
    // No subject: the dms list names it after its participants.
    await server.putConversation("xss-dm", { participants: ["evil", "vic"] });
    await server.postMessage("xss-dm", "evil", "café in the dm");

    // Evil sends a hostile file name, javascript: links and a mention of themselves.
    const sender = await openSdkPage(browser, server);
    await withPages([sender], async () => {
      await sender.evaluate(async (xss) => {
        const session = window.SDK.getTalkSession({ appId: "demo", userId: "evil" });
        session.onNeedToken = async () => session.setToken(await window.mintToken("evil"));
        const file = await session.uploadFile(new Blob(["data"], { type: "text/plain" }), { filename: `${xss}.txt` });
        const conversation = session.conversation("xss");
        await conversation.send({ content: [{ type: "file", fileToken: file }] });
        await conversation.send("café [click](javascript:alert('link')) javascript:alert('auto') @evil " + xss);
        await conversation.send("café <a href=\"javascript:alert('a')\">a</a> [x](JaVaScRiPt:alert('case'))");
      }, xss("file"));
    });

    for (const style of ["imessage", "discord"]) {
      const page = await openSdkPage(browser, server);
      await withPages([page], async () => {
        await page.setViewportSize({ width: 1400, height: 800 });
        await page.evaluate((style) => {
          for (const id of ["dms", "search", "chat"]) {
            const container = document.createElement("div");
            container.id = id;
            container.style.cssText = "width:400px;height:600px;display:inline-block";
            document.body.append(container);
          }
          window.session = window.SDK.createChatSession({ token: () => window.mintToken("vic") });
          window.session.createElement("dms-list-element", {}).mount("#dms");
          window.session.createElement("search-element", {}).mount("#search");
          window.session.createElement("chat-element", { channelId: "xss", style }).mount("#chat");
        }, style);
        await page.locator(".ce-chat .ce-mention").first().waitFor({ timeout: TIMEOUT_MS });
        await page.locator(".ce-dms .ce-dm-row").nth(1).waitFor({ timeout: TIMEOUT_MS });
        const search = async (scope) => {
          const input = page.locator(`${scope} .ce-search-input`);
          await input.fill("café");
          await input.press("Enter");
          await page.locator(`${scope} .ce-search-result`).first().waitFor({ timeout: TIMEOUT_MS });
          await page.locator(`${scope} .ce-search-status`).filter({ hasText: /result/ }).waitFor({ timeout: TIMEOUT_MS });
        };
        await search("#search");
        await page.evaluate(() => window.session.showSearchModal({}));
        await search(".ce-modal");
        // Give broken images time to fail and injected handlers time to run.
        await page.waitForTimeout(1000);

        const chat = page.locator(".ce-chat");
        // Names (sender, avatar initials aside), the mention, the file name and the links are text.
        assert.ok((await chat.locator(".ce-message-sender").allTextContents()).includes(names.evil));
        assert.equal(await chat.locator(".ce-mention").first().textContent(), names.evil);
        assert.equal(await chat.locator(".ce-file-name").textContent(), `${xss("file")}.txt`);
        const text = await chat.locator(".ce-messages").textContent();
        assert.ok(text.includes("[click](javascript:alert('link'))"), "the javascript: link stays text");
        assert.ok(text.includes("javascript:alert('auto')"), "no autolink for javascript:");
        assert.ok(text.includes("[x](JaVaScRiPt:alert('case'))"));
        assert.equal(await chat.locator("a.ce-link").count(), 0, "no link element at all");
        // The dms list shows the subject and the participant's name literally.
        const rows = await page.locator(".ce-dms .ce-dm-name").allTextContents();
        assert.ok(rows.includes(names.subject), `dms list: ${rows}`);
        assert.ok(rows.includes(names.evil), `dms list: ${rows}`);
        // Search results (element and modal) show them literally too.
        for (const scope of ["#search", ".ce-modal"]) {
          const results = await page.locator(`${scope} .ce-search-results`).textContent();
          assert.ok(results.includes(names.subject) || results.includes(names.evil), `${scope} shows the payloads as text`);
        }
        assert.deepEqual(await injectedElements(page), [], `${style}: no element was created from a payload`);
        assert.deepEqual(page.dialogs, [], `${style}: no dialog opened`);
        assert.deepEqual(page.problems.filter((p) => /alert|ReferenceError/.test(p)), []);
      });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});
