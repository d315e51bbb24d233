//! A hand-built sample pack: the FS benchmark workload (`crates/delegat-bench/README.md`, the same rules as
//! `crates/delegat-bench/fs.regel`), for tests and benchmarks of the backends before (and
//! beside) the lowering from source.

use super::{Builder, date, kr};
use crate::{
    AggOp, BinOp, CmpOp, CmpTy, KeyType, NumTy, OutcomeKind, Program, Row, RowKey, TemplatePart,
    Type, Value,
};

/// A case of [`fs_sample`] as its inputs, in order: `electricity` 500 kr and `travel` 0 kr,
/// the rest as given (amounts in whole kronor).
pub fn fs_case(
    adults: i64,
    children: &[i64],
    housing: i64,
    incomes: &[i64],
    special: bool,
) -> Vec<Option<Value>> {
    vec![
        Some(Value::Int(adults)),
        Some(Value::list(
            children.iter().map(|c| Value::Int(*c)).collect::<Vec<_>>(),
        )),
        Some(Value::Money(kr(housing))),
        Some(Value::Money(kr(500))),
        Some(Value::Money(kr(0))),
        Some(Value::list(
            incomes
                .iter()
                .map(|i| Value::Money(kr(*i)))
                .collect::<Vec<_>>(),
        )),
        Some(Value::Bool(special)),
    ]
}

/// The FS sample. Inputs in order: `adults` (heltal), `children` (lista av heltal),
/// `housing`, `electricity`, `travel` (belopp), `incomes` (lista av belopp),
/// `special_circumstances` (ja/nej). One decision, `fs`: `manuell` on special
/// circumstances, `bifall` with `behov - inkomst` when the need exceeds the income, else
/// `avslag`. Parameters are in force from 2020-01-01.
pub fn fs_sample() -> Program {
    let mut b = Builder::new("FS – förenklat försörjningsstöd (prestandamätning)");
    let money = || Type::Money;
    let adults = b.input("adults", Type::Int);
    let children = b.input("children", Type::List(Box::new(Type::Int)));
    let housing = b.input("housing", money());
    let electricity = b.input("electricity", money());
    let travel = b.input("travel", money());
    let incomes = b.input("incomes", Type::List(Box::new(money())));
    let special = b.input("special_circumstances", Type::Bool);

    let from = date(2020, 1, 1);
    let alone = b.param("vuxen_ensam", money(), vec![(from, Value::Money(kr(3480)))]);
    let together = b.param(
        "vuxen_sammanboende",
        money(),
        vec![(from, Value::Money(kr(3140)))],
    );
    let row = |lo: i64, hi: i64, k: i64| Row {
        key: RowKey::Int {
            lo: Some(lo),
            hi: Some(hi),
        },
        value: Value::Money(kr(k)),
    };
    let child_rows = vec![
        row(0, 0, 2250),
        row(1, 2, 2580),
        row(3, 3, 2030),
        row(4, 6, 2370),
        row(7, 10, 3030),
        row(11, 14, 3470),
        row(15, 18, 3920),
        row(19, 20, 3960),
    ];
    let child_cost = b.table(
        "barnkostnad",
        KeyType::Int,
        money(),
        vec![(from, child_rows)],
    );
    let shared_rows = [1190, 1330, 1660, 1890, 2170, 2480, 2750]
        .iter()
        .zip(1..)
        .map(|(k, n)| row(n, n, *k))
        .collect();
    let shared = b.table(
        "gemensamma_kostnader",
        KeyType::Int,
        money(),
        vec![(from, shared_rows)],
    );

    // regel vuxna = om adults = 1 så vuxen_ensam annars adults * vuxen_sammanboende
    let a = b.read_input(adults);
    let one = b.lit(Value::Int(1));
    let is_one = b.compare(CmpOp::Eq, CmpTy::Int, a, one);
    let alone_v = b.read_param(alone);
    let together_v = b.read_param(together);
    let a2 = b.read_input(adults);
    let times = b.binary(BinOp::MulMoneyInt, together_v, a2);
    let vuxna_body = b.if_(is_one, alone_v, times);
    let vuxna = b.rule("vuxna", vuxna_body);

    // regel barn = summa(för ålder i children: barnkostnad[ålder])
    let barn = b.declare_rule("barn", money(), &[], &[("ålder", Type::Int)]);
    let list = b.read_input(children);
    let age = b.local(0, Type::Int);
    let cost = b.lookup(child_cost, age);
    let sum = b.aggregate(AggOp::Sum(NumTy::Money), 0, list, None, Some(cost));
    b.set_body(barn, sum);

    // regel hushållsstorlek = adults + antal(children)
    let size = b.declare_rule("hushållsstorlek", Type::Int, &[], &[("x", Type::Int)]);
    let a3 = b.read_input(adults);
    let list2 = b.read_input(children);
    let count = b.aggregate(AggOp::Count, 0, list2, None, None);
    let size_body = b.binary(BinOp::AddInt, a3, count);
    b.set_body(size, size_body);

    // regel gemensamt = om hushållsstorlek <= 7 så tabell[storlek]
    //   annars tabell[7] + (hushållsstorlek - 7) * 280 kr
    let s1 = b.read_rule(size);
    let seven = b.lit(Value::Int(7));
    let small = b.compare(CmpOp::Le, CmpTy::Int, s1, seven);
    let s2 = b.read_rule(size);
    let direct = b.lookup(shared, s2);
    let seven2 = b.lit(Value::Int(7));
    let at7 = b.lookup(shared, seven2);
    let s3 = b.read_rule(size);
    let seven3 = b.lit(Value::Int(7));
    let above = b.binary(BinOp::SubInt, s3, seven3);
    let per = b.lit(Value::Money(kr(280)));
    let extra = b.binary(BinOp::MulMoneyInt, per, above);
    let big = b.binary(BinOp::AddMoney, at7, extra);
    let gem_body = b.if_(small, direct, big);
    let gemensamt = b.rule("gemensamt", gem_body);

    // regel norm = vuxna + barn + gemensamt
    let v = b.read_rule(vuxna);
    let c = b.read_rule(barn);
    let g = b.read_rule(gemensamt);
    let vc = b.binary(BinOp::AddMoney, v, c);
    let norm_body = b.binary(BinOp::AddMoney, vc, g);
    let norm = b.rule("norm", norm_body);

    // regel behov = norm + housing + electricity + travel
    let n = b.read_rule(norm);
    let h = b.read_input(housing);
    let e = b.read_input(electricity);
    let t = b.read_input(travel);
    let nh = b.binary(BinOp::AddMoney, n, h);
    let nhe = b.binary(BinOp::AddMoney, nh, e);
    let behov_body = b.binary(BinOp::AddMoney, nhe, t);
    let behov = b.rule("behov", behov_body);

    // regel inkomst = summa(incomes)
    let inkomst = b.declare_rule("inkomst", money(), &[], &[("x", money())]);
    let inc = b.read_input(incomes);
    let inc_sum = b.aggregate(AggOp::Sum(NumTy::Money), 0, inc, None, None);
    b.set_body(inkomst, inc_sum);

    // beslut fs
    let sp = b.read_input(special);
    let need = b.read_rule(behov);
    let income = b.read_rule(inkomst);
    let grant = b.compare(CmpOp::Gt, CmpTy::Money, need, income);
    let amount = b.binary(BinOp::SubMoney, need, income);
    let lit = |s: &str| TemplatePart::Lit(s.to_string());
    let manual = b.outcome(
        OutcomeKind::Manuell,
        None,
        &[lit("Ansökan anger särskilda omständigheter.")],
    );
    let bifall = b.outcome(
        OutcomeKind::Bifall,
        Some(amount),
        &[
            lit("Behovet är "),
            TemplatePart::Expr(need),
            lit(" och inkomsterna "),
            TemplatePart::Expr(income),
            lit("."),
        ],
    );
    let avslag = b.outcome(
        OutcomeKind::Avslag,
        None,
        &[
            lit("Inkomsterna, "),
            TemplatePart::Expr(income),
            lit(", täcker behovet "),
            TemplatePart::Expr(need),
            lit("."),
        ],
    );
    b.decision("fs", &[], vec![(sp, manual), (grant, bifall)], avslag);
    b.program
}
