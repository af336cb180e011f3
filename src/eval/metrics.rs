//! Metrics on counts: precision, recall and F1 from TP/FP/FN; a role confusion matrix with
//! accuracy, per-role scores, macro averages and Cohen's kappa.
//!
//! Zero divisions: precision is 0 when nothing was predicted (TP + FP = 0), recall is 0 when there
//! was nothing to find (TP + FN = 0), F1 is 0 when precision + recall = 0. Macro averages are plain
//! means over the roles named, each counted whether or not it occurs.

use crate::document::Role;
use serde::{Deserialize, Serialize};

/// True positives, false positives and false negatives, with the scores they give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

fn div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

impl Counts {
    /// TP / (TP + FP), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        div(self.tp as f64, (self.tp + self.fp) as f64)
    }

    /// TP / (TP + FN), 0 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        div(self.tp as f64, (self.tp + self.fn_) as f64)
    }

    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        div(2.0 * p * r, p + r)
    }

    /// Add another set of counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Confusion matrix of roles: `m[gold][predicted]`, indexed as [`Role::ALL`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Counts, gold role by predicted role.
    pub m: [[usize; 4]; 4],
}

impl Confusion {
    /// Count one unit.
    pub fn add(&mut self, gold: Role, pred: Role) {
        self.m[gold.index()][pred.index()] += 1;
    }

    /// Add another matrix.
    pub fn merge(&mut self, o: &Confusion) {
        for g in 0..4 {
            for p in 0..4 {
                self.m[g][p] += o.m[g][p];
            }
        }
    }

    /// Number of units.
    pub fn total(&self) -> usize {
        self.m.iter().flatten().sum()
    }

    /// TP, FP, FN of `role`.
    pub fn counts(&self, role: Role) -> Counts {
        let k = role.index();
        let tp = self.m[k][k];
        let col: usize = (0..4).map(|g| self.m[g][k]).sum();
        let row: usize = self.m[k].iter().sum();
        Counts {
            tp,
            fp: col - tp,
            fn_: row - tp,
        }
    }

    /// Share of units whose predicted role is the gold role (0 for no units).
    pub fn accuracy(&self) -> f64 {
        div(
            (0..4).map(|k| self.m[k][k]).sum::<usize>() as f64,
            self.total() as f64,
        )
    }

    /// Mean F1 over `roles`.
    pub fn macro_f1(&self, roles: &[Role]) -> f64 {
        div(
            roles.iter().map(|r| self.counts(*r).f1()).sum(),
            roles.len() as f64,
        )
    }

    /// F1 averaged over `roles`, weighted by each role's gold count (the "weighted F1" of
    /// scikit-learn).
    pub fn weighted_f1(&self, roles: &[Role]) -> f64 {
        let support: Vec<usize> = roles
            .iter()
            .map(|r| self.m[r.index()].iter().sum())
            .collect();
        let total: usize = support.iter().sum();
        div(
            roles
                .iter()
                .zip(&support)
                .map(|(r, s)| self.counts(*r).f1() * *s as f64)
                .sum(),
            total as f64,
        )
    }

    /// Cohen's kappa: (p_o − p_e) / (1 − p_e). When chance agreement is already 1 (one label
    /// everywhere), kappa is 1 if the agreement is perfect and 0 otherwise.
    pub fn kappa(&self) -> f64 {
        let n = self.total() as f64;
        if n == 0.0 {
            return 0.0;
        }
        let po = self.accuracy();
        let pe: f64 = (0..4)
            .map(|k| {
                let row: usize = self.m[k].iter().sum();
                let col: usize = (0..4).map(|g| self.m[g][k]).sum();
                (row as f64 / n) * (col as f64 / n)
            })
            .sum();
        if (1.0 - pe).abs() < 1e-12 {
            return if po == 1.0 { 1.0 } else { 0.0 };
        }
        (po - pe) / (1.0 - pe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn counts_by_hand() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        close(c.precision(), 3.0 / 4.0);
        close(c.recall(), 3.0 / 5.0);
        // 2PR/(P+R) = 2·(3/4)(3/5) / (3/4 + 3/5) = (9/10) / (27/20) = 2/3
        close(c.f1(), 2.0 / 3.0);
        let z = Counts::default();
        assert_eq!((z.precision(), z.recall(), z.f1()), (0.0, 0.0, 0.0));
        let only_fn = Counts {
            tp: 0,
            fp: 0,
            fn_: 4,
        };
        assert_eq!((only_fn.precision(), only_fn.f1()), (0.0, 0.0));
    }

    #[test]
    fn confusion_by_hand() {
        // gold: claim ×4, evidence ×3, none ×3; predictions below.
        let pairs = [
            (Claim, Claim),
            (Claim, Claim),
            (Claim, Claim),
            (Claim, Evidence),
            (Evidence, Evidence),
            (Evidence, Evidence),
            (Evidence, Claim),
            (None, None),
            (None, Claim),
            (None, Stance),
        ];
        let mut m = Confusion::default();
        for (g, p) in pairs {
            m.add(g, p);
        }
        close(m.accuracy(), 6.0 / 10.0);
        // claim: tp 3, fp 2 (an evidence and a none), fn 1 → P 3/5, R 3/4, F1 2/3
        assert_eq!(
            m.counts(Claim),
            Counts {
                tp: 3,
                fp: 2,
                fn_: 1
            }
        );
        close(m.counts(Claim).f1(), 2.0 / 3.0);
        // evidence: tp 2, fp 1, fn 1 → F1 2/3; stance: tp 0, fp 1 → 0; none: tp 1, fn 2 → P 1, R 1/3, F1 1/2
        close(m.counts(Evidence).f1(), 2.0 / 3.0);
        close(m.counts(Stance).f1(), 0.0);
        close(m.counts(None).f1(), 0.5);
        close(
            m.macro_f1(&[Claim, Evidence, Stance]),
            (2.0 / 3.0 + 2.0 / 3.0) / 3.0,
        );
        close(
            m.macro_f1(&Role::ALL),
            (2.0 / 3.0 + 2.0 / 3.0 + 0.0 + 0.5) / 4.0,
        );
        close(
            m.weighted_f1(&[Claim, Evidence, None]),
            (4.0 * 2.0 / 3.0 + 3.0 * 2.0 / 3.0 + 3.0 * 0.5) / 10.0,
        );
        // p_o = 6/10; p_e = .4·.5 + .3·.3 + 0·.1 + .3·.1 = .2 + .09 + .03 = .32
        close(m.kappa(), (0.6 - 0.32) / (1.0 - 0.32));
    }

    #[test]
    fn kappa_edge_cases() {
        let mut m = Confusion::default();
        assert_eq!(m.kappa(), 0.0);
        m.add(Claim, Claim);
        m.add(Claim, Claim);
        assert_eq!(m.kappa(), 1.0);
        let mut m = Confusion::default();
        m.add(Claim, Evidence);
        m.add(Evidence, Claim);
        close(m.kappa(), -1.0);
    }
}
