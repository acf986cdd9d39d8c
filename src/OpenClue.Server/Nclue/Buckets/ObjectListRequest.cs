using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>A listing of a bucket: the objects whose paths start with <c>prefix</c> (default: all), a D4 page of them.</summary>
public sealed record ObjectListRequest(string Bucket, string Prefix, Paging Paging)
{
    public static ValueTask<ObjectListRequest?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        var prefix = request.Query.TryGetValue("prefix", out var values) ? values.ToString() : "";
        if (prefix.Length > 0) InputChecks.CheckPath(prefix, "prefix");
        return ValueTask.FromResult<ObjectListRequest?>(
            new ObjectListRequest(request.RouteValues["bucket"] as string ?? "", prefix, NcluePaging.From(request)));
    }
}
