// The chat-element's composer attachments in Chromium against the real server: a file chosen
// through the Attach button's file input uploads at once with a progress bar, Send waits for it
// and sends text and file as one message, the other user sees the image, and clicking it opens
// the preview overlay (keyboard only: Enter opens, Tab stays inside, Escape closes and the focus
// returns). `features.previewAttachments: false` leaves only the `attachmentClick` event. A file
// over the server's limit (25 MiB by default, announced in the welcome) is refused before
// uploading; a failed upload keeps its row with the reason and loses no text.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import { startDataServer, waitInPage, withPages } from "./data-helpers.mjs";
import { TIMEOUT_MS, eventCount, eventDetail, openChat, row, setupConversation } from "./chat-composer-helpers.mjs";

// A 1x1 PNG; `padded` appends bytes after its end (browsers ignore them) to make a larger upload.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const padded = (bytes) => Buffer.concat([PNG, Buffer.alloc(bytes)]);

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

/** Records every `aria-valuenow` the composer's progress bars take, in `window.progress`. */
async function recordProgress(page) {
  await page.evaluate(() => {
    window.progress = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const bar = r.target;
        if (bar.matches?.(".ce-upload-bar")) window.progress.push(Number(bar.getAttribute("aria-valuenow")));
      }
    }).observe(document.querySelector(".ce-chat"), { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
}

test("attach an image: progress to 100 %, Send waits for it, the other user sees it and previews it", { timeout: 120_000 }, async () => {
  const ids = await setupConversation(server, "att", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openChat(browser, server, ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    const attach = ann.getByRole("button", { name: "Attach files" });
    assert.equal(await attach.count(), 1, "the composer has a labelled Attach button");
    await recordProgress(ann);
    // Slow the upload down so that Send is pressed while it is in flight.
    await ann.route("**/v1/files?**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await ann.locator("input.ce-composer-file").setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: padded(300_000) });
    const upload = ann.locator(".ce-upload");
    await upload.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await upload.locator(".ce-upload-name").textContent(), "pixel.png");
    const bar = upload.getByRole("progressbar");
    assert.equal(await bar.getAttribute("aria-valuemin"), "0");
    assert.equal(await bar.getAttribute("aria-valuemax"), "100");
    assert.equal(await upload.getAttribute("data-state"), "uploading");

    const input = ann.locator("textarea.ce-composer-input");
    await input.fill("look at this");
    await input.press("Enter");
    // Nothing goes out while the file is uploading.
    await ann.waitForTimeout(300);
    assert.equal(await ann.locator(".ce-messages .ce-message").count(), 0, "Send waited for the upload");
    assert.equal(await input.inputValue(), "look at this");

    // Then text and image go out as one message, and the composer is empty again.
    const sent = row(ann, "look at this");
    await sent.and(ann.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await sent.locator(".ce-attachment-image img").count(), 1, "the image is in the same message");
    assert.equal(await input.inputValue(), "");
    assert.equal(await ann.locator(".ce-upload").count(), 0);
    const progress = await ann.evaluate(() => window.progress);
    assert.equal(progress.at(-1), 100, `the bar reached 100 % (${progress})`);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), "the bar never went back");
    const detail = await eventDetail(ann, "messageSent");
    assert.equal(detail.content, "look at this");
    assert.equal(detail.channelId, ids.conv);
    assert.equal(detail.id, await sent.getAttribute("data-message-id"));

    // Ben sees the image; a click opens the preview and emits attachmentClick.
    const image = row(ben, "look at this").locator("a.ce-attachment-image");
    await image.waitFor({ timeout: TIMEOUT_MS });
    await image.click();
    const dialog = ben.getByRole("dialog", { name: "Attachment preview" });
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await dialog.getAttribute("aria-modal"), "true");
    const media = dialog.locator("img.ce-preview-media");
    assert.match(await media.getAttribute("src"), /^http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
    assert.equal(await media.getAttribute("alt"), "pixel.png");
    const click = await eventDetail(ben, "attachmentClick");
    assert.equal(click.messageId, await row(ben, "look at this").getAttribute("data-message-id"));
    assert.equal(click.attachments.length, 1);
    assert.equal(click.attachments[0].filename, "pixel.png");
    assert.equal(ben.context().pages().length, 1, "no tab was opened");
    // The close button closes it.
    await dialog.getByRole("button", { name: "Close preview" }).click();
    await dialog.waitFor({ state: "detached", timeout: TIMEOUT_MS });

    // Keyboard only: Enter on the focused image opens it with the focus inside, Tab stays
    // inside, Escape closes it and the focus is back on the image.
    await image.focus();
    await ben.keyboard.press("Enter");
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    const focusedInside = () => ben.evaluate(() => !!document.activeElement?.closest(".ce-preview"));
    assert.ok(await focusedInside(), "the focus moved into the preview");
    for (const key of ["Tab", "Tab", "Shift+Tab"]) {
      await ben.keyboard.press(key);
      assert.ok(await focusedInside(), `the focus stays in the preview after ${key}`);
    }
    await ben.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: TIMEOUT_MS });
    assert.ok(
      await ben.evaluate(() => document.activeElement?.matches("a.ce-attachment-image")),
      "the focus returned to the image",
    );
    assert.equal(await eventCount(ben, "attachmentClick"), 2);

    // A click on the backdrop closes it too.
    await image.click();
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    await ben.mouse.click(5, 5);
    await dialog.waitFor({ state: "detached", timeout: TIMEOUT_MS });
  });
});

test("previewAttachments: false: a click only emits attachmentClick", { timeout: 90_000 }, async () => {
  const ids = await setupConversation(server, "nopre", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openChat(browser, server, ids.ben, ids.conv, {
    disableNavigation: true,
    features: { previewAttachments: false },
  });
  await withPages([ann, ben], async () => {
    await ann.locator("input.ce-composer-file").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
    await ann.locator('.ce-upload[data-state="done"]').waitFor({ timeout: TIMEOUT_MS });
    // Files alone are a message too.
    await ann.getByRole("button", { name: "Send" }).click();
    const image = ben.locator("a.ce-attachment-image");
    await image.waitFor({ timeout: TIMEOUT_MS });
    await image.click();
    const detail = await eventDetail(ben, "attachmentClick");
    assert.equal(detail.attachments[0].filename, "dot.png");
    await ben.waitForTimeout(300);
    assert.equal(await ben.locator(".ce-preview-backdrop").count(), 0, "no preview opened");
    assert.equal(ben.context().pages().length, 1, "no tab was opened");
  });
});

test("a file over 25 MB is refused before uploading; a failed upload keeps its reason and the text", { timeout: 90_000 }, async () => {
  const ids = await setupConversation(server, "big", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  await withPages([ann], async () => {
    const uploads = [];
    ann.on("request", (request) => {
      if (request.url().includes("/v1/files")) uploads.push(request.url());
    });
    const input = ann.locator("textarea.ce-composer-input");
    await input.fill("keep me");
    await ann.evaluate(() => {
      const picker = document.querySelector("input.ce-composer-file");
      const files = new DataTransfer();
      files.items.add(new File([new Uint8Array(25 * 1024 * 1024 + 1)], "huge.bin"));
      picker.files = files.files;
      picker.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const refused = ann.locator('.ce-upload[data-state="failed"]');
    await refused.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await refused.getByRole("alert").textContent(), /25 MB/);
    assert.deepEqual(uploads, [], "nothing was uploaded");
    await refused.getByRole("button", { name: "Remove huge.bin" }).click();
    assert.equal(await ann.locator(".ce-upload").count(), 0);

    // The server refuses an upload: the row says why, the text stays, Send sends the text alone.
    await ann.route("**/v1/files?**", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ code: "INTERNAL", message: "the disk is full" }) }),
    );
    await ann.locator("input.ce-composer-file").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
    const failed = ann.locator('.ce-upload[data-state="failed"]');
    await failed.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await failed.getByRole("alert").textContent(), /Upload failed: .*the disk is full/);
    assert.equal(await input.inputValue(), "keep me");
    await input.press("Enter");
    await row(ann, "keep me").and(ann.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await row(ann, "keep me").locator(".ce-attachment").count(), 0);
    assert.equal(await ann.locator('.ce-upload[data-state="failed"]').count(), 1, "the failed file is still listed");
  });
});

test("files pasted into or dropped on the composer upload too; a video opens in the preview", { timeout: 90_000 }, async () => {
  const ids = await setupConversation(server, "drop", { ann: "Ann", ben: "Ben" });
  const ann = await openChat(browser, server, ids.ann, ids.conv);
  const ben = await openChat(browser, server, ids.ben, ids.conv);
  await withPages([ann, ben], async () => {
    // The start of an MP4 (`ftyp` box) is enough for the server's type check.
    const mp4 = [0, 0, 0, 24, ...Buffer.from("ftypisom"), 0, 0, 2, 0, ...Buffer.from("isomiso2"), ...new Array(64).fill(0)];
    await ann.evaluate((mp4) => {
      const files = (name, type, bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type }));
        return data;
      };
      const input = document.querySelector("textarea.ce-composer-input");
      input.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: files("pasted.txt", "text/plain", [104, 105]), bubbles: true, cancelable: true }),
      );
      const form = document.querySelector("form.ce-composer");
      const dropped = files("clip.mp4", "video/mp4", mp4);
      const over = new DragEvent("dragover", { dataTransfer: dropped, bubbles: true, cancelable: true });
      form.dispatchEvent(over);
      window.dragoverAccepted = over.defaultPrevented;
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: dropped, bubbles: true, cancelable: true }));
    }, mp4);
    assert.equal(await ann.evaluate(() => window.dragoverAccepted), true, "the composer accepts dragged files");
    const done = ann.locator('.ce-upload[data-state="done"]');
    await ann.waitForFunction(() => document.querySelectorAll('.ce-upload[data-state="done"]').length === 2, null, {
      timeout: TIMEOUT_MS,
    });
    assert.deepEqual(await done.locator(".ce-upload-name").allTextContents(), ["pasted.txt", "clip.mp4"]);
    await ann.locator("textarea.ce-composer-input").fill("two files");
    await ann.locator("textarea.ce-composer-input").press("Enter");

    const message = row(ben, "two files");
    await message.waitFor({ timeout: TIMEOUT_MS });
    assert.deepEqual(await message.locator(".ce-attachment .ce-file-name").allTextContents(), ["pasted.txt", "clip.mp4"]);
    // The video opens in the preview with controls; the text file is not previewed.
    await message.locator(".ce-attachment", { hasText: "clip.mp4" }).click();
    const dialog = ben.getByRole("dialog", { name: "Attachment preview" });
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    const video = dialog.locator("video.ce-preview-media");
    assert.equal(await video.count(), 1);
    assert.equal(await video.getAttribute("controls"), "");
    assert.match(await video.getAttribute("src"), /^http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
    await ben.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: TIMEOUT_MS });
    assert.equal((await eventDetail(ben, "attachmentClick")).attachments.length, 2);
  });
});

test("the upload limit comes from the server's welcome: a smaller limit refuses smaller files, in the element's locale", { timeout: 90_000 }, async () => {
  const small = await startDataServer({ env: { CHAT_MAX_UPLOAD_BYTES: String(1536 * 1024) } });
  try {
    const ids = await setupConversation(small, "limit", { ann: "Ann", ben: "Ben" });
    const ann = await openChat(browser, small, ids.ann, ids.conv);
    await withPages([ann], async () => {
      const uploads = [];
      ann.on("request", (request) => {
        if (request.url().includes("/v1/files")) uploads.push(request.url());
      });
      const pick = (name, bytes) =>
        ann.locator("input.ce-composer-file").setInputFiles({ name, mimeType: "image/png", buffer: padded(bytes) });
      await pick("big.png", 2 * 1024 * 1024);
      const refused = ann.locator('.ce-upload[data-state="failed"]');
      await refused.waitFor({ timeout: TIMEOUT_MS });
      assert.equal(await refused.getByRole("alert").textContent(), "Too large: files can be at most 1.5 MB.");
      assert.deepEqual(uploads, [], "nothing was uploaded");
      await pick("small.png", 512 * 1024);
      await ann.locator('.ce-upload[data-state="done"]').waitFor({ timeout: TIMEOUT_MS });
      assert.equal(uploads.length, 1, "a file under the limit uploads");
      // The same limit, written the French way.
      await ann.evaluate(() => window.session.updateOptions({ locale: "fr" }));
      await pick("grand.png", 2 * 1024 * 1024);
      await ann.locator('.ce-upload[data-state="failed"]').nth(1).waitFor({ timeout: TIMEOUT_MS });
      assert.equal(
        await ann.locator('.ce-upload[data-state="failed"]').nth(1).getByRole("alert").textContent(),
        "Trop volumineux : {} Mo au maximum par fichier.".replace("{}", "1,5"),
      );
    });
  } finally {
    await small.stop();
  }
});
