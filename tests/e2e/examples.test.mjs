// The embedding examples work as a developer would copy them: the quick-start module and plain
// pages with a script tag (the loader, and the single file with the WebAssembly inlined).
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

for (const [name, path, script] of [
  ["the script-tag loader", "/examples/script-tag.html", "/pkg/chat-elements.js"],
  ["the single-file script tag", "/examples/script-tag-single-file.html", "/pkg/chat-elements.iife.js"],
]) {
  test(`${name} example works in a plain HTML page`, { timeout: 90_000 }, async () => {
    const requested = [];
    const page = await newPage(env.browser);
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    const ready = page.waitForEvent("console", {
      predicate: (message) => message.text() === "Session is ready",
      timeout: TIMEOUT_MS,
    });
    ready.catch(() => {});
    try {
      await page.goto(`${env.server.url}${path}`);
      assert.equal(await page.evaluate(() => typeof window.ChatElements?.createChatSession), "function");
      assert.equal(await page.locator('script[type="module"]').count(), 0, "the page uses no modules");
      await ready;
      await waitForChatReady(page.locator("#chat-container"));
      const text = uniqueText(`Hello from ${name}`);
      await sendMessage(page, text);
      const message = await waitForSentMessage(page, text);
      assert.equal(await message.getAttribute("data-sender-id"), "bob");
      const sdkFiles = requested.filter((p) => p.startsWith("/pkg/"));
      const wasm = script.endsWith(".iife.js") ? [] : ["/pkg/chat_elements_bg.wasm"];
      assert.deepEqual(sdkFiles.sort(), [script, ...wasm].sort(), "what the page loads of the SDK");
    } catch (error) {
      error.message += describeProblems(page);
      throw error;
    } finally {
      await page.context().close();
    }
  });
}

test("the loader's functions say NOT_READY until ChatElements.ready resolves", { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser);
  // The WebAssembly is held back until the page has tried the SDK too early.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/pkg/chat_elements_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  try {
    await page.goto(`${env.server.url}/healthz`);
    const early = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.src = "/pkg/chat-elements.js";
      const loaded = new Promise((resolve) => (script.onload = resolve));
      document.head.append(script);
      await loaded;
      try {
        window.ChatElements.createChatSession({ token: "t" });
        return "created";
      } catch (error) {
        return { name: error.name, code: error.code };
      }
    });
    assert.deepEqual(early, { name: "ChatElementsError", code: "NOT_READY" });
    release();
    const result = await page.evaluate(async () => {
      const resolved = await window.ChatElements.ready;
      const root = new window.ChatElements({ locale: "de" });
      return { same: resolved === window.ChatElements, locale: root.options.locale };
    });
    assert.deepEqual(result, { same: true, locale: "de" });
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
