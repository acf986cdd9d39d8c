using System.Text.Json;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Projects;

/// <summary>N8 rules of a project: name and NAS volume size.</summary>
public static class ProjectRules
{
    public const int MaxNameLength = 64;
    public const int MaxNoteLength = 1000;

    /// <summary>Letters, digits and <c>-</c>, starting with a letter, no <c>--</c>, 1–64 characters.</summary>
    public static string Name(JsonElement body)
    {
        var name = Fields.RequiredString(body, "projectName");
        if (name.Length > MaxNameLength)
            throw InvalidInputException.Parameter($"projectName must be at most {MaxNameLength} characters; it has {name.Length}.");
        if (!char.IsAsciiLetter(name[0]))
            throw InvalidInputException.Parameter($"projectName must start with a letter: '{name}'.");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                throw InvalidInputException.Parameter($"projectName may hold only letters, digits and '-': '{name}'.");
            if (c == '-' && i > 0 && name[i - 1] == '-')
                throw InvalidInputException.Parameter($"projectName must not contain consecutive '-': '{name}'.");
        }
        return name;
    }

    /// <summary>500–5,000 GB in steps of 100 (recorded as the workspace quota).</summary>
    public static int NasVolumeSize(JsonElement body)
    {
        var size = Fields.RequiredInt(body, "nasVolumeSize");
        if (size < 500 || size > 5000 || size % 100 != 0)
            throw InvalidInputException.Parameter($"nasVolumeSize must be from 500 to 5000 in steps of 100; got {size}.");
        return size;
    }

    public static string? Note(JsonElement body)
    {
        var note = Fields.OptionalString(body, "note");
        if (note is { Length: > MaxNoteLength })
            throw InvalidInputException.Parameter($"note must be at most {MaxNoteLength} characters; it has {note.Length}.");
        return note;
    }
}
