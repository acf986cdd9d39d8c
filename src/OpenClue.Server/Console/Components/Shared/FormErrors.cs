using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.WebConsole.Components.Shared;

/// <summary>
/// The API's validation errors placed next to the form field they are about: the field the message quotes, or the one
/// the error code is about on this form; anything else is shown above the form.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.Ordinal);

    public string? Summary { get; private set; }
    public bool Any => Summary is not null;

    public string? For(string field) => _byField.GetValueOrDefault(field);

    /// <param name="fields">The form's fields by their API names.</param>
    /// <param name="byCode">The field each error code is about on this form.</param>
    public void Add(ApiException error, IReadOnlyCollection<string> fields, IReadOnlyDictionary<string, string> byCode)
    {
        var message = $"{error.Details} ({error.Error.Message})";
        var field = fields.FirstOrDefault(f => error.Details.Contains($"'{f}'", StringComparison.Ordinal))
                    ?? byCode.GetValueOrDefault(error.Error.Code);
        if (field is not null) _byField[field] = message;
        Summary = field is null ? message : "The form has a problem; see the message next to the field.";
    }
}
