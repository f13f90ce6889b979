// Locales in Chromium: elements created from `new ChatElements({ locale: "es" })` speak Spanish
// (labels, placeholders, empty states, day separators, times and counts through Intl), the root's
// `updateOptions({ locale })` re-labels the mounted elements, an open menu and the search modal in
// place, a session's own `locale` works without a root, and unknown locales are refused.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT_MS, launchBrowser } from "./helpers.mjs";
import { openSdkPage, waitInPage, withPages } from "./data-helpers.mjs";
import { startSeededServer } from "./theme-helpers.mjs";

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startSeededServer()]);
  await server.putUser("zoe", "Zoe"); // in no conversation: her list is empty
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const DAY_OPTIONS = { weekday: "long", year: "numeric", month: "long", day: "numeric" };

/**
 * A page with `window.root = new ChatElements(rootOptions)`, Ann's session `window.session` and
 * Zoe's `window.zoe` from it, and containers #chat (kittens), #empty-chat (birds, no messages),
 * #dms (Ann's list), #empty-dms (Zoe's list) and #search, all mounted and loaded.
 */
async function openPage(rootOptions) {
  const page = await openSdkPage(browser, server);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.evaluate((rootOptions) => {
    document.body.textContent = "";
    document.documentElement.lang = "en";
    document.body.style.cssText = "margin:0;display:flex;flex-wrap:wrap;gap:8px";
    for (const id of ["chat", "empty-chat", "dms", "empty-dms", "search"]) {
      const container = document.createElement("div");
      container.id = id;
      container.style.cssText = "width:320px;height:400px";
      document.body.append(container);
    }
    window.root = new window.SDK.ChatElements(rootOptions);
    window.session = window.root.createChatSession({ token: () => window.mintToken("ann") });
    window.zoe = window.root.createChatSession({ token: () => window.mintToken("zoe") });
    window.session.createElement("chat-element", { channelId: "kittens" }).mount("#chat");
    window.session.createElement("chat-element", { channelId: "birds" }).mount("#empty-chat");
    window.session.createElement("dms-list-element", {}).mount("#dms");
    window.zoe.createElement("dms-list-element", {}).mount("#empty-dms");
    window.session.createElement("search-element", {}).mount("#search");
  }, rootOptions);
  await page.locator('#chat .ce-chat[data-state="ready"] .ce-message').first().waitFor({ timeout: TIMEOUT_MS });
  await page.locator('#empty-chat .ce-chat[data-state="ready"] .ce-empty:not([hidden])').waitFor({ timeout: TIMEOUT_MS });
  await page.locator("#dms .ce-dm-row").first().waitFor({ timeout: TIMEOUT_MS });
  await page.locator('#empty-dms .ce-dms[data-state="ready"] .ce-empty:not([hidden])').waitFor({ timeout: TIMEOUT_MS });
  return page;
}

/** The labels a user sees, read from the page. */
function labels(page) {
  return page.evaluate(() => {
    const q = (selector) => document.querySelector(selector);
    return {
      lang: [...document.querySelectorAll(".ce-root")].map((root) => root.lang),
      placeholder: q("#chat .ce-composer-input").placeholder,
      inputLabel: q("#chat .ce-composer-input").getAttribute("aria-label"),
      send: q("#chat .ce-composer-send").textContent,
      attach: q("#chat .ce-composer-attach").getAttribute("aria-label"),
      mentionList: q("#chat .ce-mention-list").getAttribute("aria-label"),
      messagesLabel: q("#chat .ce-messages").getAttribute("aria-label"),
      actionsLabel: q("#chat .ce-actions-toggle").getAttribute("aria-label"),
      chatEmpty: [q("#empty-chat .ce-empty-title").textContent, q("#empty-chat .ce-empty-description").textContent],
      dmsEmpty: [q("#empty-dms .ce-empty-title").textContent, q("#empty-dms .ce-empty-description").textContent],
      dmsLabel: q("#dms .ce-dm-list").getAttribute("aria-label"),
      searchPlaceholder: q("#search .ce-search-input").placeholder,
      searchLabel: q("#search .ce-search-label").textContent,
      searchClose: q("#search .ce-search-close").getAttribute("aria-label"),
    };
  });
}

/** The day separators' texts and what Intl writes for each message day in `locale`. */
function daySeparators(page, locale) {
  return page.evaluate(
    ({ locale, options }) => ({
      shown: [...document.querySelectorAll("#chat .ce-day-separator")].map((el) => el.textContent),
      // Every seeded message is from today.
      expected: [new Intl.DateTimeFormat(locale, options).format(new Date())],
    }),
    { locale, options: DAY_OPTIONS },
  );
}

/** Every conversation row's time, and what Intl writes for its `datetime` in `locale`. */
function rowTimes(page, locale) {
  return page.evaluate((locale) => {
    const rows = [...document.querySelectorAll("#dms .ce-dm-time[datetime]")];
    const plain = (s) => s.replace(/\s/g, " ");
    return {
      shown: rows.map((el) => el.textContent),
      expected: rows.map((el) =>
        plain(new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(new Date(el.getAttribute("datetime")))),
      ),
    };
  }, locale);
}

async function search(page, scope, words) {
  const input = page.locator(`${scope} .ce-search-input`);
  await input.fill(words);
  await input.press("Enter");
  await page.locator(`${scope} .ce-search-result`).first().waitFor({ timeout: TIMEOUT_MS });
}

test("elements of new ChatElements({ locale: 'es' }) speak Spanish", { timeout: 90_000 }, async () => {
  const page = await openPage({ locale: "es" });
  await withPages([page], async () => {
    const shown = await labels(page);
    assert.deepEqual(shown, {
      lang: ["es", "es", "es", "es", "es"],
      placeholder: "Escribe un mensaje…",
      inputLabel: "Mensaje",
      send: "Enviar",
      attach: "Adjuntar archivos",
      mentionList: "Mencionar a un participante",
      messagesLabel: "Mensajes",
      actionsLabel: "Acciones del mensaje",
      chatEmpty: ["Aún no hay mensajes", "Envía el primer mensaje para iniciar la conversación."],
      dmsEmpty: ["Aún no hay conversaciones", "Las conversaciones en las que participes aparecerán aquí."],
      dmsLabel: "Conversaciones",
      searchPlaceholder: "Buscar…",
      searchLabel: "Buscar mensajes",
      searchClose: "Cerrar búsqueda",
    });

    const days = await daySeparators(page, "es");
    assert.deepEqual(days.shown, days.expected, "day separators are written in Spanish");
    assert.match(days.shown[0], /^(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de /);

    const times = await rowTimes(page, "es");
    assert.ok(times.shown.length >= 2);
    assert.deepEqual(times.shown, times.expected);
    // Ben's message in "Dogs" is unread for Ann: the row's label says so in Spanish.
    assert.match(await page.locator('#dms .ce-dm-row[data-id="dogs"]').getAttribute("aria-label"), /^Dogs, .*, 1 mensaje sin leer$/);

    await search(page, "#search", "café");
    await page.locator("#search .ce-search-status").filter({ hasText: /^\d+\+? resultados?$/ }).waitFor({ timeout: TIMEOUT_MS });

    // The actions menu of a message, opened by the user, is in Spanish too.
    await page.locator("#chat .ce-actions-toggle").first().click();
    const items = await page.locator("#chat .ce-menu .ce-menu-item").allTextContents();
    assert.deepEqual(items, ["Responder"]);
    const react = await page.locator("#chat .ce-menu-emoji").first().getAttribute("aria-label");
    assert.match(react, /^Reaccionar con /);
  });
});

test("the root's updateOptions({ locale }) re-labels mounted elements in place", { timeout: 90_000 }, async () => {
  const page = await openPage({ locale: "es" });
  await withPages([page], async () => {
    await search(page, "#search", "café");
    await page.locator("#chat .ce-actions-toggle").first().click();
    await page.locator("#chat .ce-menu").waitFor({ timeout: TIMEOUT_MS });
    await page.evaluate(() => {
      window.before = [...document.querySelectorAll(".ce-root")];
      window.modal = window.session.showSearchModal({});
    });
    assert.equal(await page.locator(".ce-modal").getAttribute("aria-label"), "Buscar mensajes");

    // Listeners of the session's optionsUpdated already see the new labels.
    const seen = await page.evaluate(() => {
      const seen = [];
      window.session.on("optionsUpdated", () => seen.push(document.querySelector("#chat .ce-composer-send").textContent));
      window.root.updateOptions({ locale: "ja" });
      return seen;
    });
    assert.deepEqual(seen, ["送信"]);
    const shown = await labels(page);
    assert.deepEqual(shown, {
      lang: ["ja", "ja", "ja", "ja", "ja", "ja"],
      placeholder: "メッセージを入力…",
      inputLabel: "メッセージ",
      send: "送信",
      attach: "ファイルを添付",
      mentionList: "参加者をメンション",
      messagesLabel: "メッセージ",
      actionsLabel: "メッセージの操作",
      chatEmpty: ["まだメッセージはありません", "最初のメッセージを送信して会話を始めましょう。"],
      dmsEmpty: ["まだ会話はありません", "参加している会話がここに表示されます。"],
      dmsLabel: "会話",
      searchPlaceholder: "検索…",
      searchLabel: "メッセージを検索",
      searchClose: "検索を閉じる",
    });
    assert.equal(
      await page.evaluate(() => [...document.querySelectorAll(".ce-root")].slice(0, 5).every((root, i) => root === window.before[i])),
      true,
      "the elements were not mounted again",
    );
    assert.equal(await page.locator("#search .ce-search-input").inputValue(), "café", "the query stays");
    assert.deepEqual(await page.locator("#chat .ce-menu .ce-menu-item").allTextContents(), ["返信"], "the open menu too");
    assert.equal(await page.locator(".ce-modal").getAttribute("aria-label"), "メッセージを検索");
    assert.equal(await page.locator(".ce-modal").getAttribute("lang"), "ja");
    assert.equal(await page.locator(".ce-modal .ce-search-input").getAttribute("placeholder"), "検索…");

    // What renders from data follows at the next frame: day separators, row times, result counts.
    await waitInPage(
      page,
      (options) =>
        [...document.querySelectorAll("#chat .ce-day-separator")].map((el) => el.textContent).join() ===
        new Intl.DateTimeFormat("ja", options).format(new Date()),
      DAY_OPTIONS,
    );
    const times = await rowTimes(page, "ja");
    assert.deepEqual(times.shown, times.expected);
    await page.locator("#search .ce-search-status").filter({ hasText: /^\d+\+? 件の結果$/ }).waitFor({ timeout: TIMEOUT_MS });
    const resultTime = await page.evaluate(() => {
      const time = document.querySelector("#search .ce-search-result-time");
      const options = { dateStyle: "medium", timeStyle: "short" };
      return [time.textContent, new Intl.DateTimeFormat("ja", options).format(new Date(time.getAttribute("datetime")))];
    });
    assert.equal(resultTime[0], resultTime[1], "search result times are written in Japanese");

    // And back: a session's own updateOptions changes only its elements.
    await page.evaluate(() => window.zoe.updateOptions({ locale: "de" }));
    assert.equal(await page.locator("#empty-dms .ce-empty-title").textContent(), "Noch keine Unterhaltungen");
    assert.equal(await page.locator("#chat .ce-composer-send").textContent(), "送信");
    await page.evaluate(() => window.root.updateOptions({ locale: "en" }));
    assert.equal(await page.locator("#chat .ce-composer-input").getAttribute("placeholder"), "Write a message…");
    assert.equal(await page.locator("#empty-dms .ce-empty-title").textContent(), "No conversations yet");
    assert.equal(await page.locator(".ce-modal").getAttribute("aria-label"), "Search messages");
    await waitInPage(page, () => /\d [AP]M$/.test(document.querySelector("#dms .ce-dm-time[datetime]").textContent));
    const english = await rowTimes(page, "en");
    assert.deepEqual(english.shown, english.expected, "row times are re-rendered in English");
  });
});

test("a session's own locale works without a root; unknown locales are refused", { timeout: 60_000 }, async () => {
  const page = await openSdkPage(browser, server);
  await withPages([page], async () => {
    const codes = await page.evaluate(() => {
      const code = (f) => {
        try {
          f();
          return null;
        } catch (error) {
          return error.code;
        }
      };
      const token = () => window.mintToken("ann");
      const { ChatElements, createChatSession } = window.SDK;
      const chat = document.createElement("div");
      chat.id = "chat";
      document.body.append(chat);
      window.session = createChatSession({ token, locale: "fr" });
      window.session.createElement("chat-element", { channelId: "kittens" }).mount("#chat");
      const root = new ChatElements({ locale: "pl" });
      return {
        rootCtor: code(() => new ChatElements({ locale: "xx" })),
        rootUpdate: code(() => root.updateOptions({ locale: "EN" })),
        rootKept: root.options.locale,
        session: code(() => createChatSession({ token, locale: "klingon" })),
        rootSession: code(() => root.createChatSession({ token, locale: "en-US" })),
        sessionUpdate: code(() => window.session.updateOptions({ locale: 42 })),
        sessionNull: code(() => window.session.updateOptions({ locale: null })),
        sessionKept: window.session.options.locale,
      };
    });
    assert.deepEqual(codes, {
      rootCtor: "INVALID_OPTIONS",
      rootUpdate: "INVALID_OPTIONS",
      rootKept: "pl",
      session: "INVALID_OPTIONS",
      rootSession: "INVALID_OPTIONS",
      sessionUpdate: "INVALID_OPTIONS",
      sessionNull: "INVALID_OPTIONS",
      sessionKept: "fr",
    });
    await page.locator('.ce-chat[data-state="ready"]').waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await page.locator(".ce-composer-input").getAttribute("placeholder"), "Écrire un message…");
    assert.equal(await page.locator(".ce-composer-send").textContent(), "Envoyer");
    assert.equal(await page.locator(".ce-chat").getAttribute("lang"), "fr");
  });
});
