// The demo site as two people use it: messages travel live between Alice and Bob and stay after a reload.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describeProblems,
  openPage,
  sendMessage,
  uniqueText,
  waitForChatReady,
  waitForSentMessage,
  useServerAndBrowser,
} from "./helpers.mjs";

const env = useServerAndBrowser();

test("Alice and Bob exchange messages live in the two-pane demo", { timeout: 90_000 }, async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  const alice = page.frameLocator('iframe[src="chat.html?user=alice"]');
  const bob = page.frameLocator('iframe[src="chat.html?user=bob"]');
  try {
    await waitForChatReady(alice);
    await waitForChatReady(bob);

    const hello = uniqueText("Hi Bob, it's Alice");
    await sendMessage(alice, hello);
    await waitForSentMessage(alice, hello);
    await waitForSentMessage(bob, hello);
    assert.equal(await alice.locator("textarea.ce-composer-input").inputValue(), "", "the composer is cleared after sending");

    const reply = uniqueText("Hello Alice, Bob here");
    await sendMessage(bob, reply);
    await waitForSentMessage(bob, reply);
    await waitForSentMessage(alice, reply);

    // Each side shows both messages, in the order they were sent, each attributed to its sender.
    for (const [name, frame] of [["alice", alice], ["bob", bob]]) {
      const texts = await frame.locator(".ce-messages .ce-message .ce-message-text").allTextContents();
      assert.ok(texts.indexOf(hello) >= 0 && texts.indexOf(hello) < texts.indexOf(reply), `${name} sees both in order: ${texts}`);
    }
    const helloAtBob = bob.locator(".ce-messages .ce-message", { hasText: hello });
    assert.equal(await helloAtBob.getAttribute("data-sender-id"), "alice");
    assert.equal(await helloAtBob.locator(".ce-message-sender").textContent(), "Alice");
    assert.ok(!(await helloAtBob.getAttribute("class")).split(/\s+/).includes("ce-own"), "Alice's message is not Bob's own");
    const helloAtAlice = alice.locator(".ce-messages .ce-message", { hasText: hello });
    assert.ok((await helloAtAlice.getAttribute("class")).split(/\s+/).includes("ce-own"), "Alice's message is her own");
    assert.match(await helloAtAlice.getAttribute("data-message-id"), /^msg_/);
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});

test("the history is still there after Bob reloads his page", { timeout: 90_000 }, async () => {
  const alice = await openPage(env.browser, `${env.server.url}/chat.html?user=alice`);
  const bob = await openPage(env.browser, `${env.server.url}/chat.html?user=bob`);
  try {
    await waitForChatReady(alice);
    await waitForChatReady(bob);
    const first = uniqueText("Written before the reload");
    const second = uniqueText("Also before the reload");
    await sendMessage(alice, first);
    await waitForSentMessage(alice, first);
    await sendMessage(bob, second);
    await waitForSentMessage(bob, second);
    await waitForSentMessage(bob, first);

    await bob.reload();
    await waitForChatReady(bob);
    await waitForSentMessage(bob, first);
    await waitForSentMessage(bob, second);
    const texts = await bob.locator(".ce-messages .ce-message .ce-message-text").allTextContents();
    assert.ok(texts.indexOf(first) < texts.indexOf(second), `oldest first after the reload: ${texts}`);
    assert.equal(texts.filter((t) => t === first).length, 1, "no message is shown twice");
  } catch (error) {
    error.message += describeProblems(alice, bob);
    throw error;
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test("the demo's search button opens the search modal and its theme switch restyles every element", { timeout: 90_000 }, async () => {
  const page = await openPage(env.browser, `${env.server.url}/chat.html?user=alice`);
  try {
    await waitForChatReady(page);
    const word = uniqueText("Searchable").replace(/\W+/g, "");
    await sendMessage(page, `a note about ${word}`);
    await waitForSentMessage(page, `a note about ${word}`);

    await page.getByRole("button", { name: "Search" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor({ timeout: 15_000 });
    await page.locator(".ce-search-input").fill(word);
    const result = page.locator(".ce-search-result", { hasText: word });
    await result.first().waitFor({ timeout: 15_000 });
    await result.first().click();
    await dialog.waitFor({ state: "detached", timeout: 15_000 });
    await waitForSentMessage(page, `a note about ${word}`);

    const themes = () =>
      page.evaluate(() => [...document.querySelectorAll(".ce-root")].map((el) => el.getAttribute("data-ce-theme")));
    assert.deepEqual([...new Set(await themes())], ["light"]);
    await page.getByLabel("Theme").selectOption("dark");
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".ce-root")].every((el) => el.getAttribute("data-ce-theme") === "dark"),
    );
    assert.ok((await themes()).length >= 2, "the chat and the conversation list are both restyled");
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
