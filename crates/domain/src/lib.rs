//! Pure types and rules of Sanshe: no I/O, no clocks, no database.
//! Every rule here is a plain function over plain data so it can be tested exhaustively.

/// An enum known by snake_case names (every `named_enum!`), which is how it is stored.
pub trait NamedEnum: Copy + 'static {
    fn name(self) -> &'static str;
    fn from_name(text: &str) -> Option<Self>;
}

/// An enum stored and exchanged by snake_case name: `as_str`, `parse` and `ALL`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }

        impl $crate::NamedEnum for $name {
            fn name(self) -> &'static str {
                self.as_str()
            }

            fn from_name(text: &str) -> Option<Self> {
                Self::parse(text)
            }
        }
    };
}

pub mod audit;
pub mod community;
pub mod date;
pub mod governance;
pub mod hanzi;
pub mod identifiers;
pub mod identity;
pub mod money;
pub mod organization;
pub mod region;
pub mod social_work;
pub mod survey;
mod violation;
pub mod volunteer;
pub mod workdays;

pub use violation::{FieldError, Violation};
