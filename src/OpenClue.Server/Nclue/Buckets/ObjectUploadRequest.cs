using Microsoft.AspNetCore.Http.Features;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>
/// A <c>PUT</c> of an object: where it goes, the length the client announced (null when it sends chunks) and the body,
/// streamed, never read here.
/// </summary>
public sealed record ObjectUploadRequest(ObjectAddress Address, long? Length, Stream Content)
{
    public static ValueTask<ObjectUploadRequest?> BindAsync(HttpContext context)
    {
        var address = ObjectAddress.From(context.Request);
        // The server-wide body limit is for JSON bodies (D1); objects have their own, Limits:ObjectBytes, counted while writing.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        return ValueTask.FromResult<ObjectUploadRequest?>(new ObjectUploadRequest(address, context.Request.ContentLength, context.Request.Body));
    }
}
