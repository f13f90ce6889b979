// Data API subscriptions as an app relies on them, in Chromium against a real server: windows that
// grow with loadMore, changes by one user seen live by another, typing, presence, the connection
// opening only when needed and closing when nothing needs it, and permissions seen from the browser.
// Each test has its own server (temporary data, its own app secret) and closes its pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import {
  DATA_ENTRY,
  openSessionPage,
  waitForLatest,
  waitInPage,
  waitUntilAfter,
  withPages,
  withServer,
} from "./data-helpers.mjs";

// The Data API tests run against the entry that has nothing else: chat-elements/data.
const DATA = { entry: DATA_ENTRY };

// How long the session may stay connected with nothing to do before it must have disconnected by
// itself (its quiet period plus room for a slow machine).
const IDLE_DISCONNECT_MS = 90_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const texts = (call) => (call.snapshot ?? []).map((m) => m.plaintext);

test("messages: a window of the 10 newest, newest first, that loadMore grows to the start", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    await server.putUser("bob", "Bob");
    await server.putConversation("window", { participants: ["test", "bob"] });
    for (let n = 1; n <= 15; n += 1) await server.postMessage("window", n % 2 ? "bob" : "test", `m${n}`);

    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        window.messages = window.session.conversation("window").subscribeMessages(window.recorder("messages"));
        await window.messages.connected;
      });
      const first = await waitForLatest(page, "messages", (call) => Array.isArray(call.snapshot));
      assert.deepEqual(texts(first), ["m15", "m14", "m13", "m12", "m11", "m10", "m9", "m8", "m7", "m6"]);
      assert.equal(first.loadedAll, false);
      const state = await page.evaluate(() => window.messages.state);
      assert.equal(state.type, "active");
      assert.equal(state.loadedAll, false);
      assert.deepEqual(
        state.latestSnapshot.map((m) => m.plaintext),
        texts(first),
      );
      assert.deepEqual(
        first.snapshot.map((m) => m.sender.id),
        ["bob", "test", "bob", "test", "bob", "test", "bob", "test", "bob", "test"],
      );
      // Newest first by server time and by position in the conversation.
      for (let i = 1; i < first.snapshot.length; i += 1) {
        assert.ok(first.snapshot[i - 1].createdAt >= first.snapshot[i].createdAt);
        assert.ok(first.snapshot[i - 1].seq > first.snapshot[i].seq);
      }

      await page.evaluate(() => window.messages.loadMore(3));
      let call = await page.evaluate(() => window.latest("messages"));
      assert.deepEqual(texts(call), ["m15", "m14", "m13", "m12", "m11", "m10", "m9", "m8", "m7", "m6", "m5", "m4", "m3"]);
      assert.equal(call.loadedAll, false);

      await page.evaluate(() => window.messages.loadMore(10));
      call = await page.evaluate(() => window.latest("messages"));
      assert.deepEqual(
        texts(call),
        Array.from({ length: 15 }, (_, i) => `m${15 - i}`),
      );
      assert.equal(call.loadedAll, true);
      assert.equal(await page.evaluate(() => window.messages.state.loadedAll), true);

      // A new message goes to the start of the window.
      await server.postMessage("window", "bob", "m16");
      call = await waitForLatest(page, "messages", (call) => call.snapshot[0]?.plaintext === "m16");
      assert.equal(call.snapshot.length, 16);
      assert.equal(call.loadedAll, true);

      // unsubscribe is final and idempotent.
      const ended = await page.evaluate(async () => {
        const before = window.__calls.messages.length;
        window.messages.unsubscribe();
        window.messages.unsubscribe();
        return { state: window.messages.state, terminated: await window.messages.terminated, before };
      });
      assert.deepEqual(ended.state, { type: "unsubscribed" });
      assert.deepEqual(ended.terminated, { type: "unsubscribed" });
      await server.postMessage("window", "bob", "m17");
      // The other subscription of this page proves the message arrived; the ended one stays quiet.
      await page.evaluate(async () => {
        const sub = window.session.conversation("window").subscribeMessages(window.recorder("again"));
        await sub.connected;
      });
      await waitForLatest(page, "again", (call) => call.snapshot[0]?.plaintext === "m17");
      assert.equal(await page.evaluate(() => window.__calls.messages.length), ended.before);
    });
  }),
);

test("messages: an edit, a reaction and a deletion by one user reach the other's subscription", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    await server.putConversation("shared", { participants: ["ann", "ben"] });
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ben", DATA)];
    await withPages(pages, async () => {
      const [ann, ben] = pages;
      for (const page of pages) {
        await page.evaluate(async () => {
          const sub = window.session.conversation("shared").subscribeMessages(window.recorder("messages"));
          await sub.connected;
        });
      }
      const sentId = await ann.evaluate(async () => (await window.session.conversation("shared").send("first draft")).id);
      let call = await waitForLatest(ben, "messages", (call, id) => call.snapshot[0]?.id === id, sentId);
      assert.equal(call.snapshot[0].plaintext, "first draft");
      assert.equal(call.snapshot[0].sender.id, "ann");
      assert.equal(call.snapshot[0].editedAt, null);

      // Edit: the whole new message, formatted.
      await ann.evaluate((id) => window.session.conversation("shared").message(id).edit("final *text*"), sentId);
      call = await waitForLatest(ben, "messages", (call) => call.snapshot[0]?.plaintext === "final text");
      assert.equal(call.snapshot.length, 1);
      assert.equal(call.snapshot[0].id, sentId);
      assert.equal(typeof call.snapshot[0].editedAt, "number");
      assert.deepEqual(call.snapshot[0].content, [
        { type: "text", children: ["final ", { type: "bold", children: ["text"] }] },
      ]);

      // Only the author edits.
      const refused = await ben.evaluate(
        (id) =>
          window.session
            .conversation("shared")
            .message(id)
            .edit("not mine")
            .then(
              () => "resolved",
              (error) => error.code,
            ),
        sentId,
      );
      assert.equal(refused, "FORBIDDEN");

      // A reaction by Ben, seen by both with their own currentUserReacted.
      await ben.evaluate((id) => window.session.conversation("shared").message(id).reaction("👍").add(), sentId);
      call = await waitForLatest(ann, "messages", (call) => call.snapshot[0]?.reactions.length === 1);
      assert.deepEqual(call.snapshot[0].reactions, [{ emoji: "👍", count: 1, currentUserReacted: false }]);
      call = await waitForLatest(ben, "messages", (call) => call.snapshot[0]?.reactions.length === 1);
      assert.deepEqual(call.snapshot[0].reactions, [{ emoji: "👍", count: 1, currentUserReacted: true }]);
      // Adding it again changes nothing; Ann's joins it.
      await ben.evaluate((id) => window.session.conversation("shared").message(id).reaction("👍").add(), sentId);
      await ann.evaluate((id) => window.session.conversation("shared").message(id).reaction("👍").add(), sentId);
      call = await waitForLatest(ben, "messages", (call) => call.snapshot[0]?.reactions[0]?.count === 2);
      assert.deepEqual(call.snapshot[0].reactions, [{ emoji: "👍", count: 2, currentUserReacted: true }]);
      await ben.evaluate((id) => window.session.conversation("shared").message(id).reaction("👍").remove(), sentId);
      call = await waitForLatest(ann, "messages", (call) => call.snapshot[0]?.reactions[0]?.count === 1);
      assert.deepEqual(call.snapshot[0].reactions, [{ emoji: "👍", count: 1, currentUserReacted: true }]);

      // Deletion: gone from both.
      const keptId = await ben.evaluate(async () => (await window.session.conversation("shared").send("stays")).id);
      await ann.evaluate((id) => window.session.conversation("shared").message(id).delete(), sentId);
      for (const page of pages) {
        call = await waitForLatest(
          page,
          "messages",
          (call, keptId) => call.snapshot.length === 1 && call.snapshot[0].id === keptId,
          keptId,
        );
        assert.deepEqual(texts(call), ["stays"]);
      }
      assert.equal(await ben.evaluate((id) => window.session.conversation("shared").message(id).get(), sentId), null);
      // Deleting it again is not an error.
      assert.equal(
        await ann.evaluate((id) =>
          window.session.conversation("shared").message(id).delete().then(() => "resolved", (e) => e.code), sentId),
        "resolved",
      );
    });
  }),
);

test("typing: markAsTyping is seen by the other user and cleared by a send", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    await server.putConversation("shared", { participants: ["ann", "ben"] });
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ben", DATA)];
    await withPages(pages, async () => {
      const [ann, ben] = pages;
      for (const page of pages) {
        await page.evaluate(async () => {
          const sub = window.session.conversation("shared").subscribeTyping(window.recorder("typing"));
          await sub.connected;
        });
      }
      let call = await waitForLatest(ann, "typing", (call) => call.snapshot !== undefined);
      assert.deepEqual(call.snapshot, { many: false, users: [] });

      await ben.evaluate(() => window.session.conversation("shared").markAsTyping());
      call = await waitForLatest(ann, "typing", (call) => call.snapshot?.users?.length === 1);
      assert.equal(call.snapshot.many, false);
      assert.equal(call.snapshot.users[0].id, "ben");
      assert.equal(call.snapshot.users[0].name, "Ben");
      // One never sees oneself typing.
      assert.deepEqual(await ben.evaluate(() => window.latest("typing").snapshot), { many: false, users: [] });

      await ben.evaluate(() => window.session.conversation("shared").send("done typing"));
      call = await waitForLatest(ann, "typing", (call) => call.snapshot?.users?.length === 0);
      assert.deepEqual(call.snapshot, { many: false, users: [] });
    });
  }),
);

test("participants: a window of 10, most recently joined first, that loadMore completes", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    const others = Array.from({ length: 11 }, (_, i) => `user${String(i + 1).padStart(2, "0")}`);
    await server.putUser("test", "Test");
    for (const id of [...others, "user12"]) await server.putUser(id, id.toUpperCase());
    await server.putConversation("crowd");
    // Joined one after another, each strictly later than the one before.
    for (const id of ["test", ...others]) {
      await server.putConversation("crowd", { participants: [id] });
      await waitUntilAfter(Date.now());
    }
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        window.participants = window.session.conversation("crowd").subscribeParticipants(window.recorder("participants"));
        await window.participants.connected;
      });
      const ids = (call) => call.snapshot.map((p) => p.user.id);
      let call = await waitForLatest(page, "participants", (call) => Array.isArray(call.snapshot));
      const newestFirst = [...others].reverse();
      assert.deepEqual(ids(call), newestFirst.slice(0, 10));
      assert.equal(call.loadedAll, false);
      assert.equal(call.snapshot[0].user.name, "USER11");
      assert.equal(call.snapshot[0].access, "ReadWrite");
      assert.equal(call.snapshot[0].notify, true);

      await page.evaluate(() => window.participants.loadMore(10));
      call = await page.evaluate(() => window.latest("participants"));
      assert.deepEqual(ids(call), [...newestFirst, "test"]);
      assert.equal(call.loadedAll, true);

      // Someone joining appears at the start.
      await page.evaluate(() => window.session.conversation("crowd").participant("user12").createIfNotExists());
      call = await waitForLatest(page, "participants", (call) => call.snapshot[0]?.user.id === "user12");
      assert.equal(call.snapshot.length, 13);
      // Someone leaving disappears.
      await page.evaluate(() => window.session.conversation("crowd").participant("user05").delete());
      call = await waitForLatest(page, "participants", (call) => !call.snapshot.some((p) => p.user.id === "user05"));
      assert.equal(call.snapshot.length, 12);
    });
  }),
);

test("presence: subscribeOnline follows the other user's page opening and closing", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    const pages = [await openSessionPage(browser, server, "ann", DATA)];
    await withPages(pages, async () => {
      const [ann] = pages;
      await ann.evaluate(async () => {
        const sub = window.session.user("ben").subscribeOnline(window.recorder("online"));
        await sub.connected;
      });
      let call = await waitForLatest(ann, "online", (call) => call.snapshot !== undefined);
      assert.equal(call.snapshot.user.id, "ben");
      assert.equal(call.snapshot.user.name, "Ben");
      assert.equal(call.snapshot.isConnected, false);

      const ben = await openSessionPage(browser, server, "ben", DATA);
      pages.push(ben);
      await ben.evaluate(async () => {
        const sub = window.session.currentUser.subscribe();
        await sub.connected;
      });
      call = await waitForLatest(ann, "online", (call) => call.snapshot?.isConnected === true);
      assert.equal(call.snapshot.user.id, "ben");

      await ben.context().close();
      call = await waitForLatest(ann, "online", (call) => call.snapshot?.isConnected === false);
      assert.equal(call.snapshot.user.id, "ben");
    });
  }),
);

test("automatic cleanup: no socket until data is needed, and none once nothing needs it", { timeout: 240_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      // A session, refs and a token callback: still nothing opened.
      const before = await page.evaluate(async () => {
        window.session.user("test");
        window.session.conversation("anything");
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
        return { opened: window.__sockets.opened, tokenRequests: window.tokenRequests };
      });
      assert.deepEqual(before, { opened: 0, tokenRequests: 0 });

      // The first subscription connects.
      await page.evaluate(async () => {
        window.sub = window.session.currentUser.subscribe();
        await window.sub.connected;
      });
      assert.deepEqual(await page.evaluate(() => [window.__sockets.opened, window.__sockets.live]), [1, 1]);
      assert.equal(await page.evaluate(() => window.tokenRequests), 1);

      // Nothing needs the connection any more: it closes by itself.
      const unsubscribedAt = Date.now();
      await page.evaluate(() => window.sub.unsubscribe());
      await waitInPage(page, () => window.__sockets.live === 0, undefined, IDLE_DISCONNECT_MS);
      const idleMs = Date.now() - unsubscribedAt;

      // The next request connects again and works.
      const me = await page.evaluate(() => window.session.currentUser.get());
      assert.equal(me.id, "test");
      assert.equal(await page.evaluate(() => window.__sockets.opened), 2);

      // While a subscription is active the connection stays, well past the quiet period.
      const openedBefore = await page.evaluate(async () => {
        window.sub = window.session.currentUser.subscribe(window.recorder("me"));
        await window.sub.connected;
        return window.__sockets.opened;
      });
      // Nothing to wait for here but time: the quiet period the first disconnect took, and then some.
      await page.waitForTimeout(Math.min(idleMs + 5000, IDLE_DISCONNECT_MS));
      assert.deepEqual(
        await page.evaluate(() => [window.__sockets.live, window.__sockets.opened]),
        [1, openedBefore],
        "an active subscription keeps its connection",
      );
      await server.putUser("test", "Renamed");
      await waitForLatest(page, "me", (call) => call.snapshot?.name === "Renamed");
    });
  }),
);

test("permissions: a Read participant cannot send; a non-participant reads null", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("owner", "Owner");
    await server.putUser("reader", "Reader");
    await server.putUser("outsider", "Outsider");
    await server.putConversation("announcements", {
      subject: "Announcements",
      participants: ["owner", "reader"],
      access: { reader: "Read" },
    });
    const posted = await server.postMessage("announcements", "owner", "read this");
    const pages = [await openSessionPage(browser, server, "reader", DATA), await openSessionPage(browser, server, "outsider", DATA)];
    await withPages(pages, async () => {
      const [reader, outsider] = pages;
      const asReader = await reader.evaluate(async () => {
        const conversation = window.session.conversation("announcements");
        const snapshot = await conversation.get();
        const messages = conversation.subscribeMessages();
        const { latestSnapshot } = await messages.connected;
        return {
          access: snapshot.access,
          subject: snapshot.subject,
          messageIds: latestSnapshot.map((m) => m.id),
          send: await conversation.send("may I?").then(
            () => "resolved",
            (error) => error.code,
          ),
          raise: await conversation.set({ access: "ReadWrite" }).then(
            () => "resolved",
            (error) => error.code,
          ),
          react: await conversation
            .message(latestSnapshot[0].id)
            .reaction("👍")
            .add()
            .then(
              () => "resolved",
              (error) => error.code,
            ),
        };
      });
      assert.deepEqual(asReader, {
        access: "Read",
        subject: "Announcements",
        messageIds: [posted.id],
        send: "FORBIDDEN",
        raise: "FORBIDDEN",
        react: "FORBIDDEN",
      });

      const asOutsider = await outsider.evaluate(async (messageId) => {
        const conversation = window.session.conversation("announcements");
        // A value, or the code it was rejected with.
        const settle = (promise) =>
          promise.then(
            (value) => (value === undefined ? "resolved" : value),
            (error) => error.code,
          );
        const snapshotOf = (subscription) => settle(subscription.connected.then((state) => state.latestSnapshot));
        return {
          get: await settle(conversation.get()),
          subscribe: await snapshotOf(conversation.subscribe()),
          messages: await snapshotOf(conversation.subscribeMessages()),
          participants: await snapshotOf(conversation.subscribeParticipants()),
          typing: await snapshotOf(conversation.subscribeTyping()),
          participant: await snapshotOf(conversation.participant("owner").subscribe()),
          // Like every other read, someone else's participation reads as null to an outsider.
          participantGet: await settle(conversation.participant("owner").get()),
          message: await settle(conversation.message(messageId).get()),
          send: await settle(conversation.send("let me in")),
          create: await settle(conversation.createIfNotExists()),
          join: await settle(conversation.participant("outsider").createIfNotExists()),
          list: await new Promise((resolve) => {
            const sub = window.session.subscribeConversations((conversations) => {
              resolve(conversations.map((c) => c.id));
              sub.unsubscribe();
            });
          }),
        };
      }, posted.id);
      assert.deepEqual(asOutsider, {
        get: null,
        subscribe: null,
        messages: null,
        participants: null,
        typing: null,
        participant: null,
        participantGet: null,
        message: null,
        send: "FORBIDDEN",
        create: "FORBIDDEN",
        join: "FORBIDDEN",
        list: [],
      });
      // Nothing the outsider tried reached the conversation.
      const stored = await server.adminOk("GET", "/v1/admin/conversations/announcements");
      assert.deepEqual(stored.participants.map((p) => p.userId).sort(), ["owner", "reader"]);
    });
  }),
);
