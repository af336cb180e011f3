//! Evaluation reports ([`Report`], [`Comparison`]) rendered for a terminal and as Markdown. Each
//! report is described once, as a list of blocks (lines and tables of rows); the two renderings
//! differ only in how a block is drawn, so the terminal and the Markdown never disagree.

use crate::document::Role;
use crate::eval::{Comparison, Report, WithCi};

/// A part of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (`##` in Markdown, a line of its own on a terminal).
    Heading(String),
    /// A line of prose.
    Line(String),
    /// A table: the header, then rows of cells; the first column is text, the others figures.
    Table {
        /// Column names.
        header: Vec<String>,
        /// Rows, each with as many cells as the header.
        rows: Vec<Vec<String>>,
    },
}

/// Blocks as terminal text: tables with padded columns (the first left-aligned, the others
/// right-aligned), blocks separated by blank lines.
pub fn to_text(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => format!("{h}\n"),
            Block::Line(l) => format!("{l}\n"),
            Block::Table { header, rows } => {
                let width = |k: usize| {
                    rows.iter()
                        .map(|r| r[k].chars().count())
                        .chain([header[k].chars().count()])
                        .max()
                        .unwrap_or(0)
                };
                let widths: Vec<usize> = (0..header.len()).map(width).collect();
                let line = |cells: &[String]| {
                    let mut s = String::new();
                    for (k, c) in cells.iter().enumerate() {
                        let pad = " ".repeat(widths[k] - c.chars().count());
                        if k == 0 {
                            s.push_str(c);
                            s.push_str(&pad);
                        } else {
                            s.push_str("  ");
                            s.push_str(&pad);
                            s.push_str(c);
                        }
                    }
                    s.trim_end().to_string() + "\n"
                };
                let mut s = line(header);
                for r in rows {
                    s.push_str(&line(r));
                }
                s
            }
        })
        .collect();
    parts.join("\n")
}

/// Blocks as Markdown, under `# title` and the line `how` (how the report was made).
pub fn to_markdown(title: &str, how: &str, blocks: &[Block]) -> String {
    let mut parts = vec![format!("# {title}\n"), format!("{how}\n")];
    for b in blocks {
        parts.push(match b {
            Block::Heading(h) => format!("## {h}\n"),
            Block::Line(l) => format!("{l}\n"),
            Block::Table { header, rows } => {
                let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
                let mut s = row(header);
                s.push_str(&format!(
                    "|---|{}\n",
                    "---:|".repeat(header.len().saturating_sub(1))
                ));
                for r in rows {
                    s.push_str(&row(r));
                }
                s
            }
        });
    }
    parts.join("\n")
}

fn ci(c: &WithCi) -> String {
    format!("{:.3} [{:.3}, {:.3}]", c.value, c.lo, c.hi)
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The blocks of an evaluation report.
pub fn report_blocks(r: &Report) -> Vec<Block> {
    let roles = Block::Table {
        header: strings(["role", "TP", "FP", "FN", "P", "R", "F1", "gold units"]),
        rows: r
            .roles
            .iter()
            .map(|s| {
                vec![
                    s.role.to_string(),
                    s.counts.tp.to_string(),
                    s.counts.fp.to_string(),
                    s.counts.fn_.to_string(),
                    format!("{:.3}", s.precision),
                    format!("{:.3}", s.recall),
                    format!("{:.3}", s.f1),
                    s.support.to_string(),
                ]
            })
            .collect(),
    };
    let gold_roles: Vec<&str> = r.gold_roles.iter().map(|x| x.as_str()).collect();
    let figures = Block::Table {
        header: strings(["figure", "value [95% CI]"]),
        rows: [
            (
                "macro-F1 claim/evidence/stance".to_string(),
                &r.macro_f1_ces,
            ),
            ("macro-F1 all four roles".to_string(), &r.macro_f1_all),
            (
                format!("macro-F1 gold roles ({})", gold_roles.join("/")),
                &r.macro_f1_gold_roles,
            ),
            ("accuracy".to_string(), &r.accuracy),
            ("Cohen's kappa".to_string(), &r.kappa),
        ]
        .into_iter()
        .map(|(name, c)| vec![name, ci(c)])
        .collect(),
    };
    let mut header = vec!["gold \\ predicted".to_string()];
    header.extend(Role::ALL.iter().map(|x| x.to_string()));
    let confusion = Block::Table {
        header,
        rows: r
            .confusion
            .m
            .iter()
            .enumerate()
            .map(|(g, row)| {
                let mut cells = vec![Role::ALL[g].to_string()];
                cells.extend(row.iter().map(|n| n.to_string()));
                cells
            })
            .collect(),
    };
    let links = Block::Table {
        header: strings(["scoring", "TP", "FP", "FN", "P", "R", "F1 [95% CI]"]),
        rows: [
            ("strict (source, target, relation)", &r.links_strict),
            ("relaxed (source, target)", &r.links_relaxed),
        ]
        .into_iter()
        .map(|(name, l)| {
            vec![
                name.to_string(),
                l.counts.tp.to_string(),
                l.counts.fp.to_string(),
                l.counts.fn_.to_string(),
                format!("{:.3}", l.precision),
                format!("{:.3}", l.recall),
                ci(&l.f1),
            ]
        })
        .collect(),
    };
    vec![
        Block::Line(format!(
            "{} documents, {} gold units, {} gold links. Matching: {}.",
            r.documents, r.units, r.gold_links, r.matching
        )),
        Block::Heading("Roles".into()),
        roles,
        figures,
        Block::Line("Confusion matrix (rows gold, columns predicted):".into()),
        confusion,
        Block::Heading("Links".into()),
        links,
        Block::Line(format!(
            "Reachability (gold evidence units with a gold link whose predicted chain reaches \
             their gold root claim): {} over {} units.",
            ci(&r.reachability),
            r.reachability_units
        )),
        Block::Line(format!("Confidence intervals: {}.", r.bootstrap)),
    ]
}

/// The blocks of a paired comparison.
pub fn comparison_blocks(c: &Comparison) -> Vec<Block> {
    vec![
        Block::Line(format!(
            "{} documents; A = --compare-to, B = --pred.",
            c.documents
        )),
        Block::Table {
            header: strings(["figure", "A", "B", "B − A", "95% interval", "P(B ≤ A)"]),
            rows: c
                .figures
                .iter()
                .map(|d| {
                    vec![
                        d.figure.clone(),
                        format!("{:.3}", d.a),
                        format!("{:.3}", d.b),
                        format!("{:+.3}", d.diff.value),
                        format!("[{:+.3}, {:+.3}]", d.diff.lo, d.diff.hi),
                        format!("{:.3}", d.p_b_not_better),
                    ]
                })
                .collect(),
        },
        Block::Line(format!("Confidence intervals: {}.", c.bootstrap)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_description_two_renderings() {
        let blocks = vec![
            Block::Heading("Roles".into()),
            Block::Table {
                header: strings(["role", "F1"]),
                rows: vec![strings(["claim", "0.500"]), strings(["evidence", "1.000"])],
            },
        ];
        assert_eq!(
            to_text(&blocks),
            "Roles\n\nrole         F1\nclaim     0.500\nevidence  1.000\n"
        );
        assert_eq!(
            to_markdown("T", "how", &blocks),
            "# T\n\nhow\n\n## Roles\n\n| role | F1 |\n|---|---:|\n| claim | 0.500 |\n| evidence | 1.000 |\n"
        );
    }
}
