// A server that speaks another protocol version: the SDK reads the welcome's `protocolVersion`
// and ends the session with UNSUPPORTED_SERVER instead of misreading its frames (and does not
// reconnect to it). The other server is a few lines of WebSocket on loopback that welcomes any
// token with version 99.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { describeProblems, newPage, useServerAndBrowser } from "./helpers.mjs";

const env = useServerAndBrowser();

/** A WebSocket server that answers `auth` with a welcome of protocol version `version`. */
function startOtherServer(version) {
  const sockets = [];
  const server = createServer();
  server.on("upgrade", (request, socket) => {
    const accept = createHash("sha1")
      .update(request.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
      .digest("base64");
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.push(socket);
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let frame; (frame = readFrame(buffered)); ) {
        buffered = buffered.subarray(frame.length);
        if (frame.opcode !== 1) continue;
        const request = JSON.parse(frame.text);
        if (request.op !== "auth") continue;
        const now = Date.now();
        const welcome = {
          kind: "welcome",
          appId: "demo",
          user: { id: "alice", name: "Alice", photoUrl: null, custom: {}, locale: null, role: null, welcomeMessage: null },
          serverTime: now,
          tokenExpiresAt: now + 3_600_000,
          protocolVersion: version,
          limits: {},
        };
        socket.write(textFrame(JSON.stringify({ type: "ok", id: request.id, result: welcome })));
      }
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        connections: () => sockets.length,
        stop: () => {
          sockets.forEach((s) => s.destroy());
          return new Promise((done) => server.close(done));
        },
      });
    });
  });
}

/** A client frame (masked) from the start of `bytes`, or nothing when it is not complete. */
function readFrame(bytes) {
  if (bytes.length < 2) return null;
  const opcode = bytes[0] & 0x0f;
  let length = bytes[1] & 0x7f;
  let at = 2;
  if (length === 126) {
    if (bytes.length < 4) return null;
    length = bytes.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return null;
    length = Number(bytes.readBigUInt64BE(2));
    at = 10;
  }
  if (bytes.length < at + 4 + length) return null;
  const mask = bytes.subarray(at, at + 4);
  const payload = Buffer.from(bytes.subarray(at + 4, at + 4 + length));
  for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
  return { opcode, text: payload.toString("utf8"), length: at + 4 + length };
}

/** A server frame: text, unmasked. */
function textFrame(text) {
  const payload = Buffer.from(text);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

let other;
before(async () => {
  other = await startOtherServer(99);
});
after(async () => {
  await other?.stop();
});

test("a Data API session on a server of another protocol version ends with UNSUPPORTED_SERVER", { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser);
  try {
    await page.goto(`${env.server.url}/healthz`);
    const outcome = await page.evaluate(async (serverUrl) => {
      const { getTalkSession } = await import("/pkg/data.js");
      const session = getTalkSession({ appId: "demo", userId: "alice", serverUrl, token: "any" });
      const fatal = new Promise((resolve) => session.onError((error) => resolve(error)));
      const request = session.user("alice").get().then(
        () => ({ resolved: true }),
        (error) => ({ code: error.code, message: error.message }),
      );
      const error = await fatal;
      return { fatal: { name: error.name, code: error.code, message: error.message }, request: await request };
    }, other.url);
    assert.equal(outcome.fatal.name, "ChatElementsError");
    assert.equal(outcome.fatal.code, "UNSUPPORTED_SERVER");
    assert.match(outcome.fatal.message, /protocol version 99; this SDK speaks version 2/);
    assert.equal(outcome.request.code, "UNSUPPORTED_SERVER");
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});

test("a chat session on such a server emits one error and does not reconnect", { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser);
  try {
    await page.goto(`${env.server.url}/healthz`);
    const before = other.connections();
    const error = await page.evaluate(async (serverUrl) => {
      const { createChatSession } = await import("/pkg/index.js");
      const session = createChatSession({ token: "any", serverUrl });
      window.errors = [];
      session.on("error", (error) => window.errors.push(error.code));
      return new Promise((resolve) => session.on("error", (error) => resolve(error.code)));
    }, other.url);
    assert.equal(error, "UNSUPPORTED_SERVER");
    // A reconnect would come after the backoff (a second or so): give it time to show.
    await page.waitForTimeout(2_500);
    assert.equal(other.connections() - before, 1, "one connection, no reconnect");
    assert.deepEqual(await page.evaluate(() => window.errors), ["UNSUPPORTED_SERVER"]);
  } catch (error) {
    error.message += describeProblems(page);
    throw error;
  } finally {
    await page.context().close();
  }
});
