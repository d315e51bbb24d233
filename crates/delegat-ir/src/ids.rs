//! Typed indices into the program's tables.
//!
//! Every id is a `u32` newtype, serialised as a bare number. An id read from a pack file is
//! untrusted: it may be out of range. [`crate::Program::verify`] checks every id, and the
//! interpreter still uses checked access, so a bad id is an error and never a panic.

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the `index`-th entry (saturating: tables that large are refused).
            pub fn from_index(index: usize) -> $name {
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }
        }
    };
}

id!(
    /// An expression in [`crate::Program::exprs`].
    ExprId
);
id!(
    /// A declared enum or record type in [`crate::Program::types`].
    TypeId
);
id!(
    /// An `uppgift` (or `bedömning`) in [`crate::Program::inputs`].
    InputId
);
id!(
    /// A `parameter` in [`crate::Program::params`].
    ParamId
);
id!(
    /// A `regel` in [`crate::Program::rules`].
    RuleId
);
id!(
    /// A `beslut` or `beslutsstöd` in [`crate::Program::decisions`].
    DecisionId
);
id!(
    /// A local slot of the current frame: a rule's argument or a loop variable.
    LocalId
);
