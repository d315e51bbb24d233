//! `examples`: the shipped example packs (`examples/*.regel`, and the files the legality
//! check refuses, `examples/avvisade/*.regel`), compiled in. None of them `använd`s
//! another file.

use serde_json::json;

/// One shipped rule file.
struct Shipped {
    /// `forsorjningsstod`, `avvisade/beslut_utan_enligt`.
    name: &'static str,
    /// Its path in the repository.
    file: &'static str,
    /// Its text.
    source: &'static str,
}

/// Every shipped rule file, the packs first. A test checks the list against the folder.
const SHIPPED: &[Shipped] = &[
    Shipped {
        name: "forsorjningsstod",
        file: "examples/forsorjningsstod.regel",
        source: include_str!("../../../examples/forsorjningsstod.regel"),
    },
    Shipped {
        name: "fritidsaktivitetsbidrag",
        file: "examples/fritidsaktivitetsbidrag.regel",
        source: include_str!("../../../examples/fritidsaktivitetsbidrag.regel"),
    },
    Shipped {
        name: "hemtjanst",
        file: "examples/hemtjanst.regel",
        source: include_str!("../../../examples/hemtjanst.regel"),
    },
    Shipped {
        name: "maxtaxa",
        file: "examples/maxtaxa.regel",
        source: include_str!("../../../examples/maxtaxa.regel"),
    },
    Shipped {
        name: "avvisade/avslag_utan_motivering",
        file: "examples/avvisade/avslag_utan_motivering.regel",
        source: include_str!("../../../examples/avvisade/avslag_utan_motivering.regel"),
    },
    Shipped {
        name: "avvisade/beslut_utan_enligt",
        file: "examples/avvisade/beslut_utan_enligt.regel",
        source: include_str!("../../../examples/avvisade/beslut_utan_enligt.regel"),
    },
    Shipped {
        name: "avvisade/extra_bistand_12_kap_2",
        file: "examples/avvisade/extra_bistand_12_kap_2.regel",
        source: include_str!("../../../examples/avvisade/extra_bistand_12_kap_2.regel"),
    },
    Shipped {
        name: "avvisade/forsorjningsstod_taxerad_inkomst",
        file: "examples/avvisade/forsorjningsstod_taxerad_inkomst.regel",
        source: include_str!("../../../examples/avvisade/forsorjningsstod_taxerad_inkomst.regel"),
    },
    Shipped {
        name: "avvisade/fritidsaktivitetsbidrag_som_beslut",
        file: "examples/avvisade/fritidsaktivitetsbidrag_som_beslut.regel",
        source: include_str!("../../../examples/avvisade/fritidsaktivitetsbidrag_som_beslut.regel"),
    },
    Shipped {
        name: "avvisade/parkeringstillstand_bedomning",
        file: "examples/avvisade/parkeringstillstand_bedomning.regel",
        source: include_str!("../../../examples/avvisade/parkeringstillstand_bedomning.regel"),
    },
    Shipped {
        name: "avvisade/skalig_hyra_varning",
        file: "examples/avvisade/skalig_hyra_varning.regel",
        source: include_str!("../../../examples/avvisade/skalig_hyra_varning.regel"),
    },
    Shipped {
        name: "avvisade/tilldelning_upphandling",
        file: "examples/avvisade/tilldelning_upphandling.regel",
        source: include_str!("../../../examples/avvisade/tilldelning_upphandling.regel"),
    },
];

/// The title of a rule file: its first comment line (after a `// förväntat: …` line).
fn title(source: &str) -> &str {
    source
        .lines()
        .filter_map(|l| l.trim().strip_prefix("//"))
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("förväntat:"))
        .unwrap_or("")
}

/// `[{"name","file","title","source"}]`.
pub fn examples() -> String {
    let all: Vec<_> = SHIPPED
        .iter()
        .map(|s| json!({ "name": s.name, "file": s.file, "title": title(s.source), "source": s.source }))
        .collect();
    serde_json::Value::Array(all).to_string()
}

/// The repository paths of the compiled-in files (for the test that they are all).
pub fn files() -> Vec<&'static str> {
    SHIPPED.iter().map(|s| s.file).collect()
}
