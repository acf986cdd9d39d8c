using System.Globalization;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Api;

/// <summary>
/// Paging (N5): <c>page</c> 1-based (default 1), <c>pageSize</c> 1–100 (default 10). Query names match
/// case-insensitively, so the documented example's <c>pagesize</c> is the same parameter; out of range → 400.
/// </summary>
public readonly record struct NsmlPaging(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static NsmlPaging From(HttpRequest request) =>
        new(Parse(request, "page", 1, 1, int.MaxValue / MaxPageSize), Parse(request, "pageSize", 10, 1, MaxPageSize));

    private static int Parse(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values)) return fallback;
        if (values.Count != 1 || !int.TryParse(values.ToString().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ||
            value < min || value > max)
            throw InvalidInputException.Parameter($"The query parameter '{name}' must be one integer from {min} to {max}; got '{values}'.");
        return value;
    }
}
