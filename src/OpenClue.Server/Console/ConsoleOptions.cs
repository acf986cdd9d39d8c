namespace OpenClue.Server.WebConsole;

/// <summary>The <c>OpenClue:Console</c> configuration section.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "OpenClue:Console";

    /// <summary>How long a console session lasts after sign-in (absolute: using the console does not extend it).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts allowed per client address per <see cref="SignInWindow"/>; the rest answer 429.</summary>
    public int SignInAttempts { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}
