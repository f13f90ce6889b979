// Server-side rendering imports the package on a server: the Data API's entry point is there too,
// and says clearly that it needs a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

test("getTalkSession in Node throws UNSUPPORTED_ENVIRONMENT", async () => {
  const { getTalkSession } = await import("chat-elements");
  assert.equal(typeof getTalkSession, "function");
  assert.throws(
    () => getTalkSession({ appId: "my-app", userId: "alice" }),
    (error) => error instanceof Error && error.code === "UNSUPPORTED_ENVIRONMENT",
  );
});

test("the data-only entry imports in Node and says the same", async () => {
  const sdk = await import("chat-elements/data");
  assert.deepEqual(Object.keys(sdk), ["getTalkSession"]);
  assert.throws(
    () => sdk.getTalkSession({ appId: "my-app", userId: "alice" }),
    (error) => error instanceof Error && error.code === "UNSUPPORTED_ENVIRONMENT",
  );
});
