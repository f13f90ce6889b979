// Moderation in the chat-element (Whop's `features.banUser` / `features.muteUser`) in Chromium
// against the real server, which enforces it: an admin mutes a user from the message menu by
// keyboard (the user's composer shows the mute and a send is refused with MUTED), unmutes, bans
// (the user loses access) and unbans; a non-admin sees no moderation actions; the feature flags
// hide them; a refusal by the server is shown. One server for the file; each test has its own
// users and conversation.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser } from "./helpers.mjs";
import { APP_ID, openSdkPage, startDataServer, waitInPage, withPages } from "./data-helpers.mjs";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDataServer()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

let counter = 0;
/** An admin `mod`, users `ben` and `cal` in a fresh conversation where Ben said something. */
async function setup() {
  counter += 1;
  const ids = { mod: `mod${counter}`, ben: `ben${counter}`, cal: `cal${counter}`, conv: `mod-chat${counter}` };
  await server.adminOk("PUT", `/v1/admin/users/${ids.mod}`, { name: "Mo", role: "admin" });
  await server.putUser(ids.ben, "Ben");
  await server.putUser(ids.cal, "Cal");
  await server.putConversation(ids.conv, { subject: "Moderated", participants: [ids.mod, ids.ben, ids.cal] });
  await server.postMessage(ids.conv, ids.ben, "hello from ben");
  await server.postMessage(ids.conv, ids.mod, "hello from mo");
  return ids;
}

/** A page where `userId` has the chat-element for `conv` mounted; its errors' codes land in `window.errors`. */
async function openChat(userId, conv, options = {}) {
  const page = await openSdkPage(browser, server);
  await page.evaluate(
    ({ userId, conv, options }) => {
      const container = document.createElement("div");
      container.id = "chat";
      container.style.cssText = "height:600px;width:480px";
      document.body.append(container);
      window.session = window.SDK.createChatSession({ token: () => window.mintToken(userId) });
      window.errors = [];
      window.chat = window.session.createElement("chat-element", { channelId: conv, ...options });
      window.chat.on("error", (error) => window.errors.push(error.code));
      window.chat.mount("#chat");
    },
    { userId, conv, options },
  );
  await row(page, "hello from ben").waitFor({ timeout: TIMEOUT_MS });
  return page;
}

function row(page, text) {
  return page.locator(".ce-messages .ce-message").filter({ has: page.locator(".ce-message-text", { hasText: text }) });
}

/** Opens the actions menu of the message `text` by keyboard (focus on its ⋯, Enter). */
async function openMenu(page, text) {
  await row(page, text).locator(".ce-actions-toggle").focus();
  await page.keyboard.press("Enter");
  await page.locator(".ce-menu").waitFor({ timeout: TIMEOUT_MS });
}

/** The labels of the open menu's items that are not emoji reactions. */
function menuLabels(page) {
  return page.locator(".ce-menu .ce-menu-item").allTextContents();
}

/** Opens the menu until it lists `label` (the moderation state arrives by watch), keyboard only. */
async function openMenuWith(page, text, label) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    await openMenu(page, text);
    const labels = await menuLabels(page);
    if (labels.includes(label)) return labels;
    if (Date.now() > deadline) throw new Error(`the menu never offered ${label}: ${labels.join(", ")}`);
    await page.keyboard.press("Escape");
    await page.waitForTimeout(100);
  }
}

/** Moves the focus with ArrowDown to the menu item `label` and presses Enter. */
async function choose(page, label) {
  for (let i = 0; i < 20; i += 1) {
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    if (focused === label) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no menu item ${label}`);
}

/** axe's violation ids inside the chat element (the open menu or panel included). */
async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector(".ce-chat"), {
      resultTypes: ["violations"],
      rules: { region: { enabled: false } },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** Ben's attempt to send through a Data API session in his page; resolves to the error code or "sent". */
function trySend(page, userId, conv) {
  return page.evaluate(
    async ({ appId, userId, conv }) => {
      const talk = window.SDK.getTalkSession({ appId, userId });
      talk.onNeedToken = async () => talk.setToken(await window.mintToken(userId));
      try {
        await talk.conversation(conv).send("let me talk");
        return "sent";
      } catch (error) {
        return error.code;
      }
    },
    { appId: APP_ID, userId, conv },
  );
}

test("an admin mutes by keyboard (composer disabled, sends refused with MUTED), then unmutes", { timeout: 120_000 }, async () => {
  const ids = await setup();
  const mod = await openChat(ids.mod, ids.conv);
  const ben = await openChat(ids.ben, ids.conv);
  await withPages([mod, ben], async () => {
    const labels = await openMenuWith(mod, "hello from ben", "Mute…");
    assert.deepEqual(labels, ["Reply", "Mute…", "Ban"], "moderation items for another user's message");
    await choose(mod, "Mute…");
    // The durations, the first focused.
    const panel = mod.locator(".ce-mod-panel");
    await panel.waitFor({ timeout: TIMEOUT_MS });
    assert.deepEqual(await panel.locator("button").allTextContents(), ["1 hour", "1 day", "1 week", "Until unmuted", "Cancel"]);
    assert.equal(await mod.evaluate(() => document.activeElement.textContent), "1 hour");
    assert.deepEqual(await axeViolations(mod), [], "the duration choice passes axe");
    await mod.keyboard.press("Tab"); // 1 day
    await mod.keyboard.press("Enter");
    await mod.locator(".ce-mod-status").filter({ hasText: "Ben is muted." }).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await panel.count(), 0, "the panel closed");

    // Ben: composer disabled, a notice says until when (about a day from now), reading goes on.
    const notice = ben.locator(".ce-muted-notice");
    await notice.filter({ hasText: /^You are muted until .+\.$/ }).waitFor({ timeout: TIMEOUT_MS });
    assert.deepEqual(await axeViolations(ben), [], "the muted composer passes axe");
    assert.equal(await ben.locator("textarea.ce-composer-input").isDisabled(), true);
    assert.equal(await ben.locator("button.ce-composer-send").isDisabled(), true);
    const year = String(new Date(Date.now() + 86_400_000).getFullYear());
    assert.match(await notice.textContent(), new RegExp(year));
    assert.equal(await trySend(ben, ids.ben, ids.conv), "MUTED");
    await server.postMessage(ids.conv, ids.cal, "still readable");
    await row(ben, "still readable").waitFor({ timeout: TIMEOUT_MS });

    // Unmute: the menu now offers it instead of Mute….
    const again = await openMenuWith(mod, "hello from ben", "Unmute");
    assert.deepEqual(again, ["Reply", "Unmute", "Ban"]);
    await choose(mod, "Unmute");
    await mod.locator(".ce-mod-status").filter({ hasText: "Ben is unmuted." }).waitFor({ timeout: TIMEOUT_MS });
    await waitInPage(ben, () => !document.querySelector("textarea.ce-composer-input").disabled);
    assert.equal(await notice.isHidden(), true);
    assert.equal(await trySend(ben, ids.ben, ids.conv), "sent");
  });
});

test("an admin bans with a confirmation (the user loses access), then unbans", { timeout: 120_000 }, async () => {
  const ids = await setup();
  const mod = await openChat(ids.mod, ids.conv);
  const ben = await openChat(ids.ben, ids.conv);
  await withPages([mod, ben], async () => {
    await openMenuWith(mod, "hello from ben", "Ban");
    await choose(mod, "Ban");
    const panel = mod.locator(".ce-mod-panel");
    await panel.waitFor({ timeout: TIMEOUT_MS });
    // Cancel has the focus: Enter there bans nobody.
    assert.equal(await mod.evaluate(() => document.activeElement.textContent), "Cancel");
    await mod.keyboard.press("Enter");
    assert.equal(await panel.count(), 0);
    assert.equal(
      await mod.evaluate(() => document.activeElement.classList.contains("ce-actions-toggle")),
      true,
      "the focus is back on the message's ⋯",
    );
    assert.equal(await ben.locator(".ce-chat .ce-error").isHidden(), true);

    await openMenuWith(mod, "hello from ben", "Ban");
    await choose(mod, "Ban");
    await panel.waitFor({ timeout: TIMEOUT_MS });
    await mod.keyboard.press("Shift+Tab"); // the Ban button
    assert.equal(await mod.evaluate(() => document.activeElement.textContent), "Ban");
    await mod.keyboard.press("Enter");
    await mod.locator(".ce-mod-status").filter({ hasText: "Ben is banned." }).waitFor({ timeout: TIMEOUT_MS });

    // Ben lost access: the element says so and the composer is disabled; the server refuses sends.
    await ben.locator(".ce-chat .ce-error").filter({ hasText: "don't have access" }).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await ben.locator("textarea.ce-composer-input").isDisabled(), true);
    assert.equal(await trySend(ben, ids.ben, ids.conv), "FORBIDDEN");

    // Ben is no longer a participant: the menu offers Unban.
    const labels = await openMenuWith(mod, "hello from ben", "Unban");
    assert.ok(labels.includes("Unban"));
    assert.ok(!labels.includes("Mute…") && !labels.includes("Unmute"), "no mute for a non-participant");
    await choose(mod, "Unban");
    await mod.locator(".ce-mod-status").filter({ hasText: "Ben is unbanned." }).waitFor({ timeout: TIMEOUT_MS });
    // Unbanned users may be added again.
    const added = await server.admin("PUT", `/v1/admin/conversations/${ids.conv}/participants/${ids.ben}`, {});
    assert.equal(added.status < 300, true, `re-adding Ben answered ${added.status}`);
  });
});

test("non-admins see no moderation actions; the feature flags hide them", { timeout: 120_000 }, async () => {
  const ids = await setup();
  const cal = await openChat(ids.cal, ids.conv);
  const noBan = await openChat(ids.mod, ids.conv, { features: { banUser: false } });
  const none = await openChat(ids.mod, ids.conv, { features: { banUser: false, muteUser: false } });
  await withPages([cal, noBan, none], async () => {
    // The admin with only muteUser gets Mute… but no Ban.
    assert.deepEqual(await openMenuWith(noBan, "hello from ben", "Mute…"), ["Reply", "Mute…"]);
    // Give the other pages as long to learn their role, then look.
    await openMenu(cal, "hello from ben");
    await openMenu(none, "hello from ben");
    await cal.waitForTimeout(500);
    for (const page of [cal, none]) {
      await page.keyboard.press("Escape");
      await openMenu(page, "hello from ben");
      assert.deepEqual(await menuLabels(page), ["Reply"]);
      assert.equal(await page.locator(".ce-menu [data-action^='mod-']").count(), 0);
    }
    // Nobody moderates their own message.
    await noBan.keyboard.press("Escape");
    await openMenu(noBan, "hello from mo");
    assert.deepEqual(await menuLabels(noBan), ["Reply", "Edit", "Delete"]);
    // Turning the flag back on at runtime brings Ban back.
    await noBan.keyboard.press("Escape");
    await noBan.evaluate(() => window.chat.updateOptions({ features: { banUser: true } }));
    assert.deepEqual(await openMenuWith(noBan, "hello from ben", "Ban"), ["Reply", "Mute…", "Ban"]);
  });
});

test("a refusal by the server is shown (FORBIDDEN once the user is no longer an admin)", { timeout: 120_000 }, async () => {
  const ids = await setup();
  const mod = await openChat(ids.mod, ids.conv);
  await withPages([mod], async () => {
    await openMenuWith(mod, "hello from ben", "Mute…");
    await choose(mod, "Mute…");
    await mod.locator(".ce-mod-panel").waitFor({ timeout: TIMEOUT_MS });
    // The app's backend takes the role away while the choice is open.
    await server.adminOk("PUT", `/v1/admin/users/${ids.mod}`, { name: "Mo", role: "default" });
    await mod.keyboard.press("Enter"); // 1 hour
    const status = mod.locator(".ce-mod-status.ce-danger");
    await status.filter({ hasText: "Only admins can do this." }).waitFor({ timeout: TIMEOUT_MS });
    await waitInPage(mod, () => window.errors.includes("FORBIDDEN"));
    // And the menu stops offering moderation once the new role arrives.
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      await openMenu(mod, "hello from ben");
      const labels = await menuLabels(mod);
      await mod.keyboard.press("Escape");
      if (labels.join() === "Reply") break;
      if (Date.now() > deadline) throw new Error(`still offered: ${labels.join(", ")}`);
      await mod.waitForTimeout(100);
    }
  });
});
