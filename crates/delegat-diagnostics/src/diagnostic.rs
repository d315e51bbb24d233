//! The diagnostic value: what went wrong, where, and how to fix it.

use crate::{Code, Span};

/// How serious a diagnostic is. Errors make `delegat check` fail; warnings do not
/// (unless a policy file makes them errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The file is refused.
    Error,
    /// The file is accepted, but something deserves a look.
    Warning,
}

impl Severity {
    /// The Swedish word a jurist reads: `fel` or `varning`.
    pub fn swedish(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        }
    }
}

/// A message attached to a span of source text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    /// Where the label points.
    pub span: Span,
    /// What it says there (may be empty).
    pub message: String,
}

impl Label {
    /// A label with a message.
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// A replacement that carries out a diagnostic's help: `text` written in place of `span`
/// (one name for another, a number with its unit). An editor offers it as a quick fix; it
/// is given only where the replacement is exactly what the help says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What to replace.
    pub span: Span,
    /// What to write there.
    pub text: String,
}

/// One finding of a phase: a stable code, a Swedish message and the places it concerns.
///
/// Messages follow one style: lowercase first letter, no final period, user input in
/// backticks. Suggestions go in `help`, background in `notes`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The stable code, e.g. `E0002`.
    pub code: Code,
    /// Error or warning; defaults to what the code's letter says.
    pub severity: Severity,
    /// The headline, in Swedish.
    pub message: String,
    /// The place the diagnostic is about.
    pub primary: Label,
    /// Further places, in the order a reader should follow them (e.g. a dependency chain).
    pub secondary: Vec<Label>,
    /// Background sentences.
    pub notes: Vec<String>,
    /// A concrete suggestion for the fix.
    pub help: Option<String>,
    /// The help as a replacement, where it is one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, pointing at `span`.
    pub fn new(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: Label::new(span, ""),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Sets the text of the primary label.
    #[must_use]
    pub fn with_primary_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label::new(span, message));
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the replacement that carries out the help.
    #[must_use]
    pub fn with_fix(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.fix = Some(Fix {
            span,
            text: text.into(),
        });
        self
    }

    /// Overrides the severity (a policy file may turn a warning into an error).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Whether this diagnostic refuses the file.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
