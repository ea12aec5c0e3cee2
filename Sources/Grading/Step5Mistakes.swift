// The mistakes step 5's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 5.1

    public static let cosineLearnedNotNormalised = KnownMistake(id: "cosine-learned-not-normalised",
        hint: "normalise both sides: divide the dot product by ‖learned_i‖ as well as ‖truth_j‖ "
            + "(decoder rows need not be unit-norm).")
    public static let cosineTruthNotNormalised = KnownMistake(id: "cosine-truth-not-normalised",
        hint: "normalise both sides: divide the dot product by ‖truth_j‖ as well as ‖learned_i‖ "
            + "(true directions need not be unit-norm).")
    public static let cosineNotNormalised = KnownMistake(id: "cosine-not-normalised",
        hint: "a cosine divides the dot product by both norms: (u·v)/(‖u‖‖v‖).")
    public static let cosineZeroRowNaN = KnownMistake(id: "cosine-zero-row-nan",
        hint: "a zero row has no direction, and 0/0 is NaN: return 0 for every entry of a zero row "
            + "(check the norm before dividing), as the doc comment says.")
    public static let cosineEpsilon = KnownMistake(id: "cosine-epsilon",
        hint: "a cosine does not depend on the rows' lengths, however small: an ε added to (or "
            + "clamping) the norms changes the cosine of a short row. Treat only an exactly zero "
            + "row specially.")
    public static let cosineSwapped = KnownMistake(id: "cosine-swapped",
        hint: "entry (i, j) pairs learned row i with true row j: the result is [learned rows, true "
            + "rows]; yours has them the other way round.")
    public static let cosineColumnsNormalised = KnownMistake(id: "cosine-columns-normalised",
        hint: "each direction is a row (a decoder row, a true direction): divide by the norm of "
            + "each row, not of each column.")
    public static let cosineAbsolute = KnownMistake(id: "cosine-absolute",
        hint: "keep the sign: a latent pointing opposite to a feature has cosine −1, not 1.")

    // MARK: - 5.2

    public static let mmcsWrongAxis = KnownMistake(id: "mmcs-wrong-axis",
        hint: "true → learned takes, for each true feature (column), its best latent; you averaged "
            + "the best feature of each latent (row) instead, and vice versa.")
    public static let mmcsMeanNotMax = KnownMistake(id: "mmcs-mean-not-max",
        hint: "take the maximum along each row or column before averaging: MMCS is the mean of the "
            + "best matches, not of all cosines.")
    public static let mmcsWrongCount = KnownMistake(id: "mmcs-wrong-count",
        hint: "divide each sum by the number of maxima in it: true → learned has one per column "
            + "(true feature), learned → true one per row (latent).")
    public static let mmcsAbsolute = KnownMistake(id: "mmcs-absolute",
        hint: "take the largest cosine, not the largest |cosine|: a latent pointing opposite to a "
            + "feature (cosine −0.7) is a worse match than one at cosine 0.5.")
    public static let mmcsMaxFromZero = KnownMistake(id: "mmcs-max-from-zero",
        hint: "start each maximum from the first entry (or −∞), not from 0: when every cosine of a "
            + "row or column is negative, its best is that negative number, not 0.")
    public static let mmcsSkipsNegativeMaxima = KnownMistake(id: "mmcs-skips-negative-maxima",
        hint: "average over every row (every column): a latent or feature whose best cosine is "
            + "negative counts too, and pulls the mean down.")
    public static let mmcsOneToOne = KnownMistake(id: "mmcs-one-to-one",
        hint: "MMCS lets two features share their best latent: take each column's maximum on its "
            + "own. Pairing one-to-one is exercise 5.3's job.")

    // MARK: - 5.3

    public static let greedyMatching = KnownMistake(id: "greedy-matching",
        hint: "taking the best remaining pair first (greedy) is not optimal: a large first pick "
            + "can leave a row only a poor column. Use the Hungarian algorithm.")
    public static let matchingMinimises = KnownMistake(id: "matching-minimises",
        hint: "your matching has the smallest total, not the largest: the Hungarian algorithm "
            + "minimises a cost, so give it cost = −score (or max − score).")
    public static let matchingRowOrderGreedy = KnownMistake(id: "matching-row-order-greedy",
        hint: "giving each row in turn its best free column depends on the order of the rows, and "
            + "is not optimal: an early row can take the column a later row needs more. Use the "
            + "Hungarian algorithm.")
    public static let matchingRowArgmax = KnownMistake(id: "matching-row-argmax",
        hint: "each row's best column is not a one-to-one matching: two rows may want the same "
            + "column. The assignment problem gives each column to at most one row.")
    public static let matchingColumnToRow = KnownMistake(id: "matching-column-to-row",
        hint: "your pairs are right but indexed by column: for each ROW return its column (nil "
            + "when unmatched). After transposing a tall matrix, turn the answer back.")
    public static let matchingPaddingColumns = KnownMistake(id: "matching-padding-columns",
        hint: "your pairs are right, but rows matched to a padding column (one you added to make "
            + "the matrix square) are unmatched: return nil for them.")

    // MARK: - 5.4

    public static let responsesNotIsolated = KnownMistake(id: "responses-not-isolated",
        hint: "average over the samples where feature i is the only feature on; with others on "
            + "too, a unit seems to respond to whatever co-occurs with its feature.")
    public static let responsesWhenOff = KnownMistake(id: "responses-when-off",
        hint: "condition on feature i being on (and alone), not off.")
    public static let responsesNeverAloneNaN = KnownMistake(id: "responses-never-alone-nan",
        hint: "when no sample has feature i alone, its column is 0 (the doc comment's rule): "
            + "dividing a sum of nothing by a count of 0 gives NaN.")
    public static let responsesOverAllSamples = KnownMistake(id: "responses-over-all-samples",
        hint: "divide by the number of samples where feature i is alone, not by every sample: "
            + "it is a mean over those samples.")
    public static let responsesTransposed = KnownMistake(id: "responses-transposed",
        hint: "the result is [units, features]: row u, column i is unit u's mean activation when "
            + "feature i is alone. Yours is the transpose.")
    public static let responsesPositiveCodesOnly = KnownMistake(id: "responses-positive-codes-only",
        hint: "a feature is on when its code is non-zero (codes[b, i] ≠ 0, the doc comment's "
            + "rule), a negative code included, not only when it is positive.")

    // MARK: - 5.5

    public static let ablationInInputSpace = KnownMistake(id: "ablation-in-input-space",
        hint: "ablate in the SAE's latent space: zero the latent's code and decode. Zeroing a "
            + "coordinate of the hidden state (the SAE's input) removes a neuron, not a feature.")
    public static let ablationBaselineNotReconstructed = KnownMistake(
        id: "ablation-baseline-not-reconstructed",
        hint: "compare like with like: compute the baseline through the SAE's reconstruction too, "
            + "not from the original hidden state.")
    public static let ablationWithoutReadoutReLU = KnownMistake(id: "ablation-without-readout-relu",
        hint: "the read-out is x' = ReLU(ĥ·W + b): apply the ReLU before averaging the output.")
    public static let ablationZeroBaselineNaN = KnownMistake(id: "ablation-zero-baseline-nan",
        hint: "when the baseline mean is 0 both drops are 0 (the doc comment's rule): dividing by "
            + "a zero baseline gives NaN or ∞.")
    public static let ablationSignReversed = KnownMistake(id: "ablation-sign-reversed",
        hint: "drop = (baseline − ablated) / baseline: positive when removing the latent lowers "
            + "the output. Yours has the opposite sign.")
    public static let ablationRelativeToAblated = KnownMistake(id: "ablation-relative-to-ablated",
        hint: "divide by the baseline, not by the ablated mean: the drop is a fraction of what "
            + "the output was before the ablation.")
}
