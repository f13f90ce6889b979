// The Data API example page (www/examples/data-api.html) works as written against the demo server:
// two people see the demo conversation in their lists, a message sent from one page's send box
// appears in the other's, formatted, and markup-looking text stays text.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser, openPage, uniqueText } from "./helpers.mjs";
import { startDataServer, withPages } from "./data-helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const message = (page, text) => page.locator("#messages .message").filter({ hasText: text });

test("the Data API example: list, messages and send box between two people", { timeout: 90_000 }, async () => {
  const server = await startDataServer();
  const pages = [];
  try {
    pages.push(
      await openPage(browser, `${server.url}/examples/data-api.html?user=alice`),
      await openPage(browser, `${server.url}/examples/data-api.html?user=bob`),
    );
    await withPages(pages, async () => {
      const [alice, bob] = pages;
      for (const [page, name] of [[alice, "Alice"], [bob, "Bob"]]) {
        await page.locator("#me").getByText(name, { exact: true }).waitFor({ timeout: TIMEOUT_MS });
        const demo = page.locator('#conversations button[data-conversation-id="demo"]');
        await demo.waitFor({ timeout: TIMEOUT_MS });
        assert.match(await demo.textContent(), /Demo chat/);
        // The first conversation is opened by itself.
        await page.locator("#title").getByText("Demo chat", { exact: true }).waitFor({ timeout: TIMEOUT_MS });
        await page.locator("#composer").waitFor({ state: "visible", timeout: TIMEOUT_MS });
      }
      // Carol is not in the demo conversation: her list is empty.
      const carol = await openPage(browser, `${server.url}/examples/data-api.html?user=carol`);
      pages.push(carol);
      await carol.locator("#me").getByText("Carol", { exact: true }).waitFor({ timeout: TIMEOUT_MS });

      const text = uniqueText("hello from the data api example");
      await alice.locator("#text").fill(`${text} *bold*`);
      await alice.locator("#composer button[type=submit]").click();
      for (const page of [alice, bob]) {
        const shown = message(page, text);
        await shown.waitFor({ timeout: TIMEOUT_MS });
        assert.equal(await shown.locator(".sender").textContent(), "Alice");
        assert.equal(await shown.locator(".body strong").textContent(), "bold");
      }
      // Bob's list shows it as the last message.
      await bob
        .locator('#conversations button[data-conversation-id="demo"] .preview')
        .getByText(`Alice: ${text} bold`, { exact: true })
        .waitFor({ timeout: TIMEOUT_MS });

      // Text that looks like HTML is shown as text, and nothing in it runs.
      const html = `<img src=x onerror="window.injected=1"> ${uniqueText("not html")}`;
      await bob.locator("#text").fill(html);
      await bob.locator("#text").press("Enter");
      for (const page of [alice, bob]) {
        const shown = message(page, html);
        await shown.waitFor({ timeout: TIMEOUT_MS });
        assert.equal(await shown.locator(".body").textContent(), html);
        assert.equal(await page.locator("#messages img").count(), 0);
        assert.equal(await page.evaluate(() => window.injected), undefined);
      }
      assert.equal(await carol.locator("#conversations li").count(), 0);
    });
  } finally {
    await server.stop();
  }
});
