// The root object `new ChatElements({ appearance, locale })`: sessions start with its options,
// `updateOptions` reaches every session it created, and the script-tag global is the same
// constructor carrying `createChatSession` and `getTalkSession`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeProblems, newPage, useServerAndBrowser } from "./helpers.mjs";

const env = useServerAndBrowser();

test("new ChatElements: shared options, updateOptions reaches every session, typed emitter", { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser);
  try {
    await page.goto(`${env.server.url}/examples/seed.html`);
    const result = await page.evaluate(async () => {
      const { ChatElements } = await import("/pkg/index.js");
      const token = async () => (await (await fetch("/api/token?user=alice")).json()).token;
      const elements = new ChatElements({ locale: "fr", appearance: { theme: { appearance: "dark" } } });
      const first = elements.createChatSession({ token });
      const second = elements.createChatSession({ token, locale: "es" });
      const seen = { root: [], first: [], second: [] };
      const onRoot = (options) => seen.root.push(options.locale);
      const chained = elements.on("optionsUpdated", onRoot);
      first.on("optionsUpdated", (options) => seen.first.push(options.locale));
      second.on("optionsUpdated", (options) => seen.second.push(options.locale));
      const initial = [first.options.locale, second.options.locale, first.options.appearance?.theme?.appearance];
      const counted = elements.listenerCount("optionsUpdated");
      second.destroy();
      elements.updateOptions({ locale: "de" });
      let invalid = null;
      try {
        elements.updateOptions({ locale: "xx" });
      } catch (error) {
        invalid = error.code;
      }
      elements.removeListener("optionsUpdated", onRoot);
      elements.updateOptions({ locale: "ja" });
      first.destroy();
      return {
        sameObject: chained === elements,
        initial,
        counted,
        rootLocale: elements.options.locale,
        seen,
        invalid,
        afterRemove: elements.listenerCount("optionsUpdated"),
        plainCall: typeof ChatElements().createChatSession,
      };
    });
    assert.equal(result.sameObject, true, "on() returns the root, so calls chain");
    assert.deepEqual(result.initial, ["fr", "es", "dark"], "a session's own options win over the root's");
    assert.equal(result.counted, 1);
    assert.deepEqual(result.seen.root, ["de"], "the root tells its listeners, and not after removeListener");
    assert.deepEqual(result.seen.first, ["de", "ja"], "the live session gets every change");
    assert.deepEqual(result.seen.second, [], "a destroyed session is left alone");
    assert.equal(result.invalid, "INVALID_OPTIONS");
    assert.equal(result.rootLocale, "ja");
    assert.equal(result.afterRemove, 0);
    assert.equal(result.plainCall, "function");
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});

test("the script-tag global is the root constructor and still carries createChatSession", { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser);
  try {
    await page.goto(`${env.server.url}/examples/script-tag.html`);
    const result = await page.evaluate(async () => {
      await window.ChatElements.ready; // the loader fetches the WebAssembly beside it
      const root = new window.ChatElements({ locale: "nl" });
      return {
        constructor: typeof window.ChatElements,
        createChatSession: typeof window.ChatElements.createChatSession,
        getTalkSession: typeof window.ChatElements.getTalkSession,
        rootLocale: root.options.locale,
        rootCreates: typeof root.createChatSession,
      };
    });
    assert.deepEqual(result, {
      constructor: "function",
      createChatSession: "function",
      getTalkSession: "function",
      rootLocale: "nl",
      rootCreates: "function",
    });
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
