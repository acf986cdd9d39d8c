namespace OpenClue.Server.Platform.Errors;

/// <summary>The request's input is refused; nothing was stored. <see cref="Field"/> is the offending field when one is.</summary>
public sealed class InvalidInputException(InputProblem problem, string details, string? field = null) : DomainException(details)
{
    public InputProblem Problem { get; } = problem;
    public string? Field { get; } = field;

    public static InvalidInputException Parameter(string details) => new(InputProblem.Invalid, details);
}
