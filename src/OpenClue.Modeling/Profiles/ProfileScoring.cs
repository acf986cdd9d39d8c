namespace OpenClue.Modeling.Profiles;

/// <summary>
/// The constants of <see cref="AttributeScorer"/>: the pooling temperature T and the weight β of exact token overlap
/// (set by hand; their quality on MovieLens is in bench/results/profiles-quality.md).
/// </summary>
public readonly record struct ProfileScoring(float Temperature, float ExactWeight)
{
    public static ProfileScoring Default => new(0.1f, 0.3f);
}
