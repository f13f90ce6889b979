// Two people send a burst of messages through the Data API while their connections keep dropping
// and the server restarts once. At the end both of their message subscriptions hold every message
// that was sent, each exactly once, in the same order, and each sender's messages in the order they
// were sent; a third page that subscribes afterwards sees the same stored history.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import {
  DATA_ENTRY,
  newSecret,
  openSessionPage,
  startDataServer,
  waitInPage,
  withPages,
} from "./data-helpers.mjs";

// The Data API tests run against the entry that has nothing else: chat-elements/data.
const DATA = { entry: DATA_ENTRY };

// Reconnecting backs off (up to 30 s between tries); give catching up room beyond that.
const RECOVERY_MS = 60_000;
const PER_SENDER = 30;
const GAP_MS = 60;

let browser;
let dataDir;
before(async () => {
  browser = await launchBrowser();
  dataDir = await mkdtemp(join(tmpdir(), "chat-e2e-data-resilience-"));
});
after(async () => {
  await browser?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * Starts sending `count` messages `label 01`, `label 02`, … one every `gapMs`, without waiting for
 * replies. Right after the sends numbered in `dropAfter` the page's sockets are closed, so the
 * request (or its reply) is lost on the way.
 */
function startBurst({ label, count, gapMs, dropAfter }) {
  const conversation = window.session.conversation("burst");
  window.sent = [];
  window.results = [];
  window.settled = 0;
  window.dropsInFlight = 0;
  let index = 0;
  const next = () => {
    const text = `${label} ${String(index + 1).padStart(2, "0")}`;
    const slot = index;
    window.sent.push(text);
    conversation
      .send(text)
      .then(
        (ref) => (window.results[slot] = { text, id: ref.id }),
        (error) => (window.results[slot] = { text, error: `${error.code}: ${error.message}` }),
      )
      .finally(() => (window.settled += 1));
    index += 1;
    if (dropAfter.includes(index)) window.dropsInFlight += window.__sockets.dropAll();
    if (index < count) setTimeout(next, gapMs);
  };
  next();
}

/** Grows the page's message subscription until it holds the whole conversation; returns it oldest first. */
async function wholeConversation(page) {
  return page.evaluate(async () => {
    const subscription = window.messages;
    for (let round = 0; round < 20 && !subscription.state.loadedAll; round += 1) {
      await subscription.loadMore(50);
    }
    const { state } = subscription;
    return {
      type: state.type,
      loadedAll: state.loadedAll,
      messages: (state.latestSnapshot ?? []).map((m) => ({ id: m.id, text: m.plaintext, seq: m.seq })).reverse(),
    };
  });
}

test("dropped connections and a server restart during a burst lose and duplicate nothing", { timeout: 300_000 }, async () => {
  const appSecret = newSecret();
  let server = await startDataServer({ dataDir, appSecret });
  const listen = new URL(server.url).host;
  const pages = [];
  try {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    await server.putConversation("burst", { participants: ["ann", "ben"] });
    const before = await server.postMessage("burst", "ann", "before the burst");

    pages.push(await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ben", DATA));
    await withPages(pages, async () => {
      const [ann, ben] = pages;
      for (const page of pages) {
        await page.evaluate(async () => {
          window.messages = window.session.conversation("burst").subscribeMessages(window.recorder("messages"));
          await window.messages.connected;
        });
      }

      await ann.evaluate(startBurst, { label: "ann", count: PER_SENDER, gapMs: GAP_MS, dropAfter: [5, 14, 27] });
      await ben.evaluate(startBurst, { label: "ben", count: PER_SENDER, gapMs: GAP_MS, dropAfter: [2, 9, 20] });

      // Drop both pages' connections each time the burst has made some progress on a live socket.
      const dropAt = async (settledAtLeast) => {
        for (const page of pages) {
          await waitInPage(
            page,
            (n) => window.settled >= n && window.__sockets.openNow > 0,
            settledAtLeast,
            RECOVERY_MS,
          );
        }
        for (const page of pages) await page.evaluate(() => window.__sockets.dropAll());
      };
      await dropAt(3);
      await dropAt(7);

      // The server goes away (the pages keep sending into their outboxes) and comes back on the
      // same address with the same data and secret.
      await dropAt(11);
      await server.stop();
      for (const page of pages) await waitInPage(page, () => window.__sockets.openNow === 0, undefined, RECOVERY_MS);
      server = await startDataServer({ listen, dataDir, appSecret });
      for (const page of pages) page.mintTokenFrom = server;

      await dropAt(16);
      await dropAt(22);

      // Every send resolves (none is rejected for a dropped connection).
      for (const page of pages) {
        await waitInPage(page, (n) => window.settled === n, PER_SENDER, RECOVERY_MS * 2);
      }
      // The connections really were cut again and again, also with sends in flight.
      for (const page of pages) {
        const { opened, dropsInFlight } = await page.evaluate(() => ({
          opened: window.__sockets.opened,
          dropsInFlight: window.dropsInFlight,
        }));
        assert.ok(dropsInFlight >= 1, `a socket was closed right after a send (${dropsInFlight})`);
        assert.ok(opened >= 5, `the page reconnected after the drops and the restart (${opened} sockets)`);
        // The token was still good: reconnecting does not ask for another.
        assert.equal(await page.evaluate(() => window.tokenRequests), 1, "one token for all the reconnects");
      }
      const results = {};
      for (const [name, page] of [["ann", ann], ["ben", ben]]) {
        results[name] = await page.evaluate(() => window.results);
        const failed = results[name].filter((r) => r.error);
        assert.deepEqual(failed, [], `${name}'s sends all succeed`);
      }

      // Both subscriptions catch up with all of it (the window grown to the whole conversation).
      const total = 1 + 2 * PER_SENDER;
      for (const page of pages) {
        await wholeConversation(page);
        await waitInPage(page, (total) => (window.messages.state.latestSnapshot?.length ?? 0) >= total, total, RECOVERY_MS);
      }
      const annView = await wholeConversation(ann);
      const benView = await wholeConversation(ben);
      for (const [name, view] of [["ann", annView], ["ben", benView]]) {
        assert.equal(view.type, "active", `${name}'s subscription is still active`);
        assert.equal(view.loadedAll, true);
        const texts = view.messages.map((m) => m.text);
        const expected = [before.plaintext, ...results.ann.map((r) => r.text), ...results.ben.map((r) => r.text)];
        for (const text of expected) {
          assert.equal(texts.filter((t) => t === text).length, 1, `${name} has "${text}" exactly once`);
        }
        assert.equal(texts.length, total, `${name} has nothing else: ${texts.join(" | ")}`);
        assert.equal(new Set(view.messages.map((m) => m.id)).size, total, `${name}: no id twice`);
        // Oldest first by position in the conversation.
        for (let i = 1; i < view.messages.length; i += 1) {
          assert.ok(view.messages[i - 1].seq < view.messages[i].seq, `${name}: ordered by seq`);
        }
        // Each sender's messages in the order they were sent, with the ids their sends resolved with.
        for (const sender of ["ann", "ben"]) {
          const own = view.messages.filter((m) => m.text.startsWith(`${sender} `));
          assert.deepEqual(
            own.map((m) => m.text),
            results[sender].map((r) => r.text),
            `${name} sees ${sender}'s messages in send order`,
          );
          assert.deepEqual(
            own.map((m) => m.id),
            results[sender].map((r) => r.id),
          );
        }
      }
      assert.deepEqual(
        annView.messages.map((m) => m.id),
        benView.messages.map((m) => m.id),
        "both people see the same messages in the same order",
      );

      // What was stored is what they saw.
      const late = await openSessionPage(browser, server, "ben", DATA);
      pages.push(late);
      await late.evaluate(async () => {
        window.messages = window.session.conversation("burst").subscribeMessages();
        await window.messages.connected;
      });
      const stored = await wholeConversation(late);
      assert.deepEqual(
        stored.messages.map((m) => m.id),
        benView.messages.map((m) => m.id),
      );
    });
  } finally {
    await server.stop();
  }
});
