using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>
/// A listing of a bucket: the objects whose paths start with <c>prefix</c> (default: all), a D4 page of them, or, when
/// <c>after</c> is given (S3's start-after; empty for the first page), the page of paths after it, without a total (D25).
/// </summary>
public sealed record ObjectListRequest(string Bucket, string Prefix, Paging Paging, string? After)
{
    public static ValueTask<ObjectListRequest?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        var prefix = request.Query.TryGetValue("prefix", out var values) ? values.ToString() : "";
        if (prefix.Length > 0) InputChecks.CheckPath(prefix, "prefix");
        string? after = null;
        if (request.Query.TryGetValue("after", out var afters))
        {
            after = afters.ToString();
            if (afters.Count != 1) throw InvalidInputException.Parameter("The query parameter 'after' may be given once.");
            if (after.Length > 0) InputChecks.CheckPath(after, "after");
            if (request.Query.ContainsKey("index"))
                throw InvalidInputException.Parameter("Give 'after' or 'index', not both: a listing pages by path or by position.");
        }
        return ValueTask.FromResult<ObjectListRequest?>(
            new ObjectListRequest(request.RouteValues["bucket"] as string ?? "", prefix, NcluePaging.From(request), after));
    }
}
