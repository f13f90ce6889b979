// Accessibility audits with axe-core: the dms-list-element, the search-element with results, the
// open search modal and the chat-element with messages (in both its layouts, `style: "imessage"`
// and `"discord"`) and its composer UI (an upload, the mention listbox, the attachment preview),
// each in the light and the dark theme,
// must have no axe violations (contrast, labels, roles, ...). Each element is also saved as a PNG
// in test-artifacts/ (ELEMENT-THEME.png) for a person to look at.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser, repoRoot } from "./helpers.mjs";
import { withPages } from "./data-helpers.mjs";
import { mountChat, mountDmsList, mountSearch, openSearchModal, openThemedPage, startSeededServer } from "./theme-helpers.mjs";

// A 1x1 PNG to attach.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ARTIFACTS = join(repoRoot, "test-artifacts");

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startSeededServer()]);
  await mkdir(ARTIFACTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe's violations inside `selector`, one readable line per failing node. */
async function audit(page, selector) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (selector) => {
    // `region` asks that all page content sit in landmarks: that is the host page's business.
    const result = await window.axe.run(document.querySelector(selector), {
      resultTypes: ["violations"],
      rules: { region: { enabled: false } },
    });
    return result.violations.map((v) => ({
      id: v.id,
      text: `${v.id} (${v.impact}): ${v.help}\n${v.nodes
        .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`)
        .join("\n")}`,
    }));
  }, selector);
  return violations;
}

/** Waits for the element's theme, screenshots it and asserts that axe finds nothing. */
async function check(page, selector, name, theme) {
  const root = page.locator(selector);
  await root.waitFor();
  await page.waitForFunction(
    ({ selector, theme }) => document.querySelector(selector)?.dataset.ceTheme === theme,
    { selector, theme },
    { timeout: 5_000 },
  );
  // Let transitions and the caret settle before the picture.
  await page.evaluate(() => document.activeElement?.blur());
  await root.screenshot({ path: join(ARTIFACTS, `${name}-${theme}.png`) });
  const violations = await audit(page, selector);
  assert.deepEqual(
    violations.map((v) => v.id),
    [],
    `axe found violations in ${name} (${theme}):\n${violations.map((v) => v.text).join("\n")}`,
  );
}

const appearance = (theme) => ({ theme: { appearance: theme } });

for (const theme of ["light", "dark"]) {
  test(`dms-list-element has no axe violations (${theme})`, { timeout: 60_000 }, async () => {
    const page = await openThemedPage(browser, server, appearance(theme));
    await withPages([page], async () => {
      await mountDmsList(page);
      await check(page, ".ce-dms", "dms-list", theme);
    });
  });

  test(`search-element with results has no axe violations (${theme})`, { timeout: 60_000 }, async () => {
    const page = await openThemedPage(browser, server, appearance(theme));
    await withPages([page], async () => {
      await mountSearch(page);
      await check(page, "#search .ce-search", "search", theme);
    });
  });

  test(`the open search modal has no axe violations (${theme})`, { timeout: 60_000 }, async () => {
    const page = await openThemedPage(browser, server, appearance(theme));
    await withPages([page], async () => {
      await openSearchModal(page);
      await check(page, ".ce-modal .ce-search", "search-modal", theme);
      // The dialog itself (its role, name and modality) too.
      const violations = await audit(page, ".ce-modal-backdrop");
      assert.deepEqual(violations.map((v) => v.id), [], violations.map((v) => v.text).join("\n"));
    });
  });

  for (const style of ["imessage", "discord"]) {
    test(`chat-element with messages has no axe violations (${style}, ${theme})`, { timeout: 60_000 }, async () => {
      const page = await openThemedPage(browser, server, appearance(theme));
      await withPages([page], async () => {
        await mountChat(page, { style });
        assert.equal(
          await page.evaluate(() => document.querySelector(".ce-chat").dataset.ceTheme),
          theme,
          "the chat element applies the session's appearance itself",
        );
        assert.equal(await page.locator(".ce-chat").getAttribute("data-ce-style"), style);
        await check(page, ".ce-chat", style === "imessage" ? "chat" : "chat-discord", theme);
        // A hovered row (discord highlights it) keeps its contrast too.
        await page.locator(".ce-chat .ce-message").first().hover();
        const violations = await audit(page, ".ce-chat");
        assert.deepEqual(violations.map((v) => v.id), [], violations.map((v) => v.text).join("\n"));
      });
    });
  }

  test(`chat-element composer UI (upload, mention listbox, preview) has no axe violations (${theme})`, { timeout: 60_000 }, async () => {
    const page = await openThemedPage(browser, server, appearance(theme));
    await withPages([page], async () => {
      await mountChat(page);
      const expectClean = async (selector, what) => {
        const violations = await audit(page, selector);
        assert.deepEqual(violations.map((v) => v.id), [], `${what} (${theme}):\n${violations.map((v) => v.text).join("\n")}`);
      };
      // An uploaded file in the composer and the open `@` listbox (audited with the focus in the
      // textarea: the list closes on blur).
      await page.locator(".ce-chat input.ce-composer-file").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
      await page.locator('.ce-chat .ce-upload[data-state="done"]').waitFor({ timeout: 15_000 });
      const input = page.locator(".ce-chat textarea.ce-composer-input");
      await input.click();
      await input.pressSequentially("@b");
      await page.locator(".ce-chat .ce-mention-list [role=option]").first().waitFor({ timeout: 15_000 });
      await page.locator(".ce-chat").screenshot({ path: join(ARTIFACTS, `chat-composer-${theme}.png`) });
      await expectClean(".ce-chat", "the composer with an upload and the mention listbox");
      // The preview overlay of the sent image.
      await input.press("Enter");
      await input.press("Enter");
      await page.locator(".ce-chat a.ce-attachment-image").last().click();
      await page.locator(".ce-preview-backdrop [role=dialog]").waitFor({ timeout: 15_000 });
      await page.locator(".ce-preview-media").evaluate((img) => img.decode().catch(() => {}));
      await page.screenshot({ path: join(ARTIFACTS, `chat-preview-${theme}.png`) });
      await expectClean(".ce-preview-backdrop", "the attachment preview");
    });
  });
}
