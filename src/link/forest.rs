//! The best forest of scored links: a maximum spanning arborescence (Chu & Liu 1965, Edmonds
//! 1967) over the units plus a virtual root, each unit linked to the root being a unit without
//! a link.

/// A scored candidate link: `source` would link to `target` with weight `weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The unit that links.
    pub source: usize,
    /// The unit it links to.
    pub target: usize,
    /// What the link adds to the forest's score; a unit left without a link adds 0.
    pub weight: f64,
}

/// The forest over `n` units of the greatest total weight in which each unit links to at most
/// one target, along one of `cands`, and no link closes a cycle. A unit is left without a link
/// rather than given a candidate of negative weight; a candidate of weight 0 is taken (as the
/// greedy decoder takes a link whose probability equals the threshold). Ties are broken by the
/// order of `cands` (of a unit's equally good targets outside any cycle, the earlier wins), so
/// the result is deterministic. Returns, for each unit, the index into `cands` of its link.
///
/// When each unit's best candidate closes no cycle, the forest is those candidates; otherwise
/// each cycle is broken where it costs least: one of its units takes its best way out of the
/// cycle (another target, or no link). O(units × candidates).
pub fn max_forest(n: usize, cands: &[Candidate]) -> Vec<Option<usize>> {
    // Nodes 0..n are the units, n is the root; an edge runs from target (parent) to source.
    // A root edge weighs a hair less than 0 so that a weight-0 candidate beats no link.
    let root = n;
    let mut edges: Vec<Edge> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.weight >= 0.0 && c.source < n && c.target < n && c.source != c.target)
        .map(|(k, c)| Edge {
            from: c.target,
            to: c.source,
            weight: c.weight,
            id: k,
        })
        .collect();
    edges.extend((0..n).map(|v| Edge {
        from: root,
        to: v,
        weight: -1e-9,
        id: cands.len() + v,
    }));
    let chosen = arborescence(n + 1, root, &edges);
    let mut out = vec![None; n];
    for id in chosen {
        if id < cands.len() {
            out[cands[id].source] = Some(id);
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    weight: f64,
    id: usize,
}

/// The ids of the edges of a maximum spanning arborescence of nodes `0..n` rooted at `root`
/// (every node must be reachable from the root: here each has a root edge). Recursive
/// contraction of cycles; of equal in-edges the first in `edges` is taken.
fn arborescence(n: usize, root: usize, edges: &[Edge]) -> Vec<usize> {
    // The best in-edge of each node.
    let mut best: Vec<Option<usize>> = vec![None; n];
    for (k, e) in edges.iter().enumerate() {
        if e.to == root || e.from == e.to {
            continue;
        }
        if best[e.to].is_none_or(|b| e.weight > edges[b].weight) {
            best[e.to] = Some(k);
        }
    }
    // Cycles of the best in-edges: comp[v] is the cycle's number for nodes on one.
    let mut comp: Vec<Option<usize>> = vec![None; n];
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the current walk, 2 done
    let mut cycles = 0;
    for start in 0..n {
        let mut walk = Vec::new();
        let mut v = start;
        while state[v] == 0 {
            state[v] = 1;
            walk.push(v);
            match best[v] {
                Some(k) => v = edges[k].from,
                None => break,
            }
        }
        if state[v] == 1 && best[v].is_some() {
            // v is on the current walk: the walk from v on is a cycle.
            let mut u = v;
            loop {
                comp[u] = Some(cycles);
                u = edges[best[u].expect("on a cycle")].from;
                if u == v {
                    break;
                }
            }
            cycles += 1;
        }
        for w in walk {
            state[w] = 2;
        }
    }
    if cycles == 0 {
        return best.into_iter().flatten().map(|k| edges[k].id).collect();
    }
    // Contract each cycle into one node: cycle c becomes node c, the other nodes follow.
    let mut node = vec![0; n];
    let mut next = cycles;
    for v in 0..n {
        node[v] = match comp[v] {
            Some(c) => c,
            None => {
                next += 1;
                next - 1
            }
        };
    }
    // An edge into a cycle node weighs what it gains over the cycle's edge into that node.
    let mut sub = Vec::new();
    let mut origin = Vec::new();
    for (k, e) in edges.iter().enumerate() {
        let (from, to) = (node[e.from], node[e.to]);
        if from == to {
            continue;
        }
        let weight = match comp[e.to] {
            Some(_) => e.weight - edges[best[e.to].expect("on a cycle")].weight,
            None => e.weight,
        };
        sub.push(Edge {
            from,
            to,
            weight,
            id: sub.len(),
        });
        origin.push(k);
    }
    let picked = arborescence(next, node[root], &sub);
    // Expand: the edge picked into a cycle replaces that cycle's edge into its head.
    let mut into = vec![None; n];
    let mut out = Vec::new();
    for s in picked {
        let k = origin[s];
        into[edges[k].to] = Some(k);
        out.push(edges[k].id);
    }
    for v in 0..n {
        if comp[v].is_some() && into[v].is_none() {
            out.push(edges[best[v].expect("on a cycle")].id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(source: usize, target: usize, weight: f64) -> Candidate {
        Candidate {
            source,
            target,
            weight,
        }
    }

    /// Follow the chosen links from every unit: no cycle, at most one link per unit.
    fn assert_forest(n: usize, cands: &[Candidate], picked: &[Option<usize>]) {
        for start in 0..n {
            let mut v = start;
            for _ in 0..=n {
                match picked[v] {
                    Some(k) => {
                        assert_eq!(cands[k].source, v);
                        v = cands[k].target;
                    }
                    None => break,
                }
                assert_ne!(v, start, "cycle through {start}");
            }
        }
    }

    fn total(cands: &[Candidate], picked: &[Option<usize>]) -> f64 {
        picked.iter().flatten().map(|&k| cands[k].weight).sum()
    }

    #[test]
    fn without_a_cycle_each_unit_takes_its_best_candidate() {
        let cands = [
            c(0, 1, 0.2),
            c(0, 2, 0.3),
            c(2, 1, 0.1),
            c(3, 1, -0.1),
            c(4, 2, 0.0),
        ];
        let picked = max_forest(5, &cands);
        assert_eq!(picked, vec![Some(1), None, Some(2), None, Some(4)]);
    }

    #[test]
    fn a_cycle_is_broken_where_it_costs_least() {
        // 0 and 1 want each other; 1's second choice (2) costs 0.05, 0's (no link) costs 0.3.
        let cands = [c(0, 1, 0.3), c(1, 0, 0.4), c(1, 2, 0.35)];
        let picked = max_forest(3, &cands);
        assert_eq!(picked, vec![Some(0), Some(2), None]);
        // The greedy decoder would drop 0 → 1 (the weaker link of the cycle): 0.4 < 0.65.
        assert!((total(&cands, &picked) - 0.65).abs() < 1e-12);
        // Without a second choice, the weaker link of the cycle goes.
        let cands = [c(0, 1, 0.3), c(1, 0, 0.4)];
        assert_eq!(max_forest(2, &cands), vec![None, Some(1)]);
    }

    #[test]
    fn ties_go_to_the_earlier_candidate() {
        let cands = [c(0, 2, 0.5), c(0, 1, 0.5)];
        assert_eq!(max_forest(3, &cands), vec![Some(0), None, None]);
        let cands = [c(0, 1, 0.5), c(0, 2, 0.5)];
        assert_eq!(max_forest(3, &cands), vec![Some(0), None, None]);
    }

    #[test]
    fn the_forest_is_the_best_one_by_exhaustive_search() {
        // Small random graphs: the result is a forest whose weight equals the best of all
        // assignments (each unit: one of its candidates or nothing) that are forests.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let n = 2 + (rand() % 4) as usize;
            let mut cands = Vec::new();
            for s in 0..n {
                for t in 0..n {
                    if s != t && rand() % 3 != 0 {
                        cands.push(c(s, t, (rand() % 200) as f64 / 100.0 - 0.5));
                    }
                }
            }
            let picked = max_forest(n, &cands);
            assert_forest(n, &cands, &picked);
            // Exhaustive: each unit picks one of its candidates (or none).
            let options: Vec<Vec<Option<usize>>> = (0..n)
                .map(|s| {
                    let mut o = vec![None];
                    o.extend(
                        (0..cands.len())
                            .filter(|&k| cands[k].source == s && cands[k].weight >= 0.0)
                            .map(Some),
                    );
                    o
                })
                .collect();
            let mut best = f64::NEG_INFINITY;
            let mut idx = vec![0; n];
            'all: loop {
                let a: Vec<Option<usize>> = (0..n).map(|s| options[s][idx[s]]).collect();
                let acyclic = (0..n).all(|start| {
                    let mut v = start;
                    for _ in 0..n {
                        match a[v] {
                            Some(k) => v = cands[k].target,
                            None => return true,
                        }
                        if v == start {
                            return false;
                        }
                    }
                    true
                });
                if acyclic {
                    best = best.max(total(&cands, &a));
                }
                for s in 0..n {
                    idx[s] += 1;
                    if idx[s] < options[s].len() {
                        continue 'all;
                    }
                    idx[s] = 0;
                }
                break;
            }
            assert!(
                (total(&cands, &picked) - best).abs() < 1e-6,
                "{cands:?}: {picked:?} scores {}, the best forest {best}",
                total(&cands, &picked)
            );
        }
    }
}
