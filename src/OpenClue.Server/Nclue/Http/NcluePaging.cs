using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Http;

/// <summary>NCLUE list paging (D4): <c>index</c> 0-based offset (default 0), <c>limit</c> 1–100 (default 20).</summary>
public static class NcluePaging
{
    public static Paging From(HttpRequest request)
    {
        var index = Parse(request, "index", 0, 0, int.MaxValue);
        var limit = Parse(request, "limit", 20, 1, 100);
        return new Paging(index, limit);
    }

    private static int Parse(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values)) return fallback;
        var text = values.ToString().Trim();
        if (values.Count != 1 || !int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, null, out var value) ||
            value < min || value > max)
            throw InvalidInputException.Parameter(
                $"The query parameter '{name}' must be an integer from {min} to {(max == int.MaxValue ? "2147483647" : max)}; got '{values}'.");
        return value;
    }
}
