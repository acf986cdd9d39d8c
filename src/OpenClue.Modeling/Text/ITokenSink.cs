namespace OpenClue.Modeling.Text;

/// <summary>Receives tokens as spans so callers (the hash encoder) can consume them without allocating strings.</summary>
internal interface ITokenSink
{
    /// <summary><paramref name="token"/> is only valid during the call.</summary>
    void Accept(ReadOnlySpan<char> token);
}
