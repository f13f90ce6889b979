// More of the Data API as an app relies on it, in Chromium against a real server: unread state
// through markAsRead/markAsUnread, filter errors, subscriptions sharing one upstream watch, and
// sending replies, content blocks and custom fields. Each test has its own server (temporary
// data, its own app secret) and closes its pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import {
  DATA_ENTRY,
  openSessionPage,
  waitForLatest,
  withPages,
  withServer,
} from "./data-helpers.mjs";

// The Data API tests run against the entry that has nothing else: chat-elements/data.
const DATA = { entry: DATA_ENTRY };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("read state: unread counts follow new messages, markAsRead and markAsUnread", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    await server.putUser("bob", "Bob");
    await server.putConversation("inbox", { participants: ["test", "bob"] });
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        const sub = window.session.conversation("inbox").subscribe(window.recorder("conversation"));
        await sub.connected;
        const list = window.session.subscribeConversations({ filter: { isUnread: true } }, window.recorder("unread"));
        await list.connected;
      });
      let call = await waitForLatest(page, "conversation", (call) => call.snapshot !== undefined);
      assert.equal(call.snapshot.unreadMessageCount, 0);
      assert.equal(call.snapshot.isUnread, false);
      assert.deepEqual(await page.evaluate(() => window.latest("unread").snapshot), []);

      await server.postMessage("inbox", "bob", "one");
      const second = await server.postMessage("inbox", "bob", "two");
      call = await waitForLatest(page, "conversation", (call) => call.snapshot?.unreadMessageCount === 2);
      assert.equal(call.snapshot.isUnread, true);
      assert.equal(call.snapshot.lastMessage.id, second.id);
      await waitForLatest(page, "unread", (call) => call.snapshot.length === 1 && call.snapshot[0].id === "inbox");

      await page.evaluate(() => window.session.conversation("inbox").markAsRead());
      call = await waitForLatest(page, "conversation", (call) => call.snapshot?.unreadMessageCount === 0);
      assert.equal(call.snapshot.isUnread, false);
      assert.equal(call.snapshot.readUntil, second.createdAt);
      await waitForLatest(page, "unread", (call) => call.snapshot.length === 0);

      await page.evaluate(() => window.session.conversation("inbox").markAsUnread());
      call = await waitForLatest(page, "conversation", (call) => call.snapshot?.isUnread === true);
      assert.equal(call.snapshot.unreadMessageCount, 1);
      await waitForLatest(page, "unread", (call) => call.snapshot.length === 1);

      // One's own message reads the conversation.
      await page.evaluate(() => window.session.conversation("inbox").send("read it all"));
      call = await waitForLatest(page, "conversation", (call) => call.snapshot?.lastMessage?.plaintext === "read it all");
      await waitForLatest(page, "conversation", (call) => call.snapshot?.isUnread === false);
      assert.equal((await page.evaluate(() => window.latest("conversation"))).snapshot.unreadMessageCount, 0);
    });
  }),
);

test("a malformed conversation filter ends the subscription with INVALID_ARGUMENT", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      const ends = await page.evaluate(async () => {
        const filters = [
          { lastActivityAt: ["after", 5] },
          { subject: ["==", 5] },
          { colour: ["==", "red"] },
          ["all", [{ isUnread: true }]],
        ];
        const results = [];
        for (const filter of filters) {
          const subscription = window.session.subscribeConversations({ filter }, () => {});
          const end = await subscription.terminated;
          results.push({
            type: end.type,
            code: end.error?.code,
            message: end.error?.message,
            state: subscription.state.type,
            connected: await subscription.connected.then(
              () => "resolved",
              (error) => error.code,
            ),
          });
        }
        return results;
      });
      for (const end of ends) {
        assert.equal(end.type, "error");
        assert.equal(end.state, "error");
        assert.equal(end.code, "INVALID_ARGUMENT");
        assert.equal(end.connected, "INVALID_ARGUMENT");
        assert.ok(end.message.length > 10, `the message says what is wrong: "${end.message}"`);
      }
      // The session itself is fine.
      assert.equal((await page.evaluate(() => window.session.currentUser.get())).id, "test");
    });
  }),
);

test("two subscriptions to the same thing share one upstream watch", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    await server.putUser("bob", "Bob");
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      const result = await page.evaluate(async () => {
        const first = window.session.user("bob").subscribe(window.recorder("first"));
        await first.connected;
        const second = window.session.user("bob").subscribe(window.recorder("second"));
        const { latestSnapshot } = await second.connected;
        const watches = () => window.__frames.filter((f) => f.op === "watch" && f.topic?.kind === "user").length;
        const afterBoth = watches();
        first.unsubscribe();
        return { afterBoth, secondName: latestSnapshot?.name };
      });
      assert.equal(result.afterBoth, 1, "one watch for two subscriptions");
      assert.equal(result.secondName, "Bob", "the second subscription gets the current snapshot");
      // The remaining subscription still gets changes after the first one left.
      await server.putUser("bob", "Robert");
      await waitForLatest(page, "second", (call) => call.snapshot?.name === "Robert");
      assert.equal(await page.evaluate(() => window.latest("first").snapshot.name), "Bob");
    });
  }),
);

test("send: replies, content blocks and custom fields arrive as sent", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    await server.putConversation("shared", { participants: ["ann", "ben"] });
    await server.putConversation("elsewhere", { participants: ["ann", "ben"] });
    const elsewhere = await server.postMessage("elsewhere", "ann", "in another conversation");
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ben", DATA)];
    await withPages(pages, async () => {
      const [ann, ben] = pages;
      await ben.evaluate(async () => {
        const sub = window.session.conversation("shared").subscribeMessages(window.recorder("messages"));
        await sub.connected;
      });
      const sent = await ann.evaluate(async (elsewhereId) => {
        const conversation = window.session.conversation("shared");
        const question = await conversation.send({ text: "Lunch at _noon_?", custom: { topic: "food" } });
        const answer = await conversation.send({
          content: [{ type: "text", children: ["Yes, ", { type: "bold", children: ["sure"] }] }],
          referencedMessage: question,
        });
        const wrongReply = await conversation
          .send({ text: "reply across conversations", referencedMessage: elsewhereId })
          .then(
            () => "resolved",
            (error) => error.code,
          );
        return { question: question.id, answer: answer.id, wrongReply };
      }, elsewhere.id);
      assert.equal(sent.wrongReply, "INVALID_ARGUMENT");

      const call = await waitForLatest(ben, "messages", (call, id) => call.snapshot[0]?.id === id, sent.answer);
      const [answer, question] = call.snapshot;
      assert.equal(call.snapshot.length, 2, "the refused reply was not stored");
      assert.equal(question.id, sent.question);
      assert.equal(question.plaintext, "Lunch at noon?");
      assert.deepEqual(question.custom, { topic: "food" });
      assert.deepEqual(question.content, [
        { type: "text", children: ["Lunch at ", { type: "italic", children: ["noon"] }, "?"] },
      ]);
      assert.equal(question.referencedMessage, null);
      assert.equal(answer.plaintext, "Yes, sure");
      assert.deepEqual(answer.content, [{ type: "text", children: ["Yes, ", { type: "bold", children: ["sure"] }] }]);
      assert.equal(answer.referencedMessage.id, sent.question);
      assert.equal(answer.referencedMessage.plaintext, "Lunch at noon?");
      assert.equal(answer.referencedMessage.sender.id, "ann");
      assert.equal(answer.referencedMessage.referencedMessageId, null);
      assert.equal(answer.sender.name, "Ann");
      assert.equal(answer.conversationId, "shared");
      assert.equal(answer.origin, "web");
    });
  }),
);

test("subscribeMessages before createIfNotExists: null at first, then the conversation's messages", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        const conversation = window.session.conversation("fresh-room");
        const sub = conversation.subscribeMessages(window.recorder("messages"));
        await sub.connected;
      });
      // The conversation does not exist yet: the subscription shows null.
      assert.equal((await waitForLatest(page, "messages", (call) => call.snapshot !== undefined)).snapshot, null);
      await page.evaluate(async () => {
        const conversation = window.session.conversation("fresh-room");
        await conversation.createIfNotExists({ subject: "Fresh" });
        await conversation.send("first words");
      });
      const call = await waitForLatest(page, "messages", (call) => Array.isArray(call.snapshot) && call.snapshot.length === 1);
      assert.equal(call.snapshot[0].plaintext, "first words");
    });
  }),
);
