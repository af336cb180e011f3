//! The published figures the cross-validation reports are set against, read from
//! `eval/published.tsv` (protocol, figure, system, value as published, source), the table beside
//! `eval/RESULTS.md`; compiled in, so a report prints the same references wherever it runs.

const TABLE: &str = include_str!("../../eval/published.tsv");

/// One published figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The protocol (`argunsc`, `microtexts`, `cdcp`).
    pub protocol: &'static str,
    /// The figure's name in the protocol's report (e.g. `arg_macro_f1`).
    pub figure: &'static str,
    /// The system, as cited.
    pub system: &'static str,
    /// The value as published (its own digits and scale).
    pub value: &'static str,
    /// Where it was published.
    pub source: &'static str,
}

/// Every row of the table, in file order.
pub fn all() -> Vec<Published> {
    TABLE
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&'static str> = l.split('\t').collect();
            assert!(c.len() == 5, "eval/published.tsv: {l:?} has not 5 columns");
            Published {
                protocol: c[0],
                figure: c[1],
                system: c[2],
                value: c[3],
                source: c[4],
            }
        })
        .collect()
}

/// The published figures of `figure` of `protocol`, as "system value; system value" (empty when
/// none is recorded).
pub fn cite(protocol: &str, figure: &str) -> String {
    all()
        .into_iter()
        .filter(|p| p.protocol == protocol && p.figure == figure)
        .map(|p| format!("{} {}", p.system, p.value))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The published values only of `figure` of `protocol`, joined by "; ".
pub fn values(protocol: &str, figure: &str) -> String {
    all()
        .into_iter()
        .filter(|p| p.protocol == protocol && p.figure == figure)
        .map(|p| p.value)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_every_protocol_has_its_references() {
        assert_eq!(cite("argunsc", "arg_macro_f1"), "RoBERTa-base .819");
        assert_eq!(
            cite("microtexts", "central_claim_macro_f1"),
            "Peldszus & Stede 2015 .869; Potash et al. 2017 .813"
        );
        assert_eq!(values("argunsc", "support_attack_macro_f1"), ".749");
        for p in ["argunsc", "microtexts", "cdcp"] {
            assert!(all().iter().any(|r| r.protocol == p), "{p}");
        }
        assert_eq!(cite("cdcp", "no such figure"), "");
    }
}
