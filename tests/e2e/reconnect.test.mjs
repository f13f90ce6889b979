// The connection as people live with it: the server goes away and comes back. Messages written
// meanwhile go out once it is back, messages sent by others meanwhile are caught up, and nothing is
// lost or shown twice.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  describeProblems,
  launchBrowser,
  messageWithText,
  openPage,
  sendMessage,
  startServer,
  uniqueText,
  waitForChatReady,
  waitForSentMessage,
} from "./helpers.mjs";

// Reconnecting uses backoff of up to 30 s; give the catch-up room beyond that.
const RECOVERY_MS = 45_000;

let browser;
let dataDir;

before(async () => {
  browser = await launchBrowser();
  dataDir = await mkdtemp(join(tmpdir(), "chat-e2e-restart-"));
});

after(async () => {
  await browser?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function texts(page) {
  return page.locator(".ce-messages .ce-message .ce-message-text").allTextContents();
}

test("a server restart loses nothing and duplicates nothing", { timeout: 150_000 }, async () => {
  let server = await startServer({ dataDir, appSecret: "first-secret-0123456789abcdef0123456789" });
  const listen = new URL(server.url).host;
  const alice = await openPage(browser, `${server.url}/chat.html?user=alice`);
  const bob = await openPage(browser, `${server.url}/chat.html?user=bob`);
  try {
    await waitForChatReady(alice);
    await waitForChatReady(bob);
    const before = uniqueText("before the restart");
    await sendMessage(alice, before);
    await waitForSentMessage(bob, before);

    await server.stop();
    await alice.locator(".ce-banner").waitFor({ state: "visible", timeout: 15_000 });

    // Written while the server is down: shown as sending, not lost.
    const offlineAlice = uniqueText("alice while offline");
    const offlineBob = uniqueText("bob while offline");
    await sendMessage(alice, offlineAlice);
    await sendMessage(bob, offlineBob);
    await messageWithText(alice, offlineAlice).and(alice.locator('[data-status="sending"]')).waitFor();

    // Back on the same address and data, with a new app secret: the old tokens are refused and the
    // pages' token functions are asked for new ones.
    const secret = "second-secret-0123456789abcdef012345678";
    server = await startServer({ listen, dataDir, appSecret: secret });
    // A message from the app's backend while the pages are still reconnecting: caught up by resume.
    const fromBackend = uniqueText("posted by the backend");
    const posted = await fetch(`${server.url}/v1/admin/conversations/demo/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ senderId: "bob", text: fromBackend }),
    });
    assert.equal(posted.status, 200, await posted.text());

    for (const page of [alice, bob]) {
      for (const text of [offlineAlice, offlineBob, fromBackend]) {
        await messageWithText(page, text)
          .and(page.locator('[data-status="sent"]'))
          .waitFor({ timeout: RECOVERY_MS });
      }
      await page.locator(".ce-banner").waitFor({ state: "hidden", timeout: RECOVERY_MS });
    }

    // Each message exactly once, and both people see the same conversation in the same order.
    const aliceTexts = await texts(alice);
    const bobTexts = await texts(bob);
    for (const text of [before, offlineAlice, offlineBob, fromBackend]) {
      assert.equal(aliceTexts.filter((t) => t === text).length, 1, `alice sees "${text}" once: ${aliceTexts}`);
      assert.equal(bobTexts.filter((t) => t === text).length, 1, `bob sees "${text}" once: ${bobTexts}`);
    }
    assert.deepEqual(aliceTexts, bobTexts, "both show the same messages in the same order");

    // The server stored each exactly once too: a reload shows the same list.
    await bob.reload();
    await waitForChatReady(bob);
    await waitForSentMessage(bob, fromBackend);
    assert.deepEqual(await texts(bob), bobTexts, "the stored history matches what was shown live");
  } catch (error) {
    error.message += describeProblems(alice, bob);
    throw error;
  } finally {
    await alice.context().close();
    await bob.context().close();
    await server.stop();
  }
});
