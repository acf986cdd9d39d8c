using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>An object named by the route <c>/api/v1/buckets/{bucket}/objects/{**path}</c>, its path checked by the path rules (D14).</summary>
public sealed record ObjectAddress(string Bucket, string Path)
{
    public static ValueTask<ObjectAddress?> BindAsync(HttpContext context) => ValueTask.FromResult<ObjectAddress?>(From(context.Request));

    public static ObjectAddress From(HttpRequest request)
    {
        var bucket = request.RouteValues["bucket"] as string ?? "";
        var path = InputChecks.CheckPath(request.RouteValues["path"] as string ?? "", "path");
        if (path.EndsWith('/'))
            throw InvalidInputException.Parameter($"The path '{path}' ends with '/', which names a folder; name an object (list a folder with ?prefix=).");
        return new ObjectAddress(bucket, path);
    }
}
