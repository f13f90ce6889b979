// Server-side rendering imports the package on a server: that must work, and creating a session
// there must say clearly that a browser is needed.
import assert from "node:assert/strict";
import { test } from "node:test";

test("importing the package in Node does not throw", async () => {
  // The package's own name resolves through package.json "exports" to pkg/index.js.
  const sdk = await import("chat-elements");
  assert.equal(typeof sdk.createChatSession, "function");
});

test("createChatSession in Node throws UNSUPPORTED_ENVIRONMENT", async () => {
  const { createChatSession } = await import("chat-elements");
  assert.throws(
    () => createChatSession({ token: "a-token" }),
    (error) => error instanceof Error && error.code === "UNSUPPORTED_ENVIRONMENT",
  );
});
