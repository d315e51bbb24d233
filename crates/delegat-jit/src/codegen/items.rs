//! The bodies of the generated functions: rules (with their exceptions and conflict
//! detection, memoised and traced when nullary) and decisions (branches in order, then the
//! chosen outcome's amount and interpolated values), as `Machine::rule_body` and
//! `Machine::decide` of the interpreter do it.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Function, InstBuilder, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use delegat_ir::{Program, Rule, TemplatePart};

use super::Env;
use super::translator::{Translator, Words, slot_off};
use crate::JitError;
use crate::layout::{Status, event, off};

/// Defines the function of rule `index` in `func`.
pub(crate) fn rule(
    p: &Program,
    env: &mut Env<'_>,
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    index: usize,
) -> Result<(), JitError> {
    let r = p
        .rules
        .get(index)
        .ok_or_else(|| JitError::Codegen("missing rule".into()))?;
    let b = FunctionBuilder::new(func, fctx);
    let mut fx = Translator::new(b, p, env, &r.locals)?;
    let params = fx.params();
    if r.arity > 0 {
        // Arguments: copied from the caller's area into the first locals.
        let args = *params
            .get(1)
            .ok_or_else(|| JitError::Codegen("rule function without arguments".into()))?;
        for l in 0..r.arity as usize {
            let (Some(decl), Some(vars)) = (r.locals.get(l), fx.locals.get(l).copied()) else {
                return Err(JitError::Unsupported(
                    "a rule with more arguments than locals".into(),
                ));
            };
            let v = fx.load_slot(args, slot_off(l)?, &decl.ty);
            fx.b.def_var(vars[0], v.w0);
            if let Some(w1) = v.w1 {
                fx.b.def_var(vars[1], w1);
            }
        }
    }
    let (value, exception) = body(&mut fx, r, index)?;
    if r.arity == 0 {
        memoise(&mut fx, index, value, exception)?;
    } else {
        let out = *params
            .get(2)
            .ok_or_else(|| JitError::Codegen("rule function without output".into()))?;
        fx.store_slot(value, out, 0);
    }
    fx.return_ok();
    fx.finish();
    Ok(())
}

/// Stores a nullary rule's value in its memo slot (for phase two), marks it filled and
/// logs it for the trace.
fn memoise(
    fx: &mut Translator<'_, '_, '_>,
    index: usize,
    value: Words,
    exception: cranelift_codegen::ir::Value,
) -> Result<(), JitError> {
    let memo = fx.field(off::MEMO);
    fx.store_slot(value, memo, slot_off(index)?);
    let filled = fx.field(off::FILLED);
    let one = fx.iconst(1);
    let o = i32::try_from(index).map_err(|_| JitError::Unsupported("too many rules".into()))?;
    fx.b.ins()
        .istore8(super::translator::flags(), one, filled, o);
    let id = u32::try_from(index).map_err(|_| JitError::Unsupported("too many rules".into()))?;
    let w0 = fx.iconst(event::word(event::RULE, id));
    fx.log_event(w0, exception)
}

/// A rule's value in the current frame, and the index of the exception that gave it (−1
/// for the main expression): one holding exception gives its value, two holding is a
/// conflict naming both (the conditions after the second are not evaluated), none gives
/// the main expression.
fn body(
    fx: &mut Translator<'_, '_, '_>,
    r: &Rule,
    index: usize,
) -> Result<(Words, cranelift_codegen::ir::Value), JitError> {
    if r.undantag.is_empty() {
        let v = fx.translate(r.body)?;
        let none = fx.iconst(-1);
        return Ok((v, none));
    }
    let holding = fx.b.declare_var(types::I64);
    let minus = fx.iconst(-1);
    fx.b.def_var(holding, minus);
    let rule_id = fx.usize_const(index)?;
    for (i, u) in r.undantag.iter().enumerate() {
        let c = fx.translate(u.cond)?.w0;
        let (holds, next) = (fx.b.create_block(), fx.b.create_block());
        fx.b.ins().brif(c, holds, &[], next, &[]);
        fx.b.switch_to_block(holds);
        let h = fx.b.use_var(holding);
        let conflict = fx.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, h, 0);
        let second = fx.usize_const(i)?;
        fx.fail_if(
            conflict,
            Status::Conflict as u32,
            None,
            &[(off::ERR_A, rule_id), (off::ERR_B, h), (off::ERR_C, second)],
        );
        fx.b.def_var(holding, second);
        fx.b.ins().jump(next, &[]);
        fx.b.switch_to_block(next);
    }
    let join = fx.join_block(&r.ty);
    let exc = fx.b.append_block_param(join, types::I64);
    let h = fx.b.use_var(holding);
    // Every condition was evaluated; the values are each in a branch of their own.
    for (i, u) in r.undantag.iter().enumerate() {
        let (this, next) = (fx.b.create_block(), fx.b.create_block());
        let is = fx.b.ins().icmp_imm_s(IntCC::Equal, h, i as i64);
        fx.b.ins().brif(is, this, &[], next, &[]);
        fx.b.switch_to_block(this);
        let v = fx.translate(u.value)?;
        let mut args: Vec<_> = v.words().into_iter().map(Into::into).collect();
        let iv = fx.usize_const(i)?;
        args.push(iv.into());
        fx.b.ins().jump(join, &args);
        fx.b.switch_to_block(next);
    }
    let v = fx.translate(r.body)?;
    let mut args: Vec<_> = v.words().into_iter().map(Into::into).collect();
    let minus = fx.iconst(-1);
    args.push(minus.into());
    fx.b.ins().jump(join, &args);
    fx.b.switch_to_block(join);
    let params = fx.b.block_params(join).to_vec();
    let value = match params.as_slice() {
        [w0, w1, _] => Words {
            w0: *w0,
            w1: Some(*w1),
        },
        [w0, _] => Words::one(*w0),
        _ => return Err(JitError::Codegen("rule join without value".into())),
    };
    Ok((value, exc))
}

/// Defines the norm function of decision `index` in `func`: the decision's norm fields
/// (`NormSpec` order) evaluated in its frame, each written to the output slot of its
/// position (month 0, date 1, earliest 2, latest 3). Nullary rules it reads stay memoised
/// and traced for the decision's function, which runs next on the same frame.
pub(crate) fn norm(
    p: &Program,
    env: &mut Env<'_>,
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    index: usize,
) -> Result<(), JitError> {
    let d = p
        .decisions
        .get(index)
        .ok_or_else(|| JitError::Codegen("missing decision".into()))?;
    let b = FunctionBuilder::new(func, fctx);
    let mut fx = Translator::new(b, p, env, &d.locals)?;
    let n = &d.norm;
    for (k, e) in [n.month, n.date, n.earliest, n.latest]
        .into_iter()
        .enumerate()
    {
        if let Some(e) = e {
            let v = fx.translate(e)?;
            let out = fx.field(off::OUT);
            fx.store_slot(v, out, slot_off(k)?);
        }
    }
    fx.return_ok();
    fx.finish();
    Ok(())
}

/// Defines the function of decision `index` in `func`.
pub(crate) fn decision(
    p: &Program,
    env: &mut Env<'_>,
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    index: usize,
) -> Result<(), JitError> {
    let d = p
        .decisions
        .get(index)
        .ok_or_else(|| JitError::Codegen("missing decision".into()))?;
    let b = FunctionBuilder::new(func, fctx);
    let mut fx = Translator::new(b, p, env, &d.locals)?;
    let mut chosen = Vec::new();
    for (i, br) in d.branches.iter().enumerate() {
        let c = fx.translate(br.cond)?.w0;
        let (yes, no) = (fx.b.create_block(), fx.b.create_block());
        fx.b.ins().brif(c, yes, &[], no, &[]);
        chosen.push((yes, i as i64, &br.outcome));
        fx.b.switch_to_block(no);
    }
    let otherwise = fx.b.create_block();
    fx.b.ins().jump(otherwise, &[]);
    chosen.push((otherwise, -1, &d.otherwise));
    for (block, which, outcome) in chosen {
        fx.b.switch_to_block(block);
        let frame = fx.frame;
        let w = fx.iconst(which);
        fx.store(w, frame, off::CHOSEN);
        if let Some(e) = outcome.belopp {
            let v = fx.translate(e)?;
            let out = fx.field(off::OUT);
            fx.store_slot(v, out, 0);
        }
        if let Some(t) = &outcome.text {
            let mut k = 1;
            for part in &t.parts {
                if let TemplatePart::Expr(e) = part {
                    let v = fx.translate(*e)?;
                    let out = fx.field(off::OUT);
                    fx.store_slot(v, out, slot_off(k)?);
                    k += 1;
                }
            }
        }
        fx.return_ok();
    }
    fx.finish();
    Ok(())
}
