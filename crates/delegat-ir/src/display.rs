//! A readable dump of a program (`impl Display for Program`), for `--emit=ir` and snapshots.
//!
//! One line per item, then the expression arena, one line per node:
//! `e12: belopp = add_money e10, e11`. Names are shown beside ids (`regel#2 behov`).

use std::fmt::{self, Write as _};

use crate::{
    AggOp, Expected, ExprKind, Kalla, ParamType, ParamValue, Program, RowKey, Target, Template,
    TemplatePart, Type, TypeDefKind, Value,
};

impl Program {
    /// The type as a Delegat author writes it (`lista av Barn`).
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Int => "heltal".into(),
            Type::Money => "belopp".into(),
            Type::Dec => "tal".into(),
            Type::Bool => "ja/nej".into(),
            Type::Date => "datum".into(),
            Type::Duration => "varaktighet".into(),
            Type::Text => "text".into(),
            Type::Enum(t) | Type::Record(t) => match self.types.get(t.index()) {
                Some(def) => def.name.clone(),
                None => format!("typ#{}", t.0),
            },
            Type::List(elem) => format!("lista av {}", self.type_name(elem)),
        }
    }

    /// A value as a line of the dump shows it (enum variants by name where the type is
    /// known from `ty`).
    pub fn value_text(&self, value: &Value, ty: Option<&Type>) -> String {
        match (value, ty) {
            (Value::Enum(v), Some(Type::Enum(t))) => {
                match self.types.get(t.index()).map(|d| &d.kind) {
                    Some(TypeDefKind::Enum(names)) => match names.get(*v as usize) {
                        Some(n) => n.clone(),
                        None => format!("variant#{v}"),
                    },
                    _ => format!("variant#{v}"),
                }
            }
            _ => crate::value::plain_text(value),
        }
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.meta;
        writeln!(
            f,
            "regelverk {:?} (format {})",
            m.title, self.format_version
        )?;
        for (k, v) in [
            ("nämnd", &m.namnd),
            ("version", &m.version),
            ("beskrivning", &m.beskrivning),
        ] {
            if let Some(v) = v {
                writeln!(f, "  {k}: {v:?}")?;
            }
        }
        for (i, t) in self.types.iter().enumerate() {
            match &t.kind {
                TypeDefKind::Enum(vs) => writeln!(f, "typ#{i} {} = {}", t.name, vs.join(" | "))?,
                TypeDefKind::Record(fields) => {
                    let fs: Vec<String> = fields
                        .iter()
                        .map(|fd| {
                            format!(
                                "{}: {}{}",
                                fd.name,
                                self.type_name(&fd.ty),
                                self.bounds_text(&fd.bounds, &fd.ty)
                            )
                        })
                        .collect();
                    writeln!(f, "typ#{i} {} = {{ {} }}", t.name, fs.join(", "))?;
                }
            }
        }
        for (i, p) in self.provisions.iter().enumerate() {
            writeln!(f, "lagrum#{i} {}", p.name)?;
            for v in &p.versions {
                write!(f, "  från {}: {:?}", v.from, v.text)?;
                if let Some(a) = &v.appeal {
                    write!(f, " överklagas enligt {a:?}")?;
                }
                writeln!(f)?;
            }
        }
        for (i, input) in self.inputs.iter().enumerate() {
            let kalla = match &input.kalla {
                Kalla::Sokande => "sökande".to_string(),
                Kalla::Register(r) => format!("register {r:?}"),
                Kalla::Handlaggare => "handläggare".to_string(),
                Kalla::Bedomning => "bedömning".to_string(),
            };
            writeln!(
                f,
                "uppgift#{i} {}: {}{} (källa: {kalla})",
                input.name,
                self.type_name(&input.ty),
                self.bounds_text(&input.bounds, &input.ty)
            )?;
        }
        for (i, p) in self.params.iter().enumerate() {
            self.fmt_param(f, i, p)?;
        }
        for (i, r) in self.rules.iter().enumerate() {
            let args: Vec<String> = r
                .locals
                .iter()
                .take(r.arity as usize)
                .map(|l| format!("{}: {}", l.name, self.type_name(&l.ty)))
                .collect();
            let args = if r.arity > 0 {
                format!("({})", args.join("; "))
            } else {
                String::new()
            };
            write!(f, "regel#{i} {}{args}: {}", r.name, self.type_name(&r.ty))?;
            if let Some(e) = &r.enligt {
                write!(f, " enligt {e:?}")?;
            }
            if let Some(l) = r.lagrum {
                write!(f, " (lagrum#{l})")?;
            }
            writeln!(f, " = e{}", r.body.0)?;
            for (j, l) in r.locals.iter().enumerate().skip(r.arity as usize) {
                writeln!(f, "  lokal#{j} {}: {}", l.name, self.type_name(&l.ty))?;
            }
            for u in &r.undantag {
                let enligt = u
                    .enligt
                    .as_ref()
                    .map(|e| format!(" enligt {e:?}"))
                    .unwrap_or_default();
                writeln!(f, "  undantag{enligt} när e{}: e{}", u.cond.0, u.value.0)?;
            }
        }
        for (i, d) in self.decisions.iter().enumerate() {
            let kind = match d.kind {
                crate::DecisionKind::Beslut => "beslut",
                crate::DecisionKind::Beslutsstod => "beslutsstöd",
            };
            write!(f, "{kind}#{i} {}", d.name)?;
            if let Some(e) = &d.enligt {
                write!(f, " enligt {e:?}")?;
            }
            if let Some(l) = d.lagrum {
                write!(f, " (lagrum#{l})")?;
            }
            if let Some(a) = &d.appeal {
                write!(f, " överklagas enligt {a:?}")?;
            }
            writeln!(f)?;
            for (j, l) in d.locals.iter().enumerate() {
                writeln!(f, "  lokal#{j} {}: {}", l.name, self.type_name(&l.ty))?;
            }
            let n = &d.norm;
            for (key, e) in [
                ("gäller_månad", n.month),
                ("normdatum", n.date),
                ("normdatum_tidigast", n.earliest),
                ("normdatum_senast", n.latest),
            ] {
                if let Some(e) = e {
                    writeln!(f, "  {key}: e{}", e.0)?;
                }
            }
            for b in &d.branches {
                writeln!(f, "  när e{}: {}", b.cond.0, outcome_text(&b.outcome))?;
            }
            writeln!(f, "  annars: {}", outcome_text(&d.otherwise))?;
        }
        for ex in &self.examples {
            self.fmt_example(f, ex)?;
        }
        writeln!(f, "uttryck")?;
        for (i, e) in self.exprs.iter().enumerate() {
            writeln!(
                f,
                "  e{i}: {} = {}",
                self.type_name(&e.ty),
                self.kind_text(&e.kind, &e.ty)
            )?;
        }
        Ok(())
    }
}

fn outcome_text(o: &crate::Outcome) -> String {
    let mut s = o.kind.swedish().to_string();
    if let Some(b) = o.belopp {
        let _ = write!(s, " belopp e{}", b.0);
    }
    if let Some(t) = &o.text {
        let _ = write!(s, " {}", template_text(t));
    }
    s
}

fn template_text(t: &Template) -> String {
    let mut s = String::from("\"");
    for p in &t.parts {
        match p {
            TemplatePart::Lit(l) => s.push_str(&l.replace('{', "{{")),
            TemplatePart::Expr(e) => {
                let _ = write!(s, "{{e{}}}", e.0);
            }
        }
    }
    s.push('"');
    s
}

fn ids(ids: &[crate::ExprId]) -> String {
    ids.iter()
        .map(|e| format!("e{}", e.0))
        .collect::<Vec<_>>()
        .join(", ")
}

fn snake(debug: impl fmt::Debug) -> String {
    let text = format!("{debug:?}");
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Program {
    fn bounds_text(&self, b: &crate::Bounds, ty: &Type) -> String {
        if b.is_none() {
            return String::new();
        }
        let mut elem = ty;
        while let Type::List(e) = elem {
            elem = e;
        }
        let side = |v: &Option<Value>| {
            v.as_ref()
                .map(|v| self.value_text(v, Some(elem)))
                .unwrap_or_default()
        };
        format!(" {}..{}", side(&b.lo), side(&b.hi))
    }

    fn fmt_param(&self, f: &mut fmt::Formatter<'_>, i: usize, p: &crate::Parameter) -> fmt::Result {
        let (ty_text, value_ty) = match &p.ty {
            ParamType::Value(t) => (self.type_name(t), t.clone()),
            ParamType::Table { key, value } => {
                let k = match key {
                    crate::KeyType::Int => "heltal".to_string(),
                    crate::KeyType::Date => "datum".to_string(),
                    crate::KeyType::Enum(t) => self.type_name(&Type::Enum(*t)),
                };
                (
                    format!("tabell {k} -> {}", self.type_name(value)),
                    value.clone(),
                )
            }
        };
        write!(f, "parameter#{i} {}: {ty_text}", p.name)?;
        if let Some(e) = &p.enligt {
            write!(f, " enligt {e:?}")?;
        }
        if let Some(l) = p.lagrum {
            write!(f, " (lagrum#{l})")?;
        }
        writeln!(f)?;
        for v in &p.versions {
            let from = crate::value::plain_text(&Value::Date(v.from));
            match &v.value {
                ParamValue::Value(val) => writeln!(
                    f,
                    "  från {from}: {}",
                    self.value_text(val, Some(&value_ty))
                )?,
                ParamValue::Table(rows) => {
                    writeln!(f, "  från {from}:")?;
                    for row in rows {
                        let key = match &row.key {
                            RowKey::Int { lo, hi } => {
                                range_text(lo.map(|v| v.to_string()), hi.map(|v| v.to_string()))
                            }
                            RowKey::Date { lo, hi } => range_text(
                                lo.map(|d| crate::value::plain_text(&Value::Date(d))),
                                hi.map(|d| crate::value::plain_text(&Value::Date(d))),
                            ),
                            RowKey::Variants(vs) => {
                                let key_ty = match &p.ty {
                                    ParamType::Table {
                                        key: crate::KeyType::Enum(t),
                                        ..
                                    } => Some(Type::Enum(*t)),
                                    _ => None,
                                };
                                vs.iter()
                                    .map(|v| self.value_text(&Value::Enum(*v), key_ty.as_ref()))
                                    .collect::<Vec<_>>()
                                    .join(" | ")
                            }
                        };
                        writeln!(
                            f,
                            "    {key}: {}",
                            self.value_text(&row.value, Some(&value_ty))
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    fn fmt_example(&self, f: &mut fmt::Formatter<'_>, ex: &crate::Example) -> fmt::Result {
        writeln!(f, "exempel {:?}", ex.name)?;
        if let Some(d) = ex.date {
            writeln!(
                f,
                "  givet beslutsdatum = {}",
                crate::value::plain_text(&Value::Date(d))
            )?;
        }
        for g in &ex.givet {
            let (name, ty) = match self.inputs.get(g.input.index()) {
                Some(i) => (i.name.clone(), Some(&i.ty)),
                None => (format!("uppgift#{}", g.input.0), None),
            };
            writeln!(f, "  givet {name} = {}", self.value_text(&g.value, ty))?;
        }
        for e in &ex.expect {
            let name = match e.target {
                Target::Decision(d) => self.decisions.get(d.index()).map(|d| d.name.clone()),
                Target::Rule(r) => self.rules.get(r.index()).map(|r| r.name.clone()),
                Target::Param(p) => self.params.get(p.index()).map(|p| p.name.clone()),
            }
            .unwrap_or_else(|| "?".into());
            let what = match &e.expected {
                Expected::Outcome { kind, belopp } => match belopp {
                    Some(b) => {
                        format!("{} med belopp {}", kind.swedish(), self.value_text(b, None))
                    }
                    None => kind.swedish().to_string(),
                },
                Expected::Value(v) => self.value_text(v, None),
            };
            writeln!(f, "  förvänta {name} = {what}")?;
        }
        Ok(())
    }

    fn kind_text(&self, kind: &ExprKind, ty: &Type) -> String {
        let name = |v: Option<&String>| v.cloned().unwrap_or_else(|| "?".into());
        match kind {
            ExprKind::Const(v) => format!("konst {}", self.value_text(v, Some(ty))),
            ExprKind::Input(i) => format!(
                "uppgift#{} {}",
                i.0,
                name(self.inputs.get(i.index()).map(|x| &x.name))
            ),
            ExprKind::Param(p) => format!(
                "parameter#{} {}",
                p.0,
                name(self.params.get(p.index()).map(|x| &x.name))
            ),
            ExprKind::Lookup { table, key } => format!(
                "parameter#{} {}[e{}]",
                table.0,
                name(self.params.get(table.index()).map(|x| &x.name)),
                key.0
            ),
            ExprKind::Rule(r) => format!(
                "regel#{} {}",
                r.0,
                name(self.rules.get(r.index()).map(|x| &x.name))
            ),
            ExprKind::Call { rule, args } => format!(
                "anrop regel#{} {}({})",
                rule.0,
                name(self.rules.get(rule.index()).map(|x| &x.name)),
                ids(args)
            ),
            ExprKind::Local(l) => format!("lokal#{}", l.0),
            ExprKind::DecisionDate => "beslutsdatum".into(),
            ExprKind::Unary { op, arg } => format!("{} e{}", snake(op), arg.0),
            ExprKind::Binary { op, lhs, rhs } => format!("{} e{}, e{}", snake(op), lhs.0, rhs.0),
            ExprKind::Compare { op, ty, lhs, rhs } => {
                format!("{}_{} e{}, e{}", snake(op), snake(ty), lhs.0, rhs.0)
            }
            ExprKind::And(a, b) => format!("och e{}, e{}", a.0, b.0),
            ExprKind::Or(a, b) => format!("eller e{}, e{}", a.0, b.0),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                format!("om e{} så e{} annars e{}", cond.0, then.0, otherwise.0)
            }
            ExprKind::Cond { arms, otherwise } => {
                let mut s = String::from("välj {");
                for a in arms {
                    let _ = write!(s, " när e{}: e{}", a.cond.0, a.value.0);
                }
                if let Some(o) = otherwise {
                    let _ = write!(s, " annars: e{}", o.0);
                }
                s + " }"
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                let mut s = format!("välj e{} {{", subject.0);
                for a in arms {
                    let vs: Vec<String> = a.variants.iter().map(u32::to_string).collect();
                    let _ = write!(s, " när {}: e{}", vs.join(" | "), a.value.0);
                }
                if let Some(o) = otherwise {
                    let _ = write!(s, " annars: e{}", o.0);
                }
                s + " }"
            }
            ExprKind::Aggregate(agg) => {
                let op = match agg.op {
                    AggOp::Sum(n) => format!("summa_{}", snake(n)),
                    AggOp::Count => "antal".into(),
                    AggOp::All => "alla".into(),
                    AggOp::Any => "någon".into(),
                    AggOp::Min(o) => format!("minsta_{}", snake(o)),
                    AggOp::Max(o) => format!("största_{}", snake(o)),
                };
                let mut s = format!("{op}(för lokal#{} i e{}", agg.var.0, agg.list.0);
                if let Some(filter) = agg.filter {
                    let _ = write!(s, " där e{}", filter.0);
                }
                if let Some(body) = agg.body {
                    let _ = write!(s, ": e{}", body.0);
                }
                s + ")"
            }
            ExprKind::MinMax { op, ty, args } => {
                let name = match op {
                    crate::MinMaxOp::Min => "minsta",
                    crate::MinMaxOp::Max => "största",
                };
                format!("{name}_{}({})", snake(ty), ids(args))
            }
            ExprKind::Round {
                mode,
                ty,
                arg,
                step,
            } => {
                let step = step.map(|s| format!("; e{}", s.0)).unwrap_or_default();
                let name = match mode {
                    crate::RoundMode::HalfAwayFromZero => "avrunda",
                    crate::RoundMode::Down => "avrunda_nedåt",
                    crate::RoundMode::Up => "avrunda_uppåt",
                };
                format!("{name}_{}(e{}{step})", snake(ty), arg.0)
            }
            ExprKind::DateDiff { unit, from, to } => {
                let name = match unit {
                    crate::DateUnit::Years => "år_mellan",
                    crate::DateUnit::Months => "månader_mellan",
                    crate::DateUnit::Days => "dagar_mellan",
                };
                format!("{name}(e{}; e{})", from.0, to.0)
            }
            ExprKind::DateShift {
                subtract,
                date,
                duration,
            } => {
                format!(
                    "e{} {} e{}",
                    date.0,
                    if *subtract { "-" } else { "+" },
                    duration.0
                )
            }
            ExprKind::Field { record, index } => format!("e{}.{index}", record.0),
            ExprKind::MakeList(items) => format!("[{}]", ids(items)),
            ExprKind::MakeRecord { ty, fields } => format!("typ#{} {{{}}}", ty.0, ids(fields)),
        }
    }
}

fn range_text(lo: Option<String>, hi: Option<String>) -> String {
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => a,
        (a, b) => format!("{}..{}", a.unwrap_or_default(), b.unwrap_or_default()),
    }
}
