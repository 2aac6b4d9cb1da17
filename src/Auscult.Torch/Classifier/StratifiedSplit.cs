namespace Auscult.Torch.Classifier;

/// <summary>A seeded train/validation split that keeps each class's share in both parts.</summary>
internal static class StratifiedSplit
{
    /// <summary>
    /// Splits the indices of <paramref name="labels"/>: of each class's n clips, round(n * fraction) go to validation
    /// (at least 1 and at most n - 1, so both parts see every class), chosen by a shuffle seeded from
    /// <paramref name="seed"/> alone. Both index lists come back in ascending order.
    /// </summary>
    /// <exception cref="AuscultException">A class has fewer than two clips.</exception>
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, double fraction, int seed)
    {
        var random = new Random(unchecked(seed ^ 0x51_7A_71));
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            int[] members = [.. group];
            if (members.Length < 2)
            {
                throw new InputException($"Class {group.Key} has {members.Length} clip; a classifier needs at least 2 per class (one to train on, one to validate).");
            }

            random.Shuffle(members);
            int held = Math.Clamp((int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero), 1, members.Length - 1);
            validation.AddRange(members.AsSpan(0, held));
            train.AddRange(members.AsSpan(held));
        }

        train.Sort();
        validation.Sort();
        return ([.. train], [.. validation]);
    }
}
