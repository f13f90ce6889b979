// What the end-to-end tests share: the real server (built beforehand by cargo, serving www/ and pkg/
// in demo mode on a free port with a fresh database) and Debian's Chromium driven by playwright-core.
// Nothing is built here: run scripts/build-sdk.sh and `cargo build -p chat-elements-server` first
// (scripts/test.sh does both).
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const serverBin =
  process.env.CHAT_SERVER_BIN ||
  join(process.env.CARGO_TARGET_DIR || join(repoRoot, "target"), "debug", "chat-elements-server");

// A test file stopped by a signal (the runner's timeout, Ctrl+C) still runs its "exit" handlers.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => process.exit(128 + (signal === "SIGINT" ? 2 : 15)));
}

/** How long a user-visible change may take before a test fails. */
export const TIMEOUT_MS = 15_000;

/**
 * Starts `chat-elements-server --demo` on 127.0.0.1 with a port of its choosing and a temporary
 * data directory. Resolves once the server printed `listening on http://127.0.0.1:PORT`.
 * Options: `listen` (an address, e.g. to restart on the same port), `dataDir` (kept after stop;
 * a temporary one is made and removed otherwise), `appSecret` (for admin API calls), `env` (more
 * settings as environment variables, e.g. `{ CHAT_MAX_UPLOAD_BYTES: "1048576" }`).
 * @returns {Promise<{ url: string, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startServer({ listen = "127.0.0.1:0", dataDir: givenDataDir, appSecret, env = {} } = {}) {
  if (!existsSync(serverBin)) {
    throw new Error(`no server binary at ${serverBin}: run \`cargo build -p chat-elements-server\` (or set CHAT_SERVER_BIN)`);
  }
  if (!existsSync(join(repoRoot, "pkg", "index.js"))) {
    throw new Error("pkg/ is missing: run scripts/build-sdk.sh first");
  }
  const dataDir = givenDataDir ?? (await mkdtemp(join(tmpdir(), "chat-e2e-")));
  const ownsDataDir = givenDataDir === undefined;
  const child = spawn(
    serverBin,
    [
      "--demo",
      "--listen", listen,
      "--data-dir", dataDir,
      "--www-dir", join(repoRoot, "www"),
      "--pkg-dir", join(repoRoot, "pkg"),
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      // The secret goes through the environment, never on a command line others can read.
      env: { ...process.env, ...env, ...(appSecret ? { CHAT_APP_SECRET: appSecret } : {}) },
    },
  );

  // Keep the end of the log for error messages; reading it also keeps the pipe from filling up.
  let log = "";
  child.stderr.on("data", (chunk) => {
    log = (log + chunk).slice(-8000);
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // Should this test process end without calling stop() (a crash, a timeout), take the server along.
  const killOnExit = () => {
    child.kill("SIGKILL");
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${log}`)), 30_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited at start (code ${code}, signal ${signal}):\n${log}`));
    });
  });

  return {
    url,
    dataDir,
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(killer);
      }
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless (playwright-core never downloads a browser). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A page in a fresh browser context (own cookies and storage, like another person's browser).
 * Page errors and console errors are collected in `page.problems` for failure messages, and any
 * dialog (alert, confirm, ...) is recorded in `page.dialogs` and dismissed.
 */
export async function newPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
  });
  page.on("dialog", async (dialog) => {
    page.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

/** {@link newPage}, then opens `url` in it. */
export async function openPage(browser, url) {
  const page = await newPage(browser);
  await page.goto(url);
  return page;
}

/** A text no other test sends, so assertions find exactly their own message. */
export function uniqueText(label) {
  return `${label} ${Math.random().toString(36).slice(2, 10)}`;
}

/** Waits until the chat element inside `scope` (a page or frame) has loaded. */
export async function waitForChatReady(scope) {
  await scope.locator('.ce-root.ce-chat[data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
}

/** The message in `scope` whose text is exactly `text`. */
export function messageWithText(scope, text) {
  return scope.locator(".ce-messages .ce-message").filter({
    has: scope.locator(".ce-message-text").getByText(text, { exact: true }),
  });
}

/** Waits until the message with exactly `text` is shown in `scope` with `data-status="sent"`. */
export async function waitForSentMessage(scope, text) {
  const message = messageWithText(scope, text);
  await message.and(scope.locator('[data-status="sent"]')).waitFor({ timeout: TIMEOUT_MS });
  return message;
}

/** Types `text` into the composer like a user (Shift+Enter for line breaks) and presses Enter. */
export async function sendMessage(scope, text) {
  const input = scope.locator("textarea.ce-composer-input");
  await input.click();
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (index > 0) await input.press("Shift+Enter");
    await input.pressSequentially(line);
  }
  await input.press("Enter");
}

/** Adds what the page reported (errors, dialogs) to a failure message. */
export function describeProblems(...pages) {
  const lines = pages.flatMap((page) => [...page.problems, ...page.dialogs.map((d) => `dialog: ${d}`)]);
  return lines.length ? `\n${lines.join("\n")}` : "";
}

/**
 * For a test file whose tests share one demo server and one browser: starts both before the first
 * test and stops them after the last. Returns `{ server, browser }`, filled in once they run.
 */
export function useServerAndBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
