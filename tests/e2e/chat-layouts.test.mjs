// The chat-element's two layouts (Whop's `style`) in Chromium against the real server: iMessage
// bubbles (own messages on the right in the accent colour, the others' on the left with a small
// avatar, names only on a group's first message), Discord rows (all on the left, avatar, name and
// time on a group's first row, compact follow-ups, a hover highlight), avatars from `photoUrl`
// (alt="") or initials, switching at runtime without a remount, and invalid values
// refused. Screenshots of every element and the search modal in both styles and both themes go
// to test-artifacts/ (layouts-STYLE-THEME-ELEMENT.png) for review; they are not committed.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser, repoRoot } from "./helpers.mjs";
import { openSdkPage, startDataServer, waitInPage, withPages } from "./data-helpers.mjs";
import { mountDmsList, mountSearch, openSearchModal, openThemedPage, startSeededServer } from "./theme-helpers.mjs";

const ARTIFACTS = join(repoRoot, "test-artifacts");
const INDIGO = "rgb(62, 99, 221)"; // the default accent
const TRANSPARENT = "rgba(0, 0, 0, 0)";

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDataServer()]);
  await mkdir(ARTIFACTS, { recursive: true });
  await server.putUser("ann", "Ann Lee");
  await server.adminOk("PUT", "/v1/admin/users/ben", { name: "Ben", photoUrl: `${server.url}/healthz?avatar` });
  await server.putUser("cy", "Cy Evil");
  await server.putConversation("layout", { subject: "Layouts", participants: ["ann", "ben", "cy"] });
  for (const [sender, text] of [
    ["ben", "ben one"],
    ["ben", "ben two"],
    ["ann", "ann one"],
    ["ann", "ann two"],
    ["cy", "cy one"],
  ]) {
    await server.postMessage("layout", sender, text);
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page where Ann has the chat-element for "layout" mounted as `window.chat` (480 × 600 px). */
async function openChat(options = {}) {
  const page = await openSdkPage(browser, server);
  await page.evaluate((options) => {
    const container = document.createElement("div");
    container.id = "chat";
    container.style.cssText = "height:600px;width:480px";
    document.body.append(container);
    window.session = window.SDK.createChatSession({ token: () => window.mintToken("ann") });
    window.chat = window.session.createElement("chat-element", { channelId: "layout", ...options });
    window.chat.mount("#chat");
  }, options);
  await page.locator('.ce-chat[data-state="ready"] .ce-message').filter({ hasText: "cy one" }).waitFor({ timeout: TIMEOUT_MS });
  return page;
}

/** Per message text: its box, the list's box, and what its avatar, name and time show. */
function describeRows(page) {
  return page.evaluate(() => {
    const list = document.querySelector(".ce-messages").getBoundingClientRect();
    const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const rows = {};
    for (const row of document.querySelectorAll(".ce-message")) {
      const box = row.getBoundingClientRect();
      const avatar = row.querySelector(".ce-avatar");
      const img = avatar.querySelector("img");
      rows[row.querySelector(".ce-message-text").textContent] = {
        left: box.left - list.left,
        right: list.right - box.right,
        width: box.width,
        background: getComputedStyle(row).backgroundColor,
        grouped: row.classList.contains("ce-grouped"),
        avatar: visible(avatar),
        avatarBox: avatar.getBoundingClientRect().toJSON(),
        initials: avatar.textContent,
        img: img && { src: img.getAttribute("src"), alt: img.getAttribute("alt") },
        name: visible(row.querySelector(".ce-message-sender")),
        time: visible(row.querySelector(".ce-message-time")),
        timeText: row.querySelector(".ce-message-time").textContent,
      };
    }
    return { rows, listWidth: list.width };
  });
}

test("imessage (the default): own bubbles right in the accent colour, others left with avatars, grouped names", { timeout: 90_000 }, async () => {
  const page = await openChat();
  await withPages([page], async () => {
    assert.equal(await page.locator(".ce-chat").getAttribute("data-ce-style"), "imessage");
    const { rows, listWidth } = await describeRows(page);
    // Own messages hug the right edge, the others' the left.
    for (const own of ["ann one", "ann two"]) {
      assert.ok(rows[own].right < 20, `${own} is on the right (${rows[own].right}px from the edge)`);
      assert.ok(rows[own].left > listWidth / 3, `${own} does not start on the left`);
      assert.equal(rows[own].background, INDIGO, `${own} is in the accent colour`);
      assert.equal(rows[own].avatar, false, "no avatar for own messages");
    }
    for (const other of ["ben one", "ben two", "cy one"]) {
      assert.ok(rows[other].left < 60, `${other} is on the left`);
      assert.ok(rows[other].right > 20, `${other} does not reach the right edge`);
      assert.notEqual(rows[other].background, INDIGO);
    }
    // A group shows its name and avatar once, on its first message.
    assert.deepEqual(
      ["ben one", "ben two", "ann one", "ann two", "cy one"].map((t) => rows[t].grouped),
      [false, true, false, true, false],
    );
    assert.equal(rows["ben one"].name, true);
    assert.equal(rows["ben two"].name, false);
    assert.equal(rows["ben one"].avatar, true);
    assert.equal(rows["ben two"].avatar, false);
    assert.equal(rows["cy one"].avatar, true);
    // The avatar sits beside the bubble, not inside it, and is small.
    const ben = rows["ben one"];
    assert.ok(ben.avatarBox.width <= 32 && ben.avatarBox.width >= 20, `avatar width ${ben.avatarBox.width}`);
    // Photo (http) with alt=""; without one, initials on a colour.
    assert.deepEqual(ben.img, { src: `${server.url}/healthz?avatar`, alt: "" });
    assert.equal(rows["cy one"].img, null);
    assert.equal(rows["cy one"].initials, "CE");
    assert.notEqual(await page.locator(".ce-message").filter({ hasText: "cy one" }).locator(".ce-avatar").evaluate((el) => getComputedStyle(el).backgroundColor), TRANSPARENT);
    // No time in bubbles.
    assert.equal(rows["ben one"].time, false);
  });
});

test("discord: rows on the left with avatar, name and time per group; switched at runtime without remount", { timeout: 90_000 }, async () => {
  const page = await openChat();
  await withPages([page], async () => {
    await page.evaluate(() => {
      window.rootBefore = document.querySelector(".ce-chat");
      window.optionsSeen = [];
      window.chat.on("optionsUpdated", (options) => window.optionsSeen.push(options.style));
      window.chat.updateOptions({ style: "discord" });
    });
    await page.locator('.ce-chat[data-ce-style="discord"]').waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await page.evaluate(() => window.rootBefore === document.querySelector(".ce-chat")), true, "same root");
    assert.deepEqual(await page.evaluate(() => window.optionsSeen), ["discord"]);
    assert.equal(await page.evaluate(() => window.chat.options.style), "discord");

    const { rows, listWidth } = await describeRows(page);
    const texts = ["ben one", "ben two", "ann one", "ann two", "cy one"];
    // Everyone's rows start at the same left edge and span the list.
    for (const text of texts) {
      assert.equal(rows[text].left, rows["ben one"].left, `${text} is left-aligned like the others`);
      assert.ok(rows[text].width > listWidth - 30, `${text} spans the list`);
      assert.equal(rows[text].background, TRANSPARENT, `${text} is not a bubble`);
    }
    // First of a group: avatar (also for own messages), name and time; follow-ups: none.
    for (const first of ["ben one", "ann one", "cy one"]) {
      assert.deepEqual(
        [rows[first].avatar, rows[first].name, rows[first].time],
        [true, true, true],
        `${first} opens a group`,
      );
      assert.match(rows[first].timeText, /\d/);
      assert.equal(rows[first].avatarBox.width, 40);
    }
    for (const follow of ["ben two", "ann two"]) {
      assert.deepEqual([rows[follow].avatar, rows[follow].name, rows[follow].time], [false, false, false]);
    }
    // Follow-ups are compact: shorter than a group's first row.
    const height = (text) => page.locator(".ce-message").filter({ hasText: text }).evaluate((el) => el.offsetHeight);
    assert.ok((await height("ben two")) < (await height("ben one")), "follow-ups are compact");

    // Hover highlights a row.
    const row = page.locator(".ce-message").filter({ hasText: "ben two" });
    await row.hover();
    const hovered = await row.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(hovered, TRANSPARENT, "hovered rows are highlighted");

    // And back to bubbles.
    await page.evaluate(() => window.chat.updateOptions({ style: "imessage" }));
    await page.mouse.move(0, 0);
    const back = await describeRows(page);
    assert.ok(back.rows["ann one"].right < 20, "own messages on the right again");
    assert.equal(await page.evaluate(() => window.rootBefore === document.querySelector(".ce-chat")), true);
  });
});

test("an invalid style is refused with INVALID_OPTIONS, at creation and in updateOptions", { timeout: 60_000 }, async () => {
  const page = await openChat({ style: "discord" });
  await withPages([page], async () => {
    assert.equal(await page.locator(".ce-chat").getAttribute("data-ce-style"), "discord");
    const codes = await page.evaluate(() => {
      const code = (f) => {
        try {
          f();
          return null;
        } catch (error) {
          return error.code;
        }
      };
      return {
        create: code(() => window.session.createElement("chat-element", { channelId: "layout", style: "slack" })),
        createNumber: code(() => window.session.createElement("chat-element", { channelId: "layout", style: 1 })),
        features: code(() => window.session.createElement("chat-element", { channelId: "layout", features: "all" })),
        update: code(() => window.chat.updateOptions({ style: "IMESSAGE" })),
      };
    });
    assert.deepEqual(codes, {
      create: "INVALID_OPTIONS",
      createNumber: "INVALID_OPTIONS",
      features: "INVALID_OPTIONS",
      update: "INVALID_OPTIONS",
    });
    // The refused update changed nothing.
    assert.equal(await page.locator(".ce-chat").getAttribute("data-ce-style"), "discord");
    assert.equal(await page.evaluate(() => window.chat.options.style), "discord");
  });
});

test("screenshots of each element and the search modal in both styles and both themes", { timeout: 180_000 }, async () => {
  const seeded = await startSeededServer();
  try {
    for (const style of ["imessage", "discord"]) {
      for (const theme of ["light", "dark"]) {
        const page = await openThemedPage(browser, seeded, { theme: { appearance: theme } });
        await withPages([page], async () => {
          await mountDmsList(page);
          await mountSearch(page);
          await page.evaluate((style) => {
            window.chat = window.session.createElement("chat-element", { channelId: "kittens", style });
            window.chat.mount("#chat");
          }, style);
          await page.locator(`.ce-chat[data-ce-style="${style}"][data-state="ready"] .ce-message`).first().waitFor({ timeout: TIMEOUT_MS });
          await waitInPage(page, () => [...document.querySelectorAll(".ce-root")].every((r) => r.dataset.ceTheme));
          await page.evaluate(() => document.activeElement?.blur());
          const shots = [
            ["chat", "#chat .ce-chat"],
            ["dms-list", "#dms .ce-dms"],
            ["search", "#search .ce-search"],
          ];
          for (const [name, selector] of shots) {
            const path = join(ARTIFACTS, `layouts-${style}-${theme}-${name}.png`);
            const bytes = await page.locator(selector).screenshot({ path });
            assert.ok(bytes.length > 1000, `${name} screenshot has content`);
          }
          await openSearchModal(page);
          await page.evaluate(() => document.activeElement?.blur());
          const modal = await page.locator(".ce-modal").screenshot({
            path: join(ARTIFACTS, `layouts-${style}-${theme}-search-modal.png`),
          });
          assert.ok(modal.length > 1000);
        });
      }
    }
  } finally {
    await seeded.stop();
  }
});
