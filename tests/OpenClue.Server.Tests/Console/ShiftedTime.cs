namespace OpenClue.Server.Tests.WebConsole;

/// <summary>The system clock moved forward by <see cref="Offset"/>: lets a test step past a session's expiry.</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
