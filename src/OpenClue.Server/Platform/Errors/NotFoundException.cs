namespace OpenClue.Server.Platform.Errors;

/// <summary>
/// Something the request names does not exist for this tenant (another tenant's resource included, D7).
/// <see cref="Field"/> is the request field naming a bucket path when that is what is missing, else null.
/// </summary>
public sealed class NotFoundException(string details, string? field = null) : DomainException(details)
{
    public string? Field { get; } = field;
}
