// The Data API's search (searchConversations, searchMessages) and file uploads (uploadImage & co.,
// file content blocks) run in Chromium against a real server. Each test has its own server and
// closes its pages.
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import {
  DATA_ENTRY,
  openSessionPage,
  signJwt,
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

/** Starts a search in the page as `window.search`, recording each onResults call in `window.searchCalls`. */
function startSearch(page, kind) {
  return page.evaluate((kind) => {
    window.searchCalls = [];
    const key = (r) => (r.message ? `${r.conversation.id}/${r.message.plaintext}` : r.id);
    window.search = window.session[kind]((results, status) => {
      window.searchCalls.push({ keys: results.map(key), status });
    });
  }, kind);
}

/** What the page reported besides failed HTTP statuses (an uncaught error, an unhandled rejection). */
function unexpectedProblems(page) {
  return page.problems.filter((problem) => !problem.includes("Failed to load resource"));
}

/** How many requests with `op` the page sent so far. */
function framesSent(page, op) {
  return page.evaluate((op) => window.__frames.filter((f) => f.op === op).length, op);
}

/** The rejection's code of `promise` (a function run in the page), or "resolved". */
async function rejectionCode(page, fn, arg) {
  return page.evaluate(
    async ({ source, arg }) => {
      try {
        // eslint-disable-next-line no-new-func
        await new Function(`return (${source})`)()(arg);
        return "resolved";
      } catch (error) {
        return error.code ?? String(error);
      }
    },
    { source: fn.toString(), arg },
  );
}

test("searchConversations streams its results with statuses; nobody finds a conversation they are not in", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    for (const id of ["ann", "ben", "cat"]) await server.putUser(id, id.toUpperCase());
    await server.putConversation("k1", { subject: "Kittens for sale", participants: ["ann", "ben"] });
    await server.putConversation("k2", { subject: "Kitten food", participants: ["ann"] });
    await server.putConversation("k3", { subject: "Pets", custom: { search: "kittens and cats" }, participants: ["ann"] });
    await server.putConversation("k4", { subject: "More kittens", participants: ["ann", "cat"] });
    await server.putConversation("secret", { subject: "Secret kittens", participants: ["ben", "cat"] });
    await server.putConversation("dogs", { subject: "Dogs", participants: ["ann"] });
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "cat", DATA)];
    await withPages(pages, async () => {
      const [ann, cat] = pages;
      await startSearch(ann, "searchConversations");
      // The seed's first example: results streamed to the callback.
      const first = await ann.evaluate(async () => {
        const state = await window.search.setQuery("kitten");
        return { ids: state.results.map((c) => c.id), loadedAll: state.loadedAll, calls: [...window.searchCalls] };
      });
      assert.deepEqual(first.calls[0], { keys: [], status: "searching" });
      assert.equal(first.calls.length, 2);
      assert.equal(first.calls[1].status, "canLoadMore");
      assert.deepEqual(first.calls[1].keys, first.ids);
      assert.equal(first.ids.length, 3, "the first page has 3 results, as in TalkJS");
      assert.equal(first.loadedAll, false);

      const all = await ann.evaluate(async () => {
        const state = await window.search.loadMore();
        return { ids: state.results.map((c) => c.id), loadedAll: state.loadedAll, calls: window.searchCalls.slice(2) };
      });
      assert.deepEqual(all.ids.slice(0, 3), first.ids, "loadMore appends");
      assert.deepEqual([...all.ids].sort(), ["k1", "k2", "k3", "k4"]);
      assert.equal(all.loadedAll, true);
      assert.deepEqual(all.calls, [
        { keys: first.ids, status: "searching" },
        { keys: all.ids, status: "loadedAll" },
      ]);

      // Ann is not in "secret"; Cat is.
      const annSecret = await ann.evaluate(async () => (await window.search.setQuery("secret")).results.map((c) => c.id));
      assert.deepEqual(annSecret, []);
      const catSecret = await cat.evaluate(async () =>
        (await window.session.searchConversations().setQuery("secret kit")).results.map((c) => c.id),
      );
      assert.deepEqual(catSecret, ["secret"]);
      const catKittens = await cat.evaluate(async () => {
        const search = window.session.searchConversations();
        let state = await search.setQuery("kittens");
        while (!state.loadedAll) state = await search.loadMore(50);
        return state.results.map((c) => c.id).sort();
      });
      assert.deepEqual(catKittens, ["k4", "secret"]);
    });
  }),
);

test("searchMessages: the awaited first page, then loadMore to loadedAll with collapsed parallel calls", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    for (const id of ["ann", "ben", "cat"]) await server.putUser(id, id.toUpperCase());
    await server.putConversation("chat", { subject: "Chat", participants: ["ann", "ben"] });
    await server.putConversation("hidden", { participants: ["ben", "cat"] });
    const sent = [];
    for (let i = 1; i <= 12; i += 1) {
      sent.push(await server.postMessage("chat", i % 2 ? "ben" : "ann", `Hello number ${i}`));
      if (i === 6) await server.postMessage("hidden", "ben", "hello from the hidden room");
      if (i === 9) await server.postMessage("chat", "ben", "nothing to see");
    }
    const newestFirst = sent.map((m) => `chat/${m.plaintext}`).reverse();
    const pages = [await openSessionPage(browser, server, "ann", DATA)];
    await withPages(pages, async () => {
      const [ann] = pages;
      // The seed's second example: await the whole first page.
      const first = await ann.evaluate(async () => {
        const search = window.session.searchMessages();
        const { results, loadedAll } = await search.setQuery("Hello");
        return {
          results: results.map((r) => ({
            conversationId: r.conversation.id,
            subject: r.conversation.subject,
            id: r.message.id,
            text: r.message.plaintext,
            senderId: r.message.sender.id,
          })),
          loadedAll,
        };
      });
      assert.equal(first.loadedAll, false);
      assert.deepEqual(
        first.results.map((r) => `${r.conversationId}/${r.text}`),
        newestFirst.slice(0, 3),
      );
      assert.equal(first.results[0].id, sent[11].id);
      assert.equal(first.results[0].subject, "Chat");
      assert.equal(first.results[0].senderId, "ann");

      await startSearch(ann, "searchMessages");
      await ann.evaluate(() => window.search.setQuery("hello"));
      const before = await framesSent(ann, "searchMessages");
      const paged = await ann.evaluate(async () => {
        const a = window.search.loadMore(4);
        const b = window.search.loadMore(40);
        const same = a === b;
        const [x, y] = await Promise.all([a, b]);
        return { same, keys: x.results.length, equal: JSON.stringify(x) === JSON.stringify(y), loadedAll: x.loadedAll };
      });
      assert.deepEqual(paged, { same: true, keys: 7, equal: true, loadedAll: false });
      assert.equal(await framesSent(ann, "searchMessages"), before + 1, "parallel loadMore calls send one request");

      const rest = await ann.evaluate(async () => {
        let state = await window.search.loadMore(4);
        const after11 = state.results.length;
        state = await window.search.loadMore();
        return { after11, keys: window.searchCalls.at(-1).keys, loadedAll: state.loadedAll, statuses: window.searchCalls.map((c) => c.status) };
      });
      assert.equal(rest.after11, 11);
      assert.deepEqual(rest.keys, newestFirst, "every match once, newest first, none from a conversation Ann is not in");
      assert.equal(rest.loadedAll, true);
      assert.deepEqual(rest.statuses, [
        "searching", "canLoadMore", // setQuery
        "searching", "canLoadMore", // loadMore(4) x2, collapsed
        "searching", "canLoadMore", // loadMore(4)
        "searching", "loadedAll", // loadMore()
      ]);
      // Nothing more to load: resolves at once, no request.
      const sentBefore = await framesSent(ann, "searchMessages");
      const again = await ann.evaluate(async () => (await window.search.loadMore()).results.length);
      assert.equal(again, 12);
      assert.equal(await framesSent(ann, "searchMessages"), sentBefore);

      // One conversation only (an extension), and one Ann is not in.
      const inChat = await ann.evaluate(async () =>
        (await window.session.searchMessages().setQuery("hello", { conversationId: "chat" })).results.length,
      );
      assert.equal(inChat, 3);
      assert.equal(
        await rejectionCode(ann, () => window.session.searchMessages().setQuery("hello", { conversationId: "hidden" })),
        "FORBIDDEN",
      );
    });
  }),
);

test("a new setQuery cancels the previous one: no stale results, the old promise rejects with CANCELLED", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putConversation("chat", { participants: ["ann"] });
    for (let i = 0; i < 5; i += 1) {
      await server.postMessage("chat", "ann", `alpha ${i}`);
      await server.postMessage("chat", "ann", `beta ${i}`);
    }
    const pages = [await openSessionPage(browser, server, "ann", DATA)];
    await withPages(pages, async () => {
      const [ann] = pages;
      await startSearch(ann, "searchMessages");
      const outcome = await ann.evaluate(async () => {
        // Connected first, so both requests are really in flight together.
        await window.session.currentUser.get();
        const alpha = window.search.setQuery("alpha").then(
          (state) => `resolved with ${state.results.length}`,
          (error) => error.code,
        );
        const beta = window.search.setQuery("beta");
        // A search nobody awaits: cancelling it must not surface as an unhandled rejection.
        window.search.setQuery("beta");
        const result = await window.search.loadMore(2);
        return { alpha: await alpha, betaCode: await beta.then(() => "resolved", (e) => e.code), texts: result.results.map((r) => r.message.plaintext) };
      });
      assert.equal(outcome.alpha, "CANCELLED");
      assert.equal(outcome.betaCode, "CANCELLED");
      // loadMore while the last setQuery loads returns that page's promise.
      assert.equal(outcome.texts.length, 3);
      assert.ok(outcome.texts.every((t) => t.startsWith("beta")), outcome.texts.join());
      // Late replies of the older queries are dropped: give them time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const calls = await ann.evaluate(() => window.searchCalls);
      const stale = calls.filter((c) => c.keys.some((k) => k.includes("alpha")));
      assert.deepEqual(stale, [], "no result of the replaced query reaches the callback");
      assert.deepEqual(calls.at(-1).status, "canLoadMore");
      assert.equal(calls.at(-1).keys.length, 3);

      // Argument errors reject with INVALID_ARGUMENT, without calling onResults.
      const count = calls.length;
      assert.equal(await rejectionCode(ann, () => window.search.setQuery("   ")), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.search.setQuery(42)), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.search.setQuery("x".repeat(201))), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.search.setQuery("beta", { conversation: {} })), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.search.loadMore(0)), "INVALID_ARGUMENT");
      const statuses = await ann.evaluate((count) => window.searchCalls.slice(count).map((c) => c.status), count);
      // Only the over-long query reached the server (and said "searching").
      assert.deepEqual(statuses, ["searching"]);
      // After a failed setQuery there is no query: loadMore resolves with nothing, sending nothing.
      const sent = await framesSent(ann, "searchMessages");
      assert.deepEqual(await ann.evaluate(() => window.search.loadMore()), { results: [], loadedAll: false });
      assert.equal(await framesSent(ann, "searchMessages"), sent);
      assert.deepEqual(unexpectedProblems(ann), []);
    });
  }),
);

test("searchMessages finds a message sent a moment ago", { timeout: 60_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putConversation("chat", { participants: ["ann"] });
    const pages = [await openSessionPage(browser, server, "ann", DATA)];
    await withPages(pages, async () => {
      const [ann] = pages;
      const found = await ann.evaluate(async () => {
        const message = await window.session.conversation("chat").send("Fresh pineapple on the *Zürich* train");
        const { results, loadedAll } = await window.session.searchMessages().setQuery("PINEAPPLE zurich");
        return { sentId: message.id, ids: results.map((r) => r.message.id), loadedAll };
      });
      assert.deepEqual(found.ids, [found.sentId]);
      assert.equal(found.loadedAll, true);
    });
  }),
);

// --- files -----------------------------------------------------------------------------------

/** A real PNG image of `width` x `height` red pixels. */
function pngBytes(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = [];
  for (let y = 0; y < height; y += 1) rows.push(Buffer.from([0, ...Array(width).fill([255, 0, 0]).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("an image uploaded with progress, sent, received with its metadata and downloadable; its token sent again", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    await server.putUser("ben", "Ben");
    await server.putConversation("pics", { participants: ["ann", "ben"] });
    await server.putConversation("more", { participants: ["ann", "ben"] });
    const png = pngBytes(2, 3);
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ben", DATA)];
    await withPages(pages, async () => {
      const [ann, ben] = pages;
      const uploads = [];
      ann.on("request", (request) => {
        if (request.url().includes("/v1/files?")) uploads.push({ url: request.url(), headers: request.headers() });
      });
      await ben.evaluate(async () => {
        window.messages = window.session.conversation("pics").subscribeMessages(window.recorder("messages"));
        await window.messages.connected;
      });

      const upload = await ann.evaluate(async (bytes) => {
        const progress = [];
        const blob = new Blob([new Uint8Array(bytes)], { type: "image/png" });
        const fileToken = await window.session.uploadImage(blob, {
          filename: "red pixels.png",
          width: 2,
          height: 3,
          onProgress: (sent, total) => progress.push([sent, total]),
        });
        const sent = await window.session.conversation("pics").send({ content: [{ type: "file", fileToken }] });
        return { fileToken, progress, sentContent: (await sent.get()).content };
      }, [...png]);
      assert.equal(typeof upload.fileToken, "string");
      assert.ok(upload.progress.length >= 1, "progress was reported");
      assert.deepEqual(upload.progress.at(-1), [png.length, png.length], "the last progress event has sent == total");
      for (const [i, [sent, total]] of upload.progress.entries()) {
        assert.equal(total, png.length);
        if (i > 0) assert.ok(sent > upload.progress[i - 1][0], "progress only grows");
      }
      assert.equal(uploads.length, 1);
      assert.match(uploads[0].url, /\/v1\/files\?kind=image&filename=red%20pixels\.png&width=2&height=3$/);
      const [, bearer] = /^Bearer (.+)$/.exec(uploads[0].headers.authorization) ?? [];
      assert.ok(bearer && !uploads[0].url.includes(bearer), "the token goes in the Authorization header, not the URL");

      const call = await waitForLatest(ben, "messages", (call) => call.snapshot?.[0]?.content?.[0]?.type === "file");
      const block = call.snapshot[0].content[0];
      assert.equal(block.subtype, "image");
      assert.equal(block.fileToken, upload.fileToken);
      assert.equal(block.size, png.length);
      assert.equal(block.filename, "red pixels.png");
      assert.equal(block.width, 2);
      assert.equal(block.height, 3);
      assert.equal(typeof block.url, "string");
      assert.equal(call.snapshot[0].plaintext, "");
      const withoutUrl = ({ url, ...rest }) => rest;
      assert.deepEqual(upload.sentContent.map(withoutUrl), call.snapshot[0].content.map(withoutUrl));

      const download = await ben.evaluate(async (url) => {
        const response = await fetch(url);
        return { status: response.status, type: response.headers.get("content-type"), bytes: [...new Uint8Array(await response.arrayBuffer())] };
      }, block.url);
      assert.equal(download.status, 200);
      assert.equal(download.type, "image/png");
      assert.deepEqual(download.bytes, [...png]);

      // The same token in a second message (another conversation, with text), and a received block re-sent as it is.
      const again = await ann.evaluate(async (fileToken) => {
        const second = await (
          await window.session.conversation("more").send({
            content: [{ type: "text", children: ["same picture"] }, { type: "file", fileToken }],
          })
        ).get();
        const third = await (await window.session.conversation("pics").send({ content: second.content.slice(1) })).get();
        return [second.content.map((b) => b.type), second.content[1].fileToken, third.content[0].fileToken, third.content[0].size];
      }, upload.fileToken);
      assert.deepEqual(again, [["text", "file"], upload.fileToken, upload.fileToken, png.length]);
      await waitForLatest(ben, "messages", (call) => call.snapshot.length === 2 && call.snapshot.every((m) => m.content[0].type === "file"));
      assert.deepEqual(unexpectedProblems(ann), []);
    });
  }),
);

test("upload refusals: non-image bytes and bad arguments; an expired token is refreshed once and the upload sent again", { timeout: 90_000 }, () =>
  withServer(async (server) => {
    await server.putUser("ann", "Ann");
    const pages = [await openSessionPage(browser, server, "ann", DATA), await openSessionPage(browser, server, "ann", DATA)];
    await withPages(pages, async () => {
      const [ann, fresh] = pages;
      const notAnImage = await ann.evaluate(() =>
        window.session
          .uploadImage(new Blob(["definitely not a picture"], { type: "image/png" }), { filename: "x.png" })
          .then(() => "resolved", (e) => ({ code: e.code, name: e.name, message: e.message })),
      );
      assert.equal(notAnImage.code, "INVALID_ARGUMENT");
      assert.equal(notAnImage.name, "ChatElementsError");
      assert.ok(notAnImage.message.length > 0);
      assert.equal(await rejectionCode(ann, () => window.session.uploadFile("just a string", { filename: "a.txt" })), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.session.uploadFile(new Blob(["a"]), {})), "INVALID_ARGUMENT");
      assert.equal(await rejectionCode(ann, () => window.session.uploadFile(new Blob(["a"]))), "INVALID_ARGUMENT");
      assert.equal(
        await rejectionCode(ann, () => window.session.uploadImage(new Blob(["a"]), { filename: "a.png", width: 1.5 })),
        "INVALID_ARGUMENT",
      );
      assert.equal(await rejectionCode(ann, () => window.session.uploadFile(new Blob([]), { filename: "empty.txt" })), "INVALID_ARGUMENT");

      // A session that never connected holds an expired token: the upload is refused, the token
      // refreshed through onNeedToken, and the upload sent again.
      const statuses = [];
      fresh.on("response", (response) => {
        if (response.url().includes("/v1/files?")) statuses.push(response.status());
      });
      const expired = signJwt(server.appSecret, { iss: "demo", sub: "ann", exp: Math.floor(Date.now() / 1000) - 60 });
      const result = await fresh.evaluate(async (expired) => {
        window.session.setToken(expired);
        const fileToken = await window.session.uploadFile(new Blob(["plain text"], { type: "text/plain" }), {
          filename: "notes.txt",
        });
        await window.session.conversation("notes").createIfNotExists();
        const sent = await window.session.conversation("notes").send({ content: [{ type: "file", fileToken }] });
        return { tokenRequests: window.tokenRequests, block: (await sent.get()).content[0] };
      }, expired);
      assert.deepEqual(statuses, [401, 201]);
      assert.equal(result.tokenRequests, 1);
      assert.equal(result.block.subtype, undefined);
      assert.equal(result.block.filename, "notes.txt");
      assert.equal(result.block.size, "plain text".length);
    });
  }),
);
