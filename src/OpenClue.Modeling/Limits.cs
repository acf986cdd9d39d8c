namespace OpenClue.Modeling;

/// <summary>Hard limits shared by the readers, encoders and the server.</summary>
public static class Limits
{
    /// <summary>At most this many distinct tokens of a user are encoded (the most recent behaviours' ones; a repeated token
    /// counts once: the features count occurrences, so repeats cost no room).</summary>
    public const int MaxTokensPerUser = 2048;

    /// <summary>The memory bound on a user's kept token occurrences (repeats included), on top of the distinct limit.</summary>
    public const int MaxTokenOccurrencesPerUser = 16 * MaxTokensPerUser;

    /// <summary>A user id may be at most this many Unicode code points (runes) long.</summary>
    public const int MaxUserIdRunes = 100;
}
