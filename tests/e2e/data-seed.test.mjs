// The Data API's session page (getTalkSession, setToken/onNeedToken, user, conversation,
// subscribeConversations, onError) run in Chromium the way its examples are written, against a real
// server. Each test has its own server (temporary data, its own app secret) and closes its pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import {
  DATA_ENTRY,
  openSdkPage,
  openSessionPage,
  signJwt,
  waitInPage,
  waitUntilAfter,
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

test("getTalkSession returns the same session for the same app and user, and opens nothing", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      const result = await page.evaluate(() => {
        const { getTalkSession } = window.SDK;
        const session = getTalkSession({ appId: "demo", userId: "test" });
        const again = getTalkSession({ appId: "demo", userId: "test" });
        const otherUser = getTalkSession({ appId: "demo", userId: "someone-else" });
        const otherApp = getTalkSession({ appId: "another-app", userId: "test" });
        return {
          same: session === again,
          otherUserDiffers: otherUser !== session,
          otherAppDiffers: otherApp !== session && otherApp !== otherUser,
          appId: session.appId,
          otherAppId: otherApp.appId,
          currentUserId: session.currentUser.id,
          otherCurrentUserId: otherUser.currentUser.id,
          currentUserIsUserRef: session.currentUser === session.user("test"),
          userRefsReused: session.user("x") === session.user("x"),
          conversationRefsReused: session.conversation("c") === session.conversation("c"),
          conversationRefId: session.conversation("c").id,
          socketsOpened: window.__sockets.opened,
        };
      });
      assert.deepEqual(result, {
        same: true,
        otherUserDiffers: true,
        otherAppDiffers: true,
        appId: "demo",
        otherAppId: "another-app",
        currentUserId: "test",
        otherCurrentUserId: "someone-else",
        currentUserIsUserRef: true,
        userRefsReused: true,
        conversationRefsReused: true,
        conversationRefId: "c",
        socketsOpened: 0,
      });
    });
  }),
);

test("setToken authenticates the session (non-refreshable token)", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const token = await server.mintToken("test");
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      const me = await page.evaluate(async (token) => {
        const { getTalkSession } = window.SDK;
        const session = getTalkSession({
          appId: "demo",
          userId: "test",
        });
        session.setToken(token);
        return session.currentUser.get();
      }, token);
      assert.equal(me?.id, "test");
      // The token names a user the server did not know: it created them, named after their id.
      assert.equal(me?.name, "test");
      assert.equal(me?.role, "default");
    });
  }),
);

test("onNeedToken keeps a short-lived token fresh without losing a subscription", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    await server.putUser("bob", "Bob");
    await server.putConversation("refresh", { participants: ["test", "bob"] });
    const first = await server.postMessage("refresh", "bob", "before the refreshes");
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        const { getTalkSession } = window.SDK;
        const session = getTalkSession({ appId: "demo", userId: "test" });
        window.tokenRequests = 0;
        // Each token lives 4 s: the session has to ask for a new one every few seconds.
        const fetchToken = () => window.mintToken("test", 4);
        session.onNeedToken = async () => {
          window.tokenRequests += 1;
          const token = await fetchToken();
          session.setToken(token);
        };
        window.subscription = session.conversation("refresh").subscribeMessages(window.recorder("messages"));
        await window.subscription.connected;
      });
      assert.equal(await page.evaluate(() => window.latest("messages").snapshot[0].id), first.id);
      // Three tokens means at least two refreshes of a live connection.
      await waitInPage(page, () => window.tokenRequests >= 3, undefined, 30_000);

      const later = await server.postMessage("refresh", "bob", "after the refreshes");
      await waitInPage(page, (id) => window.latest("messages")?.snapshot?.[0]?.id === id, later.id);
      const state = await page.evaluate(() => ({
        type: window.subscription.state.type,
        ids: window.subscription.state.latestSnapshot.map((m) => m.id),
        socketsOpened: window.__sockets.opened,
      }));
      assert.equal(state.type, "active");
      assert.deepEqual(state.ids, [later.id, first.id]);
      assert.equal(state.socketsOpened, 1, "a fresh token re-authenticates the open socket: no reconnect");
    });
  }),
);

test("the older token and tokenFetcher options still work", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const token = await server.mintToken("first");
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      const result = await page.evaluate(async (token) => {
        const { getTalkSession } = window.SDK;
        const withToken = getTalkSession({ appId: "demo", userId: "first", token });
        window.fetcherCalls = 0;
        const withFetcher = getTalkSession({
          appId: "demo",
          userId: "second",
          tokenFetcher: async () => {
            window.fetcherCalls += 1;
            return window.mintToken("second", 4);
          },
        });
        window.subscription = withFetcher.currentUser.subscribe(window.recorder("second"));
        return {
          first: (await withToken.currentUser.get())?.id,
          second: (await window.subscription.connected).latestSnapshot?.id,
          // Options of a later call for the same pair are ignored: the same session comes back.
          again: getTalkSession({ appId: "demo", userId: "first", token: "ignored" }) === withToken,
        };
      }, token);
      assert.deepEqual(result, { first: "first", second: "second", again: true });
      // The fetcher is asked again before each short-lived token expires; the subscription lives on.
      await waitInPage(page, () => window.fetcherCalls >= 3, undefined, 30_000);
      assert.equal(await page.evaluate(() => window.subscription.state.type), "active");
    });
  }),
);

test("user(): createIfNotExists, subscribe, and set({ name }) emits the new snapshot", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async () => {
        const { session } = window;
        const userRef = session.user("test");
        await userRef.createIfNotExists({ name: "Alice" });
        const onSnapshot = window.recorder("user");
        const userSub = userRef.subscribe((snapshot) => onSnapshot(snapshot));
        window.userSub = userSub;
        await userSub.connected;

        // Changing the user's name emits a snapshot
        await userRef.set({ name: "Bob" });
      });
      await waitInPage(page, () => window.latest("user")?.snapshot?.name === "Bob");
      const result = await page.evaluate(async () => ({
        state: window.userSub.state,
        fetched: await window.session.user("test").get(),
      }));
      assert.equal(result.state.type, "active");
      assert.equal(result.state.latestSnapshot.id, "test");
      assert.equal(result.state.latestSnapshot.name, "Bob");
      assert.equal(result.fetched.name, "Bob");

      // createIfNotExists creates a free id, and leaves an existing user as it is.
      const created = await page.evaluate(async () => {
        const dana = window.session.user("dana-seed");
        const before = await dana.get();
        await dana.createIfNotExists({ name: "Dana" });
        await dana.createIfNotExists({ name: "Not Dana" });
        return { before, after: await dana.get() };
      });
      assert.equal(created.before, null);
      assert.equal(created.after?.name, "Dana");
      assert.equal((await server.adminOk("GET", "/v1/admin/users/dana-seed")).name, "Dana");

      // Only oneself may be set.
      const refused = await page.evaluate(() =>
        window.session
          .user("dana-seed")
          .set({ name: "Renamed" })
          .then(
            () => "resolved",
            (error) => error.code,
          ),
      );
      assert.equal(refused, "FORBIDDEN");
      assert.equal((await server.adminOk("GET", "/v1/admin/users/dana-seed")).name, "Dana");
    });
  }),
);

test("conversation(): createIfNotExists, set subject, set notify, send", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      const result = await page.evaluate(async () => {
        const { session } = window;
        // Ensure that the conversation exists and you are a participant
        await session.conversation("test").createIfNotExists();
        // Set the conversation's subject
        await session.conversation("test").set({ subject: "Power tools" });
        // Stop receiving notifications for this conversation
        await session.conversation("test").set({ notify: false });
        // Send a message
        const sent = await session.conversation("test").send("Hello");
        return {
          sent: { id: sent.id, conversationId: sent.conversationId },
          snapshot: await session.conversation("test").get(),
          message: await sent.get(),
        };
      });
      const { sent, snapshot, message } = result;
      assert.equal(snapshot.id, "test");
      assert.equal(snapshot.subject, "Power tools");
      assert.equal(snapshot.notify, false);
      assert.equal(snapshot.access, "ReadWrite");
      assert.equal(sent.conversationId, "test");
      assert.equal(snapshot.lastMessage.id, sent.id);
      assert.equal(snapshot.lastMessage.plaintext, "Hello");
      assert.equal(snapshot.lastMessage.sender.id, "test");
      assert.equal(snapshot.unreadMessageCount, 0, "one's own message is not unread");
      assert.deepEqual(message.content, [{ type: "text", children: ["Hello"] }]);
      assert.equal(message.type, "UserMessage");

      // The server stored it all: the conversation, its subject, and the user as its participant.
      const stored = await server.adminOk("GET", "/v1/admin/conversations/test");
      assert.equal(stored.subject, "Power tools");
      assert.deepEqual(
        stored.participants.map((p) => [p.userId, p.access]),
        [["test", "ReadWrite"]],
      );
    });
  }),
);

test("subscribeConversations: all, by custom field, by recent activity, in every argument order", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("test", "Test");
    await server.putUser("bob", "Bob");
    // Four conversations of "test" (plus one it is not in), active in this order: alpha, bravo | charlie, delta.
    const custom = {
      alpha: { category: "support" },
      bravo: { category: "sales" },
      charlie: { category: "support", priority: "high" },
      delta: {},
    };
    for (const id of ["alpha", "bravo", "charlie", "delta"]) {
      await server.putConversation(id, { subject: id, custom: custom[id], participants: ["test", "bob"] });
    }
    await server.putConversation("foreign", {
      subject: "foreign",
      custom: { category: "support", priority: "high" },
      participants: ["bob"],
    });

    const pages = [await openSessionPage(browser, server, "test", DATA)];
    await withPages(pages, async () => {
      const [page] = pages;
      const times = {};
      for (const id of ["alpha", "bravo", "charlie", "delta"]) {
        const message = await server.postMessage(id, "bob", `news in ${id}`);
        times[id] = message.createdAt;
        await waitUntilAfter(message.createdAt);
      }
      await server.postMessage("foreign", "bob", "not for test");

      await page.evaluate((boundary) => {
        const { session } = window;
        // Subscribe to all your conversations and log them
        session.subscribeConversations(window.recorder("all"));
        // Subscribe to conversations with a custom field
        const onSnapshot = window.recorder("support");
        session.subscribeConversations(
          {
            filter: { custom: { category: ["==", "support"] } },
          },
          onSnapshot,
        );
        // The same with the callback first.
        session.subscribeConversations(window.recorder("support, callback first"), {
          filter: { custom: { category: ["==", "support"] } },
        });
        // Subscribe to conversations with recent activity (last 7 days). No stored data is seven
        // days old, so the page's clock is moved instead: "seven days ago" falls between bravo's
        // activity and charlie's.
        {
          const Date = { now: () => boundary + 7 * 24 * 60 * 60 * 1000 };
          const onSnapshot = window.recorder("recent");
          const sevenDaysAgo = Date.now() - 7 * 24 * 60 * 60 * 1000;
          session.subscribeConversations(
            {
              filter: { lastActivityAt: [">", sevenDaysAgo] },
            },
            onSnapshot,
          );
        }
        // At least one of several filters.
        session.subscribeConversations(
          {
            filter: ["any", [{ custom: { category: ["==", "sales"] } }, { custom: { priority: "exists" } }]],
          },
          window.recorder("any"),
        );
      }, times.bravo);

      const expectIds = async (name, expected) => {
        try {
          await waitInPage(
            page,
            ({ name, expected }) =>
              JSON.stringify(window.latest(name)?.snapshot?.map((c) => c.id)) === JSON.stringify(expected),
            { name, expected },
          );
        } catch {
          const calls = await page.evaluate((name) => window.__calls[name], name);
          assert.deepEqual(calls?.at(-1)?.snapshot?.map((c) => c.id), expected, `subscription "${name}" (${calls?.length ?? 0} calls)`);
        }
      };

      await expectIds("all", ["delta", "charlie", "bravo", "alpha"]);
      await expectIds("support", ["charlie", "alpha"]);
      await expectIds("support, callback first", ["charlie", "alpha"]);
      await expectIds("recent", ["delta", "charlie"]);
      await expectIds("any", ["charlie", "bravo"]);
      const all = await page.evaluate(() => window.latest("all"));
      assert.equal(all.loadedAll, true);
      assert.equal(all.snapshot[0].lastMessage.plaintext, "news in delta");
      assert.equal(all.snapshot[0].lastMessage.sender.id, "bob");
      assert.equal(all.snapshot[0].unreadMessageCount, 1);

      // New activity in the oldest conversation moves it to the front of every list it matches.
      await server.postMessage("alpha", "bob", "alpha again");
      await expectIds("all", ["alpha", "delta", "charlie", "bravo"]);
      await expectIds("support", ["alpha", "charlie"]);
      await expectIds("recent", ["alpha", "delta", "charlie"]);
      await expectIds("any", ["charlie", "bravo"]);
      assert.equal(await page.evaluate(() => window.latest("all").snapshot[0].lastMessage.plaintext), "alpha again");

      // Nested data counts as a change: the last message's sender renamed.
      await server.putUser("bob", "Robert");
      await waitInPage(page, () => window.latest("all").snapshot.every((c) => c.lastMessage.sender.name === "Robert"));
    });
  }),
);

test("onError reports a fatal error, and at once when registered after the session ended", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    // Signed with the right secret, but for another app.
    const wrongApp = signJwt(server.appSecret, {
      iss: "another-app",
      sub: "test",
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      const result = await page.evaluate(async (token) => {
        const { getTalkSession } = window.SDK;
        const session = getTalkSession({ appId: "demo", userId: "test" });
        const errors = [];
        session.onError((error) => errors.push(error));
        session.setToken(token);
        const subscription = session.user("test").subscribe();
        const request = await session.currentUser.get().then(
          () => "resolved",
          (error) => error.code,
        );
        const end = await subscription.terminated;
        // Registered after the end: called at once, before onError returns.
        let late;
        session.onError((error) => (late = error));
        const lateAtOnce = late?.code;
        return {
          request,
          errorCodes: errors.map((e) => e.code),
          errorIsError: errors[0] instanceof Error,
          end: { type: end.type, code: end.error?.code },
          late: lateAtOnce,
          replaced: getTalkSession({ appId: "demo", userId: "test" }) !== session,
        };
      }, wrongApp);
      assert.equal(result.request, "TOKEN_WRONG_APP");
      assert.deepEqual(result.errorCodes, ["TOKEN_WRONG_APP"], "called exactly once");
      assert.equal(result.errorIsError, true);
      assert.deepEqual(result.end, { type: "error", code: "TOKEN_WRONG_APP" });
      assert.equal(result.late, "TOKEN_WRONG_APP");
      assert.equal(result.replaced, true, "getTalkSession replaces a session that ended with an error");
    });
  }),
);

test("a session whose tokens keep being refused gives up after a few tries", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    const wrongApp = signJwt(server.appSecret, {
      iss: "another-app",
      sub: "test",
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    const pages = [await openSdkPage(browser, server, DATA_ENTRY)];
    await withPages(pages, async () => {
      const [page] = pages;
      await page.evaluate(async (token) => {
        const { getTalkSession } = window.SDK;
        const session = getTalkSession({ appId: "demo", userId: "test" });
        window.tokenRequests = 0;
        // Every token it is given is refused.
        session.onNeedToken = async () => {
          window.tokenRequests += 1;
          session.setToken(token);
        };
        window.fatal = new Promise((resolve) => session.onError(resolve));
        window.request = session.currentUser.get().then(
          () => "resolved",
          (error) => error.code,
        );
      }, wrongApp);
      assert.equal(await page.evaluate(() => window.fatal.then((error) => error.code)), "TOKEN_WRONG_APP");
      const requests = await page.evaluate(() => window.tokenRequests);
      assert.ok(requests >= 1 && requests <= 10, `asked for a bounded number of tokens (${requests})`);
      assert.equal(await page.evaluate(() => window.request), "TOKEN_WRONG_APP");
      // Nothing can show that it will never ask again; a second is long enough to catch a retry loop.
      await page.waitForTimeout(1000);
      assert.equal(await page.evaluate(() => window.tokenRequests), requests, "no more token requests after giving up");
    });
  }),
);
