// The embedding examples work as a developer would copy them: the quick-start module and a plain
// page with a script tag.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  TIMEOUT_MS,
  describeProblems,
  newPage,
  sendMessage,
  uniqueText,
  waitForChatReady,
  waitForSentMessage,
  useServerAndBrowser,
} from "./helpers.mjs";

const env = useServerAndBrowser();

/** Opens `path` and returns the page with a promise of its "Session is ready" log line. */
async function openExpectingReadyLog(path) {
  const page = await newPage(env.browser);
  const ready = page.waitForEvent("console", {
    predicate: (message) => message.text() === "Session is ready",
    timeout: TIMEOUT_MS,
  });
  ready.catch(() => {}); // awaited by the test; a rejection before that is not unhandled
  await page.goto(`${env.server.url}${path}`);
  return { page, ready };
}

test("the quick-start example works as written", { timeout: 90_000 }, async () => {
  const { page, ready } = await openExpectingReadyLog("/examples/seed.html");
  try {
    await ready;
    await waitForChatReady(page.locator("#chat-container"));
    const text = uniqueText("Hello from the quick start");
    await sendMessage(page, text);
    const message = await waitForSentMessage(page, text);
    // /api/token without a user gives the demo's default user, Alice.
    assert.equal(await message.getAttribute("data-sender-id"), "alice");
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});

test("the script-tag example works in a plain HTML page", { timeout: 90_000 }, async () => {
  const { page, ready } = await openExpectingReadyLog("/examples/script-tag.html");
  try {
    assert.equal(await page.evaluate(() => typeof window.ChatElements?.createChatSession), "function");
    assert.equal(await page.locator('script[type="module"]').count(), 0, "the page uses no modules");
    await ready;
    await waitForChatReady(page.locator("#chat-container"));
    const text = uniqueText("Hello from a script tag");
    await sendMessage(page, text);
    const message = await waitForSentMessage(page, text);
    assert.equal(await message.getAttribute("data-sender-id"), "bob");
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
