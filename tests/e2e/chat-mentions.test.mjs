// `@` mentions in the chat-element's composer, in Chromium against the real server: typing `@`
// and the start of a name lists the conversation's other participants that match (case- and
// accent-insensitive) in a listbox the textarea points at with aria-activedescendant; the
// keyboard alone picks one; the message carries a mention that the other user's element shows
// as a chip whose click emits profileClick with the participant's id. Mentions also go out with
// files (as mention nodes). An experience reference in a message is a chip that emits
// experienceClick.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import { startDataServer, withPages } from "./data-helpers.mjs";
import { TIMEOUT_MS, eventDetail, openChat, row, setupConversation } from "./chat-composer-helpers.mjs";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

let browser;
let server;
before(async () => {
  server = await startDataServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the textarea and the listbox say, for assertions. */
function comboState(page) {
  return page.evaluate(() => {
    const input = document.querySelector("textarea.ce-composer-input");
    const list = document.querySelector(".ce-mention-list");
    const active = input.getAttribute("aria-activedescendant");
    return {
      open: !list.hidden,
      controls: input.getAttribute("aria-controls") === list.id,
      options: [...list.querySelectorAll("[role=option]")].map((o) => o.textContent),
      active: active ? document.getElementById(active)?.textContent : null,
      activeSelected: active ? document.getElementById(active)?.getAttribute("aria-selected") : null,
    };
  });
}

test("@ autocomplete by keyboard only; the other user sees the mention and profileClick gives the id", { timeout: 120_000 }, async () => {
  const ids = await setupConversation(server, "men", { ann: "Ann", ben: "Émile Bernard", cat: "Emma Stone", dan: "Dan" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openChat(browser, server, ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    const input = ann.locator("textarea.ce-composer-input");
    const listbox = ann.getByRole("listbox", { name: "Mention a participant" });
    await input.click();
    await input.pressSequentially("hi @em");
    await listbox.waitFor({ timeout: TIMEOUT_MS });
    let state = await comboState(ann);
    assert.ok(state.controls, "the textarea controls the listbox");
    // Case- and accent-insensitive; the current user is not offered.
    assert.deepEqual(state.options.sort(), ["Emma Stone", "Émile Bernard"].sort());
    const first = state.options[0];
    assert.equal(state.active, await listbox.getByRole("option").first().textContent());
    assert.equal(state.activeSelected, "true");
    // ArrowDown moves, ArrowUp comes back, ArrowDown again; Enter picks (and does not send).
    await input.press("ArrowDown");
    state = await comboState(ann);
    assert.notEqual(state.active, first);
    await input.press("ArrowUp");
    assert.equal((await comboState(ann)).active, first);
    // Narrow it down to Émile: "emi" without the accent.
    await input.pressSequentially("i");
    state = await comboState(ann);
    assert.deepEqual(state.options, ["Émile Bernard"]);
    await input.press("Enter");
    assert.equal(await input.inputValue(), "hi @Émile Bernard ");
    assert.equal((await comboState(ann)).open, false, "picking closes the list");
    assert.equal(await ann.evaluate(() => document.querySelector("textarea.ce-composer-input").hasAttribute("aria-activedescendant")), false);
    assert.equal(await ann.locator(".ce-messages .ce-message").count(), 0, "Enter picked instead of sending");

    // Escape closes the list and keeps the text; Tab picks too.
    await input.pressSequentially("and @da");
    await listbox.waitFor({ timeout: TIMEOUT_MS });
    await input.press("Escape");
    assert.equal((await comboState(ann)).open, false);
    assert.equal(await input.inputValue(), "hi @Émile Bernard and @da");
    await input.press("Backspace");
    await input.pressSequentially("a");
    await listbox.waitFor({ timeout: TIMEOUT_MS });
    await input.press("Tab");
    assert.equal(await input.inputValue(), "hi @Émile Bernard and @Dan ");
    await input.pressSequentially("how are you?");
    await input.press("Enter");

    // Ann's own row and Ben's show two mention chips with the names.
    const mine = row(ann, "how are you?");
    await mine.and(ann.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
    const sent = await eventDetail(ann, "messageSent");
    assert.equal(sent.content, "hi @Émile Bernard and @Dan how are you?");
    const theirs = row(ben, "how are you?");
    await theirs.waitFor({ timeout: TIMEOUT_MS });
    const chips = theirs.locator(".ce-mention");
    assert.deepEqual(await chips.allTextContents(), ["Émile Bernard", "Dan"]);
    assert.equal(await theirs.locator(".ce-message-text").textContent(), "hi Émile Bernard and Dan how are you?");
    await chips.first().focus();
    await ben.keyboard.press("Enter");
    assert.deepEqual(await eventDetail(ben, "profileClick"), { id: ids.ben });
  });
});

test("a click picks a suggestion; mentions go out with files as mention nodes", { timeout: 120_000 }, async () => {
  const ids = await setupConversation(server, "menf", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openChat(browser, server, ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    const input = ann.locator("textarea.ce-composer-input");
    await input.click();
    await input.pressSequentially("@b");
    const option = ann.getByRole("option", { name: "Ben" });
    await option.waitFor({ timeout: TIMEOUT_MS });
    await option.click();
    assert.equal(await input.inputValue(), "@Ben ");
    assert.ok(await ann.evaluate(() => document.activeElement?.matches("textarea.ce-composer-input")), "the focus stays in the textarea");
    await input.pressSequentially("see the picture");
    await ann.locator("input.ce-composer-file").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
    await ann.locator('.ce-upload[data-state="done"]').waitFor({ timeout: TIMEOUT_MS });
    await input.press("Enter");
    const theirs = row(ben, "see the picture");
    await theirs.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await theirs.locator(".ce-mention").textContent(), "Ben");
    assert.equal(await theirs.locator(".ce-mention").getAttribute("data-user-id"), ids.ben);
    assert.equal(await theirs.locator(".ce-attachment-image").count(), 1);
    await theirs.locator(".ce-mention").click();
    assert.deepEqual(await eventDetail(ben, "profileClick"), { id: ids.ben });
  });
});

test("an experience reference shows as a chip whose click emits experienceClick { id }", { timeout: 90_000 }, async () => {
  const ids = await setupConversation(server, "exp", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv, { features: { mentionExperiences: true } });
  const ben = await openChat(browser, server, ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    // Ben's application sends a message with an experience reference through the Data API.
    await ben.evaluate(
      async ({ userId, conv }) => {
        const session = window.SDK.getTalkSession({ appId: "demo", userId });
        session.onNeedToken = async () => session.setToken(await window.mintToken(userId));
        await session.conversation(conv).send({
          content: [{ type: "text", children: ["Join ", { type: "experience", id: "exp_yoga", text: "Yoga <b>class</b>" }, " today"] }],
        });
        // A blank id is refused by the server.
        window.refused = await session
          .conversation(conv)
          .send({ content: [{ type: "text", children: [{ type: "experience", id: "", text: "x" }] }] })
          .then(() => "sent", (error) => error.code);
      },
      { userId: ids.ben, conv: ids.conv },
    );
    assert.equal(await ben.evaluate(() => window.refused), "INVALID_ARGUMENT");
    const message = row(ann, "Join");
    await message.waitFor({ timeout: TIMEOUT_MS });
    const chip = message.locator(".ce-experience");
    assert.equal(await chip.textContent(), "#Yoga <b>class</b>", "the text is text");
    assert.equal(await chip.getAttribute("role"), "button");
    assert.equal(await message.locator(".ce-message-text b").count(), 0);
    await chip.click();
    assert.deepEqual(await eventDetail(ann, "experienceClick"), { id: "exp_yoga" });
    // By keyboard: Enter on the focused chip.
    await ann.evaluate(() => (window.events = []));
    await chip.focus();
    await ann.keyboard.press("Enter");
    assert.deepEqual(await eventDetail(ann, "experienceClick"), { id: "exp_yoga" });
    // It is not a mention: profileClick did not fire.
    assert.equal(await ann.evaluate(() => window.events.filter((e) => e.type === "profileClick").length), 0);
  });
});
