//! Developer tool: parses the named files and prints the tree and the diagnostics.
//! `cargo run -p delegat-syntax --example parse_dump -- fil.regel [--ast]`

use delegat_diagnostics::{SourceMap, render};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_ast = args.iter().any(|a| a == "--ast");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut map = SourceMap::new();
        let file = map.add(path.clone(), text.clone());
        let (ast, diags) = delegat_syntax::parse(file, &text);
        if show_ast {
            println!("{ast:#?}");
        }
        println!("{} items", ast.items.len());
        print!("{}", render::human(&map, &diags, false));
    }
}
