using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nclue;

/// <summary>Resource names (D10): 1–100 Unicode code points after trimming, no control characters.</summary>
public static class NameRules
{
    public const int MaxLength = 100;

    public static string Validate(string name)
    {
        var count = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (System.Text.Rune.IsControl(rune))
                throw InvalidInputException.Parameter("The field 'name' must not contain control characters.");
            count++;
        }
        if (count > MaxLength)
            throw new InvalidInputException(InputProblem.NameTooLong, $"The name has {count} characters; use at most {MaxLength}.");
        return name;
    }
}
