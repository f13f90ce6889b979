// See scripts/dom-bench.sh. Uses the end-to-end helpers: the real server on 127.0.0.1 with a
// fresh database, the admin API for seeding, Debian's Chromium through playwright-core.
import { launchBrowser } from "../tests/e2e/helpers.mjs";
import { openSdkPage, startDataServer } from "../tests/e2e/data-helpers.mjs";

const total = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(total) || total < 1) throw new Error("usage: dom-bench.mjs MESSAGES");

const server = await startDataServer();
const browser = await launchBrowser();
try {
  await server.putUser("bench-ann", "Ann");
  await server.putUser("bench-ben", "Ben");
  await server.putConversation("bench", { subject: "Bench", participants: ["bench-ann", "bench-ben"] });
  const seedStart = performance.now();
  // One at a time, so message "bN" is the Nth in the conversation.
  for (let i = 1; i <= total; i += 1) {
    await server.postMessage("bench", i % 2 ? "bench-ben" : "bench-ann", i % 10 === 0 ? `b${i}\nwith a second line` : `b${i}`);
  }
  console.log(`seeded ${total} messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const page = await openSdkPage(browser, server);
  const firstRender = await page.evaluate(async () => {
    const container = document.createElement("div");
    container.id = "chat";
    container.style.cssText = "height:600px;width:480px;display:flex;flex-direction:column";
    document.body.append(container);
    window.session = window.SDK.createChatSession({ token: () => window.mintToken("bench-ann") });
    const chat = window.session.createElement("chat-element", { channelId: "bench" });
    const start = performance.now();
    chat.mount("#chat");
    await new Promise((resolve) => {
      const check = () => (document.querySelector(".ce-chat .ce-message") ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - start;
  });

  // The oldest message shown, its number, and the nodes inside the element.
  const probe = () =>
    page.evaluate(() => {
      const root = document.querySelector(".ce-root.ce-chat");
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      let nodes = 1;
      while (walker.nextNode()) nodes += 1;
      const texts = [...root.querySelectorAll(".ce-message-text")].map((t) => Number(/^b(\d+)/.exec(t.textContent)?.[1]));
      return {
        nodes,
        elements: root.querySelectorAll("*").length + 1,
        rows: texts.length,
        oldest: Math.min(...texts.filter((n) => n > 0)),
      };
    });

  const rows = [];
  const report = (loaded, sample, ms) => rows.push({ loaded, ...sample, ms });
  const first = await probe();
  report(total - first.oldest + 1, first, firstRender);
  const checkpoints = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000].filter((n) => n < total);
  const loadStart = performance.now();
  let most = first.nodes;
  for (;;) {
    const sample = await probe();
    most = Math.max(most, sample.nodes);
    const loaded = total - sample.oldest + 1;
    while (checkpoints.length && loaded >= checkpoints[0]) {
      checkpoints.shift();
      report(loaded, sample, performance.now() - loadStart + firstRender);
    }
    if (sample.oldest === 1) {
      // The oldest is in the DOM: everything is loaded.
      report(loaded, sample, performance.now() - loadStart + firstRender);
      break;
    }
    if (performance.now() - loadStart > 600_000) throw new Error("history did not load within 10 minutes");
    await page.evaluate(() => {
      document.querySelector(".ce-messages").scrollTop = 0;
    });
    await page.waitForTimeout(20);
  }
  const loadAll = performance.now() - loadStart;

  console.log("");
  console.log("| messages loaded | DOM nodes in the element | elements | message rows in the DOM | elapsed since mount |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(`| ${r.loaded} | ${r.nodes} | ${r.elements} | ${r.rows} | ${(r.ms / 1000).toFixed(2)} s |`);
  }
  console.log("");
  console.log(`time to first render (mount → first message row): ${firstRender.toFixed(0)} ms`);
  console.log(`time to load all ${total} messages (scrolling to the top repeatedly): ${(loadAll / 1000).toFixed(1)} s`);
  console.log(`most DOM nodes in the element at any sample: ${most}`);
} finally {
  await browser.close();
  await server.stop();
}
