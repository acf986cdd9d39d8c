using System.Globalization;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Http;

/// <summary>
/// Paging from the query string (N5): <c>page</c> 1-based (default 1), <c>pageSize</c> 1–100 (default 10). Query names
/// match case-insensitively, so the documented example's <c>pagesize</c> is the same parameter; out of range → 400.
/// </summary>
public static class NsmlPagingQuery
{
    public static NsmlPaging From(HttpRequest request) =>
        new(Parse(request, "page", 1, 1, int.MaxValue / NsmlPaging.MaxPageSize), Parse(request, "pageSize", 10, 1, NsmlPaging.MaxPageSize));

    private static int Parse(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values)) return fallback;
        if (values.Count != 1 || !int.TryParse(values.ToString().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ||
            value < min || value > max)
            throw InvalidInputException.Parameter($"The query parameter '{name}' must be one integer from {min} to {max}; got '{values}'.");
        return value;
    }

    /// <summary>Repeated or comma-separated values of a filter; null when the parameter is absent.</summary>
    public static IReadOnlyList<string>? Values(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values)) return null;
        var list = new List<string>();
        foreach (var value in values)
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(part);
        return list;
    }
}
