// Whatever people type is shown as text: markup in a message never becomes page content.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describeProblems,
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
