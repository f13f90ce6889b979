// What the Data API end-to-end tests share (on top of helpers.mjs): a server with a known app secret
// and an admin client for it, and pages on the server's origin that have the SDK imported, count
// their WebSockets, and get tokens minted by the admin API (the secret never enters the page).
import { createHmac, randomBytes } from "node:crypto";
import { TIMEOUT_MS, describeProblems, newPage, startServer } from "./helpers.mjs";

/** The app id of a server started with `--demo`. */
export const APP_ID = "demo";

/** A fresh app secret for one test's server. */
export function newSecret() {
  return `e2e-${randomBytes(24).toString("hex")}`;
}

/**
 * Starts a server (see helpers.mjs `startServer`) with an app secret, and returns it with an admin
 * client: `admin(method, path, body?)` resolves with `{ status, body }` (the body parsed when JSON),
 * and `adminOk(...)` with the body after asserting a 2xx status.
 */
export async function startDataServer(options = {}) {
  const appSecret = options.appSecret ?? newSecret();
  const server = await startServer({ ...options, appSecret });
  return withAdmin(server, appSecret);
}

/** Adds the admin client to a started server (also after a restart on the same address). */
export function withAdmin(server, appSecret) {
  async function admin(method, path, body) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${appSecret}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }
  async function adminOk(method, path, body) {
    const result = await admin(method, path, body);
    if (result.status < 200 || result.status > 299) {
      throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result.body;
  }
  return {
    ...server,
    appSecret,
    admin,
    adminOk,
    /** A token for `userId` from `POST /v1/admin/tokens`. */
    async mintToken(userId, ttlSeconds = 3600) {
      return (await adminOk("POST", "/v1/admin/tokens", { userId, ttlSeconds })).token;
    },
    /** Creates (or renames) a user. */
    putUser(id, name) {
      return adminOk("PUT", `/v1/admin/users/${encodeURIComponent(id)}`, { name });
    },
    /** Creates a conversation (with a subject and custom fields, if given) and adds the participants. */
    async putConversation(id, { subject, custom, participants = [], access = {} } = {}) {
      await adminOk("PUT", `/v1/admin/conversations/${encodeURIComponent(id)}`, {
        ...(subject === undefined ? {} : { subject }),
        ...(custom === undefined ? {} : { custom }),
      });
      for (const userId of participants) {
        await adminOk(
          "PUT",
          `/v1/admin/conversations/${encodeURIComponent(id)}/participants/${encodeURIComponent(userId)}`,
          access[userId] ? { access: access[userId] } : {},
        );
      }
    },
    /** Sends a message as `senderId` through the admin API; resolves with the stored message. */
    postMessage(conversationId, senderId, text) {
      return adminOk("POST", `/v1/admin/conversations/${encodeURIComponent(conversationId)}/messages`, {
        senderId,
        text,
      });
    },
  };
}

/** A JWT signed HS256 with `secret` (for tokens the admin API would not mint, e.g. for another app). */
export function signJwt(secret, claims) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const head = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** Resolves once `Date.now()` has passed `ms`, so the next server timestamp is strictly greater. */
export async function waitUntilAfter(ms) {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, 1));
}

// Installed in every test page before any of its scripts: wraps WebSocket to count and reach the
// sockets the SDK opens, and keeps what subscriptions deliver.
function pageInstruments() {
  const Native = window.WebSocket;
  const sockets = [];
  // Every frame the page sent, parsed: window.__frames.
  const frames = [];
  window.__frames = frames;
  window.WebSocket = class CountingWebSocket extends Native {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
    send(data) {
      try {
        frames.push(JSON.parse(data));
      } catch {
        frames.push({ unparsed: String(data) });
      }
      return super.send(data);
    }
  };
  window.__sockets = {
    /** How many sockets were created so far. */
    get opened() {
      return sockets.length;
    },
    /** How many are connecting or open now. */
    get live() {
      return sockets.filter((s) => s.readyState === Native.CONNECTING || s.readyState === Native.OPEN).length;
    },
    /** How many are open (connected) now. */
    get openNow() {
      return sockets.filter((s) => s.readyState === Native.OPEN).length;
    },
    /** Closes every open socket from the page's side, as a network drop would end it. */
    dropAll() {
      let dropped = 0;
      for (const socket of sockets) {
        if (socket.readyState === Native.OPEN) {
          socket.close(4000, "dropped by the test");
          dropped += 1;
        }
      }
      return dropped;
    },
  };
  // recorder(name) is a subscription callback that keeps every call: window.__calls[name] is a
  // list of { snapshot, loadedAll }; latest(name) is the last one.
  window.__calls = {};
  window.recorder = (name) => {
    window.__calls[name] = [];
    return (snapshot, loadedAll) => window.__calls[name].push({ snapshot, loadedAll });
  };
  window.latest = (name) => {
    const calls = window.__calls[name];
    return calls && calls.length ? calls[calls.length - 1] : undefined;
  };
}

/** The SDK's entries: everything, and the Data API alone (what the Data API tests load). */
export const FULL_ENTRY = "/pkg/index.js";
export const DATA_ENTRY = "/pkg/data.js";

/**
 * A page on the server's origin (its `/healthz` document: a page the server itself serves, so the
 * browser treats the server as the page's own origin) with the SDK's module `entry` imported as
 * `window.SDK`, the WebSocket counter `window.__sockets`, the snapshot recorder, and
 * `window.mintToken(userId, ttlSeconds?)` backed by the admin API.
 */
export async function openSdkPage(browser, server, entry = FULL_ENTRY) {
  const page = await newPage(browser);
  await page.addInitScript(pageInstruments);
  // Looked up on each call, so a test can point it at a restarted server.
  page.mintTokenFrom = server;
  await page.exposeFunction("mintToken", (userId, ttlSeconds) => page.mintTokenFrom.mintToken(userId, ttlSeconds));
  await page.goto(`${server.url}/healthz`);
  await page.evaluate(async (entry) => {
    window.SDK = await import(entry);
  }, entry);
  return page;
}

/**
 * `openSdkPage` with `entry`, then a session for `userId` as `window.session`, whose onNeedToken
 * mints a token that lives `ttlSeconds` and counts its calls in `window.tokenRequests`.
 */
export async function openSessionPage(browser, server, userId, { ttlSeconds = 3600, entry = FULL_ENTRY } = {}) {
  const page = await openSdkPage(browser, server, entry);
  await page.evaluate(
    ({ appId, userId, ttlSeconds }) => {
      const session = window.SDK.getTalkSession({ appId, userId });
      window.tokenRequests = 0;
      session.onNeedToken = async () => {
        window.tokenRequests += 1;
        session.setToken(await window.mintToken(userId, ttlSeconds));
      };
      window.session = session;
    },
    { appId: APP_ID, userId, ttlSeconds },
  );
  return page;
}

/** `page.waitForFunction` with the end-to-end timeout; `arg` is passed to `fn`. */
export function waitInPage(page, fn, arg, timeout = TIMEOUT_MS) {
  return page.waitForFunction(fn, arg, { timeout, polling: 50 });
}

/** Starts a server for one test (see {@link startDataServer}), runs `body(server)`, and stops it whatever happens. */
export async function withServer(body) {
  const server = await startDataServer();
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/**
 * Waits until the last call `{ snapshot, loadedAll }` recorded as `name` satisfies `predicate`
 * (a function `(call, arg) => boolean`, sent into the page as source) and returns that call.
 */
export async function waitForLatest(page, name, predicate, arg) {
  await waitInPage(
    page,
    ({ name, source, arg }) => {
      const call = window.latest(name);
      // eslint-disable-next-line no-new-func
      return call !== undefined && new Function(`return (${source})`)()(call, arg);
    },
    { name, source: predicate.toString(), arg },
  ).catch(async (error) => {
    const call = await page.evaluate((name) => window.latest(name), name);
    error.message += `\nlatest "${name}": ${JSON.stringify(call)?.slice(0, 2000)}`;
    throw error;
  });
  return page.evaluate((name) => window.latest(name), name);
}

/** Runs `body`, adding what the pages reported to a failure, and closes the pages' contexts. */
export async function withPages(pages, body) {
  try {
    await body();
  } catch (error) {
    error.message += describeProblems(...pages);
    throw error;
  } finally {
    for (const page of pages) await page.context().close();
  }
}
