//! One file per locale: its UI strings by name.

pub mod de;
pub mod en;
pub mod es;
pub mod fr;
pub mod it;
pub mod ja;
pub mod nl;
pub mod pl;
pub mod pt;
pub mod tr;
pub mod zh;
