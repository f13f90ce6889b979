//! The element contract every element class shares: `options`, `state`, `mount`, `unmount`,
//! `updateOptions` and `getSnapshot`, delegated to the class's `self.shared`.

/// Gives a JS class whose `self.shared` has `state: RefCell<_>` (with `raw` options and a `ready`
/// flag), `mount(&JsValue)`, `unmount()`, `update_options(&JsValue)` and `snapshot()` the
/// element methods. `$updates` says in the documentation what `updateOptions` changes.
macro_rules! element_methods {
    ($class:ty, $updates:literal) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            /// The options as last given (merged with every `updateOptions`).
            #[wasm_bindgen(getter)]
            pub fn options(&self) -> wasm_bindgen::JsValue {
                self.shared.state.borrow().raw.clone()
            }

            /// `"loading"` until the element first shows its content, then `"ready"`.
            #[wasm_bindgen(getter)]
            pub fn state(&self) -> String {
                if self.shared.state.borrow().ready {
                    "ready"
                } else {
                    "loading"
                }
                .to_owned()
            }

            /// Mounts into an element or `"#id"`. Throws CONTAINER_NOT_FOUND; a second call
            /// warns and does nothing.
            pub fn mount(
                &self,
                container: wasm_bindgen::JsValue,
            ) -> Result<(), wasm_bindgen::JsValue> {
                self.shared
                    .mount(&container)
                    .map_err(wasm_bindgen::JsValue::from)
            }

            /// Removes the element and ends its subscriptions. It cannot be mounted again.
            pub fn unmount(&self) {
                self.shared.unmount();
            }

            #[doc = concat!("Changes options: ", $updates, ".")]
            #[wasm_bindgen(js_name = updateOptions)]
            pub fn update_options(
                &self,
                options: wasm_bindgen::JsValue,
            ) -> Result<(), wasm_bindgen::JsValue> {
                self.shared
                    .update_options(&options)
                    .map_err(wasm_bindgen::JsValue::from)
            }

            /// `{ state: "loading" | "ready", ... }`.
            #[wasm_bindgen(js_name = getSnapshot)]
            pub fn get_snapshot(&self) -> wasm_bindgen::JsValue {
                self.shared.snapshot()
            }
        }
    };
}
pub(crate) use element_methods;
