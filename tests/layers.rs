//! The wasm crate's layers hold in its import graph: the engine (`src/session/`) uses nothing
//! above it, and the Data API (`src/data/`) nothing of the elements. (A native test: it reads the
//! sources.)

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files under `src/<layer>` that mention any of `forbidden` (`crate::x` paths).
fn violations(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("a source file");
        for module in forbidden {
            let path = format!("crate::{module}");
            if text.contains(&format!("{path}::")) || text.contains(&format!("{path};")) {
                found.push(format!("{} uses {path}", file.display()));
            }
        }
    }
    found
}

#[test]
fn the_engine_knows_nothing_above_it() {
    let above = [
        "elements",
        "theme",
        "i18n",
        "styles",
        "dom",
        "data",
        "chat_session",
    ];
    assert_eq!(violations("session", &above), Vec::<String>::new());
}

#[test]
fn the_data_api_knows_no_element() {
    let ui = ["elements", "theme", "i18n", "styles", "dom"];
    assert_eq!(violations("data", &ui), Vec::<String>::new());
}
