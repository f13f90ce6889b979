// The public types say what the SDK really has: every member an interface of pkg/index.d.ts or
// pkg/data.d.ts documents exists on the class the wasm exports for it (from the glue wasm-bindgen
// generated), every public method of those classes is documented, and every function an entry's
// types declare is exported by the entry. Runs in Node: the glue's classes exist without the wasm.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));

// The interfaces of the public types and the wasm class behind each.
const CLASSES = {
  ChatSession: "ChatSession",
  TalkSession: "ChatSession",
  UserRef: "UserRef",
  ConversationRef: "ConversationRef",
  MessageRef: "MessageRef",
  ParticipantRef: "ParticipantRef",
  ReactionRef: "ReactionRef",
  Unsubscribable: "ErrorSubscription",
  MessageSearch: "Search",
  ConversationSearch: "Search",
  UserSubscription: "Subscription",
  ConversationSubscription: "Subscription",
  MessageSubscription: "WindowedSubscription",
  ConversationListSubscription: "WindowedSubscription",
  ParticipantSubscription: "WindowedSubscription",
};
const ELEMENT_CLASSES = {
  ChatElements: "ChatElementsRoot",
  ChatElement: "ChatElement",
  DmsListElement: "DmsListElement",
  SearchElement: "SearchElement",
  ModalContainer: "ModalContainer",
};
// What wasm-bindgen adds to every class.
const GLUE_MEMBERS = new Set(["constructor", "free", "__destroy_into_raw", "__wbg_ptr"]);

/** The members (own and inherited) of each exported interface or type alias of `file`. */
function documentedMembers(file) {
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const out = new Map();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const declaration = symbol.declarations?.[0];
    if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    out.set(symbol.name, checker.getPropertiesOfType(type).map((p) => p.name));
  }
  const functions = checker
    .getExportsOfModule(moduleSymbol)
    .filter((s) => s.declarations?.some((d) => ts.isFunctionDeclaration(d) || ts.isVariableDeclaration(d)))
    .map((s) => s.name);
  return { interfaces: out, functions };
}

/** Public method and accessor names of a glue class (own prototype). */
function classMembers(cls) {
  return Object.getOwnPropertyNames(cls.prototype).filter((name) => !GLUE_MEMBERS.has(name));
}

function checkEntry(typesFile, glueFile, entryFile, classes) {
  const { interfaces, functions } = documentedMembers(PKG + typesFile);
  return Promise.all([import(PKG + glueFile), import(PKG + entryFile)]).then(([glue, entry]) => {
    const documentedPerClass = new Map();
    for (const [iface, className] of Object.entries(classes)) {
      const members = interfaces.get(iface);
      assert.ok(members, `${typesFile} declares ${iface}`);
      const cls = glue[className];
      assert.equal(typeof cls, "function", `${glueFile} exports the class ${className}`);
      const missing = members.filter((m) => !(m in cls.prototype));
      assert.deepEqual(missing, [], `${iface} (${typesFile}) documents members ${className} does not have`);
      const seen = documentedPerClass.get(className) ?? new Set();
      members.forEach((m) => seen.add(m));
      documentedPerClass.set(className, seen);
    }
    for (const [className, documented] of documentedPerClass) {
      const undocumented = classMembers(glue[className]).filter((m) => !documented.has(m));
      assert.deepEqual(undocumented, [], `${className} has members ${typesFile} does not document`);
    }
    const missingFunctions = functions.filter((f) => typeof entry[f] !== "function");
    assert.deepEqual(missingFunctions, [], `${entryFile} lacks functions ${typesFile} declares`);
    return functions;
  });
}

test("index.d.ts matches what the chat-elements entry and its wasm export", async () => {
  const functions = await checkEntry("index.d.ts", "chat_elements.js", "index.js", { ...CLASSES, ...ELEMENT_CLASSES });
  assert.deepEqual(functions.sort(), ["ChatElements", "createChatSession", "getTalkSession"]);
});

test("data.d.ts matches what the chat-elements/data entry and its wasm export", async () => {
  const functions = await checkEntry("data.d.ts", "chat_elements_data.js", "data.js", CLASSES);
  assert.deepEqual(functions, ["getTalkSession"]);
  // The data entry's wasm has no element classes.
  const glue = await import(PKG + "chat_elements_data.js");
  for (const className of Object.values(ELEMENT_CLASSES)) {
    assert.equal(glue[className], undefined, `chat_elements_data.js has no ${className}`);
  }
});
