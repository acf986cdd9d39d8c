namespace OpenClue.Modeling;

/// <summary>Hard limits shared by the readers, encoders and the server.</summary>
public static class Limits
{
    /// <summary>At most this many tokens (the most recent ones) of a user are encoded.</summary>
    public const int MaxTokensPerUser = 2048;

    /// <summary>A user id may be at most this many Unicode code points (runes) long.</summary>
    public const int MaxUserIdRunes = 100;
}
