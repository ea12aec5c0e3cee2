// Where a reconstruction's error comes from: a fixed budget of k latents per sample fails on the
// samples that need more, so splitting the squared error by how many true features each sample has
// on shows whether TopK's loss is structural (the crowded samples) or a training failure (all of
// them).

/// The fraction of Σ‖a − â‖² that comes from the samples `selected` marks.
// a: [N, d]  reconstruction: [N, d]  selected: [N]
public func squaredErrorShare(_ a: Matrix, reconstruction: Matrix, selected: [Bool]) -> Double {
    ensure(
        selected.count == a.rows && a.rows == reconstruction.rows && a.cols == reconstruction.cols,
        "one flag per sample")
    var inSelected = 0.0, total = 0.0
    for r in 0..<a.rows {
        var error = 0.0
        for c in 0..<a.cols {
            error += (a[r, c] - reconstruction[r, c]) * (a[r, c] - reconstruction[r, c])
        }
        total += error
        if selected[r] { inSelected += error }
    }
    return total > 0 ? inSelected / total : 0
}
