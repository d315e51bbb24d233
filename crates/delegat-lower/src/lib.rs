//! Lowering: the checked program of `delegat-check` becomes the rule pack IR of `delegat-ir`.
//!
//! The checked program is already resolved and typed, so lowering is a translation, item by
//! item and node by node:
//! - ids are kept: type, parameter, rule and decision `n` of the checked program is number
//!   `n` of the IR; inputs are the `uppgift`s followed by the `bedömning`s;
//! - each operation gets its typed IR node (`AddMoney`, `Compare { ty: Date }`, …), widening
//!   is `IntToDec`, `summa(lista)` is an aggregate without a body, a table index is a lookup;
//! - locals, which the checker numbers across the whole program, get slots per frame (a
//!   rule's arguments first, then the loop variables of its body and exceptions; a
//!   decision's loop variables);
//! - constant values (parameter versions, table rows, `exempel` values) are computed here,
//!   by the interpreter, so a pack holds values, not expressions.
//!
//! The result is verified (`Program::verify`) before it is returned; a lowering that does not
//! verify is an internal error, reported like any other refusal (E0502).

#![forbid(unsafe_code)]

mod consts;
mod expr;
mod items;
mod scalar;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use delegat_check::program as ck;
use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_ir::build::Builder;
use delegat_ir::{LocalDecl, Program};

/// Why a checked program could not be lowered (a constant that cannot be computed, a
/// construct the IR does not have, or an internal inconsistency).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerError {
    /// What went wrong, in Swedish (lowercase, no final period).
    pub message: String,
    /// Where.
    pub span: Span,
}

impl LowerError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> LowerError {
        LowerError {
            message: message.into(),
            span,
        }
    }

    /// The error as a diagnostic (E0502).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(Code::E0502, self.message.clone(), self.span)
    }
}

/// Lowers a checked program (one that the checker returned, so without errors) to a
/// verified IR program.
pub fn lower(checked: &ck::Program) -> Result<Program, Box<Diagnostic>> {
    lower_program(checked).map_err(|e| Box::new(e.to_diagnostic()))
}

/// As [`lower`], with the error as a [`LowerError`].
pub fn lower_program(checked: &ck::Program) -> Result<Program, LowerError> {
    let mut l = Lowerer::new(checked, Builder::new(""));
    l.items()?;
    let program = l.b.program;
    let errors = program.verify();
    match errors.first() {
        None => Ok(program),
        Some(first) => Err(LowerError::new(
            format!("internt fel i översättningen till regelpaket: {first}"),
            Span::detached(),
        )),
    }
}

/// The lowering state: the program being built and the current frame.
pub(crate) struct Lowerer<'c> {
    pub(crate) c: &'c ck::Program,
    pub(crate) b: Builder,
    /// The current frame's slots.
    pub(crate) frame: Vec<LocalDecl>,
    /// The checker's local id → the slot in the current frame.
    pub(crate) slots: HashMap<u32, u32>,
}

impl<'c> Lowerer<'c> {
    pub(crate) fn new(c: &'c ck::Program, b: Builder) -> Lowerer<'c> {
        Lowerer {
            c,
            b,
            frame: Vec::new(),
            slots: HashMap::new(),
        }
    }

    /// Starts a new frame with the given checker locals as its first slots.
    pub(crate) fn enter_frame(&mut self, args: &[ck::LocalId]) -> Result<(), LowerError> {
        self.frame.clear();
        self.slots.clear();
        for a in args {
            self.slot(*a, Span::detached())?;
        }
        Ok(())
    }

    /// The slot of a checker local in the current frame, made on first use.
    pub(crate) fn slot(&mut self, id: ck::LocalId, span: Span) -> Result<u32, LowerError> {
        if let Some(s) = self.slots.get(&id.0) {
            return Ok(*s);
        }
        let def = self
            .c
            .local(id)
            .ok_or_else(|| LowerError::new(format!("lokal #{} finns inte", id.0), span))?;
        let slot = u32::try_from(self.frame.len())
            .map_err(|_| LowerError::new("för många lokala variabler", span))?;
        self.frame.push(LocalDecl {
            name: def.name.text.clone(),
            ty: scalar::ty(&def.ty, span)?,
        });
        self.slots.insert(id.0, slot);
        Ok(slot)
    }

    /// Ends the current frame and returns its slots.
    pub(crate) fn take_frame(&mut self) -> Vec<LocalDecl> {
        self.slots.clear();
        std::mem::take(&mut self.frame)
    }
}
