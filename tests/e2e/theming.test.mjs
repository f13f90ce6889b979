// Theming (`appearance`) in Chromium: the dark theme at mount, switching at runtime through the
// root object's updateOptions, accent colours, CSS variables, extra class names, values that must be
// refused (INVALID_OPTIONS), and a host page whose aggressive global CSS must not change ours.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./helpers.mjs";
import { withPages } from "./data-helpers.mjs";
import { computed, mountDmsList, mountSearch, openThemedPage, startSeededServer } from "./theme-helpers.mjs";

const WHITE = "rgb(255, 255, 255)";
const DARK_BG = "rgb(17, 17, 19)"; // slate, dark step 1
const INDIGO = "rgb(62, 99, 221)"; // the default accent
const CRIMSON = "rgb(203, 29, 99)"; // accentColor: "crimson"

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startSeededServer()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const background = async (page, selector) => (await computed(page, selector, ["background-color"]))["background-color"];

/** Calls `window[target].updateOptions(options)`; resolves to the thrown error's code, or null. */
function updateCode(page, target, options) {
  return page.evaluate(
    ({ target, options }) => {
      try {
        window[target].updateOptions(options);
        return null;
      } catch (error) {
        return `${error.code}: ${error.message}`;
      }
    },
    { target, options },
  );
}

test("the dark theme applies at mount", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, { theme: { appearance: "dark" } });
  await withPages([page], async () => {
    await mountDmsList(page);
    assert.equal(await page.locator(".ce-dms").getAttribute("data-ce-theme"), "dark");
    assert.equal(await background(page, ".ce-dms"), DARK_BG);
    const text = await computed(page, ".ce-dm-row[aria-selected=false] .ce-dm-name", ["color"]);
    assert.equal(text.color, "rgb(237, 238, 240)");
  });
});

test("the root's updateOptions switches mounted elements' theme at runtime", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, {});
  await withPages([page], async () => {
    await mountDmsList(page);
    await mountSearch(page);
    assert.equal(await background(page, ".ce-dms"), WHITE);
    assert.equal(await background(page, ".ce-search"), WHITE);
    const seen = await page.evaluate(() => {
      const seen = [];
      // Listeners already see the new theme.
      window.session.on("optionsUpdated", () => seen.push(document.querySelector(".ce-dms").dataset.ceTheme));
      window.root.updateOptions({ appearance: { theme: { appearance: "dark" } } });
      return seen;
    });
    assert.deepEqual(seen, ["dark"]);
    assert.equal(await background(page, ".ce-dms"), DARK_BG);
    assert.equal(await background(page, ".ce-search"), DARK_BG);
    assert.equal(await page.evaluate(() => window.session.options.appearance.theme.appearance), "dark");

    assert.equal(await updateCode(page, "root", { appearance: { theme: { appearance: "light" } } }), null);
    assert.equal(await background(page, ".ce-dms"), WHITE);
    assert.equal(await background(page, ".ce-search"), WHITE);

    // A session's own updateOptions does the same, for its elements only.
    assert.equal(await updateCode(page, "session", { appearance: { theme: { appearance: "dark", grayColor: "sand" } } }), null);
    assert.equal(await background(page, ".ce-dms"), "rgb(17, 17, 16)");
  });
});

test("accentColor colours the selected row; an unknown colour is refused", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, {});
  await withPages([page], async () => {
    await mountDmsList(page);
    const selected = ".ce-dm-row[aria-selected=true]";
    assert.equal(await background(page, selected), INDIGO);
    assert.equal(await updateCode(page, "root", { appearance: { theme: { accentColor: "crimson" } } }), null);
    assert.equal(await background(page, selected), CRIMSON);
    assert.equal((await computed(page, selected, ["color"])).color, WHITE);
    // A bright accent gets dark text.
    assert.equal(await updateCode(page, "root", { appearance: { theme: { accentColor: "amber" } } }), null);
    assert.equal(await background(page, selected), "rgb(255, 197, 61)");
    assert.equal((await computed(page, selected, ["color"])).color, "rgb(28, 32, 36)");

    const refused = await updateCode(page, "root", { appearance: { theme: { accentColor: "chartreuse" } } });
    assert.match(refused, /^INVALID_OPTIONS: appearance\.theme\.accentColor must be one of: ruby, blue/);
    assert.equal(await background(page, selected), "rgb(255, 197, 61)", "a refused update changes nothing");
    assert.equal(await page.evaluate(() => window.root.options.appearance.theme.accentColor), "amber");
  });
});

test("variables and classes are applied, replaced and removed", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, {
    variables: { "--ce-bg": "rgb(1, 2, 3)", "--ce-radius": "3px" },
    classes: { root: "host-chat  host-chat--big" },
  });
  await withPages([page], async () => {
    await mountDmsList(page);
    const style = await computed(page, ".ce-dms", ["background-color", "border-top-left-radius"]);
    assert.deepEqual(style, { "background-color": "rgb(1, 2, 3)", "border-top-left-radius": "3px" });
    assert.equal(await page.locator(".ce-dms").getAttribute("class"), "ce-root ce-dms host-chat host-chat--big");

    // Variables win over the theme's colours; the previous ones and classes are gone.
    const next = { theme: { accentColor: "crimson" }, variables: { "--ce-accent": "rgb(0, 128, 0)" }, classes: { root: "other" } };
    assert.equal(await updateCode(page, "root", { appearance: next }), null);
    assert.equal(await background(page, ".ce-dm-row[aria-selected=true]"), "rgb(0, 128, 0)");
    assert.equal(await background(page, ".ce-dms"), WHITE);
    assert.equal(await page.locator(".ce-dms").getAttribute("class"), "ce-root ce-dms other");

    assert.equal(await updateCode(page, "root", { appearance: {} }), null);
    assert.equal(await page.locator(".ce-dms").getAttribute("class"), "ce-root ce-dms");
    assert.equal(await page.locator(".ce-dms").getAttribute("style"), null);
    assert.equal(await background(page, ".ce-dm-row[aria-selected=true]"), INDIGO);
  });
});

test("unsafe or malformed appearance is refused with INVALID_OPTIONS everywhere", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, {});
  await withPages([page], async () => {
    await mountDmsList(page);
    const bad = [
      { variables: { "--ce-bg": "red; background:url(x)" } },
      { variables: { "--ce-bg": "url(https://tracker.example/x.png)" } },
      { variables: { "--ce-bg": "image-set(\"x.png\" 1x)" } },
      { variables: { "--ce-bg": "u\\72l(x)" } },
      // Fetching functions the browser knows under other names, and other ways around a list of
      // bad words: only what the value grammar allows passes.
      { variables: { "--ce-bg": "-webkit-image-set(\"x.png\" 1x)" } },
      { variables: { "--ce-bg": "red /* */ url(x)" } },
      { variables: { "--ce-bg": "cross-fade(url(a), url(b))" } },
      { variables: { "--ce-bg": "var(--page-var)" } },
      { variables: { "--ce-bg": "red}body{color:red" } },
      { variables: { color: "red" } },
      { variables: { "--ce-bg": 3 } },
      { classes: { root: "ok\"><img src=x>" } },
      { classes: { root: "ce-own" } },
      { classes: { "my-class": { color: "red" } } },
      { theme: { appearance: "dim" } },
      { theme: "dark" },
    ];
    for (const appearance of bad) {
      const codes = await page.evaluate((appearance) => {
        const code = (f) => {
          try {
            f();
            return "accepted";
          } catch (error) {
            return error.code;
          }
        };
        const token = () => window.mintToken("ann");
        return [
          code(() => window.root.updateOptions({ appearance })),
          code(() => window.session.updateOptions({ appearance })),
          code(() => window.SDK.createChatSession({ token, appearance })),
          code(() => new window.SDK.ChatElements({ appearance })),
        ];
      }, appearance);
      assert.deepEqual(codes, Array(4).fill("INVALID_OPTIONS"), JSON.stringify(appearance));
    }
    // Nothing of it reached the element.
    assert.equal(await page.locator(".ce-dms").getAttribute("style"), null);
    assert.equal(await background(page, ".ce-dms"), WHITE);
    assert.deepEqual(await page.evaluate(() => window.root.options.appearance), {});
  });
});

test("a host page's aggressive global CSS does not change the elements' styles", { timeout: 60_000 }, async () => {
  const page = await openThemedPage(browser, server, {});
  await withPages([page], async () => {
    await mountDmsList(page);
    await mountSearch(page);
    const probes = [
      [".ce-dms", ["padding-top", "margin-top", "font-family", "background-color"]],
      [".ce-dm-name", ["font-family", "letter-spacing", "text-transform", "color", "padding-left", "font-size"]],
      [".ce-search-close", ["background-color", "padding-left", "border-top-width", "border-top-left-radius", "text-transform"]],
      [".ce-search-input", ["font-size", "border-top-style", "border-top-color", "padding-left", "margin-left"]],
      [".ce-search-results", ["list-style-type", "padding-left", "margin-top"]],
      [".ce-search-result", ["background-color", "color", "padding-top", "box-shadow"]],
    ];
    const measure = async () => {
      const out = {};
      for (const [selector, properties] of probes) out[selector] = await computed(page, selector, properties);
      return out;
    };
    const before = await measure();
    await page.addStyleTag({
      content: `
        * { font-family: "Comic Sans MS", cursive; letter-spacing: 3px; text-transform: uppercase; box-sizing: content-box; }
        div, span, li, ul, p { padding: 20px; margin: 10px; color: red; background: yellow; }
        button { background: red; padding: 30px; border: 5px solid blue; border-radius: 0; box-shadow: 0 0 10px black; }
        input { font-size: 40px; border: 4px dashed red; padding: 25px; margin: 15px; }
        ul, li { list-style: square; }
      `,
    });
    assert.deepEqual(await measure(), before);
  });
});
