// The SDK's size accounting (run through scripts/size.sh).
//
//   node scripts/size.mjs entries PKG [--check BASELINE] [--update BASELINE REASON]
//     What a page receives per entry (raw and `gzip -9`); with --check, each entry against the
//     committed baseline (growth above the allowance fails); with --update, writes the baseline.
//   node scripts/size.mjs top NAMED.wasm GLUE.js [LIMIT]
//     The top contributors of an optimised wasm that kept its name section (by crate, by module,
//     the largest functions, data) and of the wasm-bindgen glue (by part).
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

// Each entry is the set of files a page loads for it, all from pkg/.
const ENTRIES = [
  { name: "chat-elements", files: ["index.js", "chat_elements.js", "chat_elements_bg.wasm"] },
  { name: "chat-elements/data", files: ["data.js", "chat_elements_data.js", "chat_elements_data_bg.wasm"] },
  { name: "script tag (loader + wasm)", files: ["chat-elements.js", "chat_elements_bg.wasm"] },
  { name: "script tag (single file)", files: ["chat-elements.iife.js"] },
];
// How much an entry may grow over its baseline before the check fails.
const ALLOWANCE = 2048;

// `gzip -9`, the measure the project has always used (node's zlib compresses a little worse).
const gzip = (bytes) => execFileSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 1 << 30 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);

function measureEntries(pkg) {
  const out = [];
  for (const entry of ENTRIES) {
    const paths = entry.files.map((f) => join(pkg, f));
    if (!paths.every((p) => existsSync(p))) continue;
    let raw = 0;
    let gz = 0;
    const parts = [];
    for (const [i, p] of paths.entries()) {
      const bytes = readFileSync(p);
      const g = gzip(bytes);
      raw += bytes.length;
      gz += g;
      parts.push(`${entry.files[i]} ${kb(g)}`);
    }
    out.push({ name: entry.name, raw, gzip: gz, parts });
  }
  return out;
}

function printEntries(measured) {
  console.log(`${pad("entry", 28)} ${lpad("raw", 10)} ${lpad("gzip", 10)}   files (gzip)`);
  for (const e of measured) {
    console.log(`${pad(e.name, 28)} ${lpad(kb(e.raw), 10)} ${lpad(kb(e.gzip), 10)}   ${e.parts.join(" + ")}`);
  }
}

function check(measured, baselinePath) {
  const baseline = JSON.parse(readFileSync(baselinePath, "utf8"));
  let failed = false;
  console.log(`\nAgainst the baseline (${baselinePath}; an entry may grow ${ALLOWANCE} bytes):`);
  console.log(`${pad("entry", 28)} ${lpad("baseline", 10)} ${lpad("now", 10)} ${lpad("change", 10)}`);
  for (const [name, base] of Object.entries(baseline.entries)) {
    const now = measured.find((e) => e.name === name);
    if (!now) {
      console.log(`${pad(name, 28)} ${lpad(base.gzip, 10)} ${lpad("missing", 10)}`);
      failed = true;
      continue;
    }
    const change = now.gzip - base.gzip;
    const over = change > ALLOWANCE;
    failed ||= over;
    console.log(
      `${pad(name, 28)} ${lpad(base.gzip, 10)} ${lpad(now.gzip, 10)} ${lpad((change > 0 ? "+" : "") + change, 10)}` +
        (over ? "   OVER: update the baseline in the same commit, with the reason" : ""),
    );
  }
  for (const e of measured) {
    if (!(e.name in baseline.entries)) {
      console.log(`${pad(e.name, 28)} ${lpad("none", 10)} ${lpad(e.gzip, 10)}   NEW: add it to the baseline`);
      failed = true;
    }
  }
  if (failed) {
    console.error(
      "\nThe SDK grew past its baseline. If the growth is wanted, run\n" +
        '  bash scripts/size.sh --update "the reason"\n' +
        "and commit scripts/size-baseline.json with the change that caused it.",
    );
    process.exit(1);
  }
}

function update(measured, baselinePath, reason) {
  if (!reason) {
    console.error("--update needs a reason");
    process.exit(2);
  }
  const entries = {};
  for (const e of measured) entries[e.name] = { gzip: e.gzip, raw: e.raw };
  const baseline = {
    comment: "bytes a page receives per entry, gzip -9; checked by npm test (scripts/size.sh --check)",
    reason,
    entries,
  };
  writeFileSync(baselinePath, JSON.stringify(baseline, null, 2) + "\n");
  console.log(`wrote ${baselinePath}`);
}

// --- the wasm's name section ---

function leb(bytes, at) {
  let result = 0;
  let shift = 0;
  let b;
  do {
    b = bytes[at++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [result, at];
}

function readName(bytes, at) {
  const [len, start] = leb(bytes, at);
  return [bytes.subarray(start, start + len).toString("utf8"), start + len];
}

// Function bodies (index → size), data bytes, and the names the name section gives.
function parseWasm(bytes) {
  let at = 8;
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  let custom = 0;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const end = start + size;
    if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        [, p] = readName(bytes, p);
        [, p] = readName(bytes, p);
        const kind = bytes[p++];
        if (kind === 0) {
          imported++;
          [, p] = leb(bytes, p);
        } else if (kind === 1) {
          p++;
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 2) {
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 3) {
          p += 2;
        } else {
          p++;
          [, p] = leb(bytes, p);
        }
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, body] = leb(bytes, p);
        bodies.push(body - p + len);
        p = body + len;
      }
    } else if (id === 11) {
      data += size;
    } else if (id === 0) {
      const [name, p] = readName(bytes, start);
      if (name === "name") {
        let q = p;
        while (q < end) {
          const sub = bytes[q];
          const [len, s] = leb(bytes, q + 1);
          if (sub === 1) {
            let [count, r] = leb(bytes, s);
            for (let i = 0; i < count; i++) {
              let index;
              let text;
              [index, r] = leb(bytes, r);
              [text, r] = readName(bytes, r);
              names.set(index, text);
            }
          }
          q = s + len;
        }
      } else {
        custom += size;
      }
    }
    at = end;
  }
  return { imported, bodies, names, data, custom, total: bytes.length };
}

// The path a function belongs to: `a::b::c` of `<a::b::C as x::Y>::f::h0123` or `a::b::f`.
function pathOf(name) {
  let text = name.replace(/::h[0-9a-f]{16}$/, "");
  text = text.replace(/^<(&(mut )?|dyn |\*(const|mut) )*/, "");
  const generic = /^(core|alloc|std)::ptr::drop_in_place<(.*)>$/.exec(text);
  if (generic) return ["drop glue", ...pathOf(generic[2]).slice(0, 2)];
  const match = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(text);
  return match ? match[0].split("::") : ["(unnamed)"];
}

function groupBy(fns, key) {
  const groups = new Map();
  for (const f of fns) {
    const k = key(f);
    const g = groups.get(k) ?? { name: k, bytes: 0, count: 0 };
    g.bytes += f.size;
    g.count++;
    groups.set(k, g);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

function printGroups(title, groups, limit, total) {
  console.log(`\n${title}`);
  for (const g of groups.slice(0, limit)) {
    const share = ((100 * g.bytes) / total).toFixed(1);
    console.log(`  ${lpad(kb(g.bytes), 9)} ${lpad(share + "%", 6)} ${lpad(g.count, 5)} fns  ${g.name}`);
  }
}

function moduleKey(path) {
  const ours = path[0] === "chat_elements" || path[0] === "drop glue";
  return path.slice(0, ours ? 3 : 2).join("::");
}

function top(wasmPath, gluePath, limit) {
  const wasm = parseWasm(readFileSync(wasmPath));
  const fns = wasm.bodies.map((size, i) => {
    const name = wasm.names.get(wasm.imported + i) ?? `function ${wasm.imported + i}`;
    return { name, size, path: pathOf(name) };
  });
  const code = fns.reduce((n, f) => n + f.size, 0);
  console.log(
    `\n${wasmPath}: ${kb(wasm.total)} with names; code ${kb(code)} in ${fns.length} functions, data ${kb(wasm.data)}` +
      " (strings, CSS, tables), raw sizes before gzip",
  );
  printGroups("By crate (raw code bytes):", groupBy(fns, (f) => f.path[0]), limit, code);
  printGroups("By module:", groupBy(fns, (f) => moduleKey(f.path)), limit * 2, code);
  console.log("\nLargest functions:");
  for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, limit)) {
    console.log(`  ${lpad(kb(f.size), 9)}  ${f.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 150)}`);
  }
  if (gluePath) glue(gluePath, limit);
}

// The glue by part: each exported class, the import shims, the rest.
function glue(path, limit) {
  const text = readFileSync(path, "utf8");
  const parts = new Map();
  const add = (name, chunk) => parts.set(name, (parts.get(name) ?? 0) + chunk.length);
  const lines = text.split("\n");
  let current = "(top level)";
  for (const line of lines) {
    const cls = /^export class (\w+)/.exec(line);
    const fn = /^(?:export )?(?:async )?function (\w+)/.exec(line);
    if (cls) current = `class ${cls[1]}`;
    else if (fn) current = fn[1] === "__wbg_get_imports" ? "import shims (__wbg_get_imports)" : "functions";
    else if (/^const \w+ = /.test(line)) current = "(top level)";
    add(current, line + "\n");
  }
  const shims = (text.match(/__wbg_\w+: function|imports\.wbg\.__wbg_\w+ =|__wbg_\w+\(/g) ?? []).length;
  const total = text.length;
  console.log(`\n${path}: ${kb(total)} raw, ${kb(gzip(Buffer.from(text)))} gzip; ~${shims} import shims`);
  const sorted = [...parts.entries()].sort((a, b) => b[1] - a[1]);
  for (const [name, bytes] of sorted.slice(0, limit)) {
    console.log(`  ${lpad(kb(bytes), 9)} ${lpad(((100 * bytes) / total).toFixed(1) + "%", 6)}  ${name}`);
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === "entries") {
  const [pkg, flag, baselinePath, reason] = args;
  const measured = measureEntries(pkg);
  printEntries(measured);
  if (flag === "--check") check(measured, baselinePath);
  else if (flag === "--update") update(measured, baselinePath, reason);
} else if (command === "top") {
  const [wasmPath, gluePath, limit] = args;
  top(wasmPath, gluePath, Number(limit ?? 15));
} else {
  console.error("usage: size.mjs entries PKG [--check|--update BASELINE [REASON]] | top NAMED.wasm [GLUE.js] [LIMIT]");
  process.exit(2);
}
