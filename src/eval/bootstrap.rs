//! The one bootstrap of argmine's reports: `evaluate`, `compare` and the cross-validation
//! protocols all draw their resamples here, so an interval means the same everywhere: 95%
//! percentile bootstrap, [`RESAMPLES`] resamples, items (documents, units, or the groups of a
//! grouped protocol) drawn with replacement, as many as there are, from a [`SplitMix64`] seeded
//! by the caller.

use crate::util::SplitMix64;

/// Resamples of every bootstrap.
pub const RESAMPLES: usize = 1000;

/// [`RESAMPLES`] resamples of `n` items: each draws `n` indices in `0..n` with replacement from
/// a generator seeded with `seed` and passes them to `stat`, whose results are returned in order.
/// Nothing for `n == 0`.
pub fn resamples<S>(n: usize, seed: u64, mut stat: impl FnMut(&[usize]) -> S) -> Vec<S> {
    if n == 0 {
        return Vec::new();
    }
    let mut rng = SplitMix64::new(seed);
    let mut drawn = Vec::with_capacity(n);
    (0..RESAMPLES)
        .map(|_| {
            drawn.clear();
            drawn.extend((0..n).map(|_| rng.below(n)));
            stat(&drawn)
        })
        .collect()
}

/// The `q` quantile of sorted values (nearest rank); 0 when there are none.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

/// The 2.5th and 97.5th percentiles of `values`.
pub fn interval95(mut values: Vec<f64>) -> [f64; 2] {
    values.sort_by(f64::total_cmp);
    [percentile(&values, 0.025), percentile(&values, 0.975)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resamples_are_seeded_and_cover_the_items() {
        let a = resamples(5, 7, |d| d.to_vec());
        assert_eq!(a.len(), RESAMPLES);
        assert_eq!(a, resamples(5, 7, |d| d.to_vec()));
        assert_ne!(a, resamples(5, 8, |d| d.to_vec()));
        assert!(a.iter().all(|d| d.len() == 5 && d.iter().all(|&i| i < 5)));
        assert!(resamples(0, 7, |d| d.len()).is_empty());
        let means = resamples(4, 1, |d| d.iter().sum::<usize>() as f64 / 4.0);
        let [lo, hi] = interval95(means);
        assert!(
            (0.0..1.5).contains(&lo) && hi > 1.5 && hi <= 3.0,
            "{lo} {hi}"
        );
    }
}
