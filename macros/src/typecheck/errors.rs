//! Errors collected during analysis, each with the span of the offending term.

/// Collects errors instead of stopping at the first.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>, Vec<String>);

impl Errors {
    /// Whether nothing was reported.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// Drops the errors reported after the first `len`.
    pub(super) fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// Records that a mismatch was put down to `param`'s declared unit; true the first time
    /// (later mismatches it explains are its consequences, not new errors).
    pub(super) fn first_blame(&mut self, param: &str) -> bool {
        if self.1.iter().any(|p| p == param) {
            return false;
        }
        self.1.push(param.to_string());
        true
    }

    /// An error underlining all of `tokens` (first to last token).
    pub fn at(&mut self, tokens: &dyn quote::ToTokens, msg: impl std::fmt::Display) {
        self.0
            .push(syn::Error::new_spanned(tokens.to_token_stream(), msg));
    }
    pub fn add(&mut self, e: syn::Error) {
        self.0.push(e);
    }
    pub fn finish(self) -> syn::Result<()> {
        let mut it = self.0.into_iter();
        match it.next() {
            None => Ok(()),
            Some(mut first) => {
                for e in it {
                    first.combine(e);
                }
                Err(first)
            }
        }
    }
}
