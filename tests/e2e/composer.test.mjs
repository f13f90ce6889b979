// The composer's keyboard behaviour: Enter sends, Shift+Enter starts a new line.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describeProblems,
  messageWithText,
  openPage,
  uniqueText,
  waitForChatReady,
  waitForSentMessage,
  useServerAndBrowser,
} from "./helpers.mjs";

const env = useServerAndBrowser();

test("Shift+Enter inserts a newline, Enter sends the whole text", { timeout: 90_000 }, async () => {
  const page = await openPage(env.browser, `${env.server.url}/chat.html?user=alice`);
  try {
    await waitForChatReady(page);
    const input = page.locator("textarea.ce-composer-input");
    const firstLine = uniqueText("first line");
    const secondLine = "second line";

    await input.click();
    await input.pressSequentially(firstLine);
    await input.press("Shift+Enter");
    await input.pressSequentially(secondLine);
    assert.equal(await input.inputValue(), `${firstLine}\n${secondLine}`, "the composer holds both lines");

    // Nothing was sent by Shift+Enter: no message with either line exists.
    await page.waitForTimeout(750);
    const messages = page.locator(".ce-messages .ce-message", { hasText: firstLine });
    assert.equal(await messages.count(), 0, "Shift+Enter did not send");

    await input.press("Enter");
    await messages.and(page.locator('[data-status="sent"]')).waitFor();
    assert.equal(await messages.count(), 1, "exactly one message was sent");
    assert.equal(await messages.locator(".ce-message-text").textContent(), `${firstLine}\n${secondLine}`);
    assert.equal(await input.inputValue(), "", "the composer is cleared after sending");

    // The send button does the same as Enter.
    const viaButton = uniqueText("sent with the button");
    await input.fill(viaButton);
    await page.locator("button.ce-composer-send").click();
    await waitForSentMessage(page, viaButton);
    assert.equal(await messageWithText(page, viaButton).count(), 1);
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
