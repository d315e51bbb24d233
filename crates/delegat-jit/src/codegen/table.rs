//! Parameters and tables in generated code: the check that a version is in force, and a
//! lookup that dispatches on the version and searches its rows (a dense map or the rows in
//! source order, see `consts.rs`), logs the lookup for the trace and reads the row's value.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value, types};
use delegat_ir::{ExprId, Type};

use super::expr::index_off;
use super::translator::{Translator, Words};
use crate::JitError;
use crate::consts::Search;
use crate::layout::{Status, event, off};

fn unsupported(what: &str) -> JitError {
    JitError::Unsupported(what.to_string())
}

impl Translator<'_, '_, '_> {
    /// Checks that parameter `param` has a version in force; its index.
    pub(crate) fn version(&mut self, param: usize, id: ExprId) -> Result<Value, JitError> {
        let versions = self.field(off::VERSIONS);
        let v = self.b.ins().load(
            types::I64,
            super::translator::fixed_flags(),
            versions,
            index_off(param, 8)?,
        );
        let none = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
        let which = self.usize_const(param)?;
        self.fail_if(
            none,
            Status::NoParamValue as u32,
            Some(id),
            &[(off::ERR_A, which)],
        );
        Ok(v)
    }

    /// A table lookup on the version in force: the row's value, or a table miss.
    pub(crate) fn lookup(
        &mut self,
        table: usize,
        key: Value,
        id: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let version = self.version(table, id)?;
        let which = self.usize_const(table)?;
        let miss = self.err_block(
            Status::TableMiss as u32,
            Some(id),
            &[(off::ERR_A, which), (off::ERR_B, key)],
        );
        let found = self.b.create_block();
        let row = self.b.append_block_param(found, types::I64);
        let (values, nversions) = {
            let t = self
                .env
                .consts
                .tables
                .get(table)
                .and_then(Option::as_ref)
                .ok_or_else(|| unsupported("a lookup in a parameter that is no table"))?;
            (t.values.as_ptr() as i64, t.search.len())
        };
        for v in 0..nversions {
            let last = v + 1 == nversions;
            let next = self.b.create_block();
            if !last {
                let this = self.b.create_block();
                let is = self.b.ins().icmp_imm_s(IntCC::Equal, version, v as i64);
                self.b.ins().brif(is, this, &[], next, &[]);
                self.b.switch_to_block(this);
            }
            self.search(table, v, key, found, miss)?;
            if last {
                // No version in force is caught above; nothing falls through.
                break;
            }
            self.b.switch_to_block(next);
        }
        if nversions == 0 {
            self.b.ins().jump(miss, &[]);
        }
        self.b.switch_to_block(found);
        let id = u32::try_from(table).map_err(|_| unsupported("too many parameters"))?;
        let w0 = self.iconst(event::word(event::LOOKUP, id));
        self.log_event(w0, key)?;
        let base = self.iconst(values);
        let addr = self.slot_addr(base, row);
        let ro = super::translator::flags().with_readonly();
        let w0 = self.b.ins().load(types::I64, ro, addr, 0);
        let w1 =
            (crate::layout::words(ty) == 2).then(|| self.b.ins().load(types::I64, ro, addr, 8));
        Ok(Words { w0, w1 })
    }

    /// The search of one table version: jumps to `found(row)` or to `miss`.
    fn search(
        &mut self,
        table: usize,
        version: usize,
        key: Value,
        found: Block,
        miss: Block,
    ) -> Result<(), JitError> {
        let search = self
            .env
            .consts
            .tables
            .get(table)
            .and_then(Option::as_ref)
            .and_then(|t| t.search.get(version))
            .ok_or_else(|| unsupported("a missing table version"))?;
        match search {
            Search::Dense { min, map } => {
                let (min, len, base) = (*min, map.len() as i64, map.as_ptr() as i64);
                let d = self.b.ins().iadd_imm_s(key, min.wrapping_neg());
                let out = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, d, len);
                let inside = self.b.create_block();
                self.b.ins().brif(out, miss, &[], inside, &[]);
                self.b.switch_to_block(inside);
                let off4 = self.b.ins().ishl_imm_s(d, 2);
                let base = self.iconst(base);
                let addr = self.b.ins().iadd(base, off4);
                // Read-only, but not movable: the bounds check above guards it.
                let r = self
                    .b
                    .ins()
                    .sload32(super::translator::flags().with_readonly(), addr, 0);
                let none = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                self.b.ins().brif(none, miss, &[], found, &[r.into()]);
            }
            Search::Linear(rows) => {
                let rows = rows.clone();
                for (lo, hi, r) in rows {
                    let mut ok = self.iconst(1);
                    if let Some(lo) = lo {
                        let c = self
                            .b
                            .ins()
                            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, key, lo);
                        let c = self.bool_word(c);
                        ok = self.b.ins().band(ok, c);
                    }
                    if let Some(hi) = hi {
                        let c = self
                            .b
                            .ins()
                            .icmp_imm_s(IntCC::SignedLessThanOrEqual, key, hi);
                        let c = self.bool_word(c);
                        ok = self.b.ins().band(ok, c);
                    }
                    let next = self.b.create_block();
                    let row = self.iconst(i64::from(r));
                    self.b.ins().brif(ok, found, &[row.into()], next, &[]);
                    self.b.switch_to_block(next);
                }
                self.b.ins().jump(miss, &[]);
            }
        }
        Ok(())
    }
}
