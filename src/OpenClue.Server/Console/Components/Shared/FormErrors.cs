using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.WebConsole.Components.Shared;

/// <summary>
/// The API's validation errors placed next to the form field they are about: the field the error names, or the one its
/// message quotes, or the one the error code is about on this form; anything else is shown above the form.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.Ordinal);

    public string? Summary { get; private set; }

    public string? For(string field) => _byField.GetValueOrDefault(field);

    /// <param name="fields">The form's fields by their API names.</param>
    /// <param name="byCode">The field each NCLUE error code is about on this form.</param>
    public void Add(DomainException error, IReadOnlyCollection<string> fields, IReadOnlyDictionary<string, string> byCode)
    {
        var code = NclueErrorWriter.ErrorOf(error);
        var message = $"{error.Details} ({code.Message})";
        var named = error switch
        {
            InvalidInputException { Field: { } f } => f,
            NotFoundException { Field: { } f } => f,
            _ => null,
        };
        var field = (named is not null && fields.Contains(named) ? named : null)
                    ?? fields.FirstOrDefault(f => error.Details.Contains($"'{f}'", StringComparison.Ordinal))
                    ?? byCode.GetValueOrDefault(code.Code);
        if (field is not null) _byField[field] = message;
        Summary = field is null ? message : "The form has a problem; see the message next to the field.";
    }
}
