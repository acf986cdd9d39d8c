namespace OpenClue.Modeling.Encoding;

/// <summary>Turns one user's behaviour sequence into a fixed-width feature vector. Implementations are thread-safe.</summary>
public interface IBehaviorEncoder
{
    /// <summary>The model name users pass in the API (e.g. <c>oc-hash-1</c>).</summary>
    string ModelName { get; }

    /// <summary>Length of every vector.</summary>
    int Dimension { get; }

    /// <summary>
    /// Writes the user's vector into <paramref name="output"/> (length <see cref="Dimension"/>); returns the number of
    /// token occurrences kept (the most recent behaviours' tokens, at most <see cref="Limits.MaxTokensPerUser"/> distinct
    /// ones and <see cref="Limits.MaxTokenOccurrencesPerUser"/> in all).
    /// </summary>
    int Encode(IReadOnlyList<string> behaviors, Span<float> output);
}
