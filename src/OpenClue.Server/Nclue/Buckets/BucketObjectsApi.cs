using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>Objects in buckets (D25): put, get, head, delete and list, signed like every NCLUE call.</summary>
public static class BucketObjectsApi
{
    private const string Binary = "application/octet-stream";

    public static RouteGroupBuilder MapBucketObjectsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/buckets/{bucket}/objects").WithTags("Buckets");
        group.MapGet("", List).WithSummary("List the objects of a bucket under a prefix")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Bound by ObjectListRequest itself, so the generator cannot see them; index and limit before the D4 defaults apply.
                operation.Parameters ??= [];
                operation.Parameters.Add(Query("prefix", JsonSchemaType.String, "Only objects whose path starts with this (default: all)"));
                operation.Parameters.Add(Query("index", JsonSchemaType.Integer, "Objects to skip, in path order (default 0)"));
                operation.Parameters.Add(Query("limit", JsonSchemaType.Integer, "Objects per page, 1 to 100 (default 20)"));
                operation.Parameters.Add(Query("after", JsonSchemaType.String,
                    "Page by path instead of index (as S3's start-after; empty for the first page): the objects whose paths sort " +
                    "after this one, without 'total', with 'next_after' while more follow; not with 'index'"));
                return Task.CompletedTask;
            });
        group.MapPut("/{**path}", Put).WithSummary("Upload an object (streamed, atomic)")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The object's bytes, any Content-Type, with a Content-Length or chunked; at most OpenClue:Limits:ObjectBytes.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [Binary] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return Task.CompletedTask;
            });
        group.MapGet("/{**path}", Get).WithSummary("Download an object (streamed)").Produces(StatusCodes.Status200OK, contentType: Binary);
        group.MapMethods("/{**path}", [HttpMethods.Head], Head).WithSummary("Get an object's size, ETag and modification time");
        group.MapDelete("/{**path}", Delete).WithSummary("Delete an object");
        return group;
    }

    private static OpenApiParameter Query(string name, JsonSchemaType type, string description) =>
        new() { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = new OpenApiSchema { Type = type } };

    private static async Task<Ok<ObjectView>> Put(ObjectUploadRequest request, Tenant tenant, BucketObjectService objects, TimeZoneClock clock,
        HttpResponse response, CancellationToken ct)
    {
        var metadata = await objects.PutAsync(tenant, request, ct);
        response.Headers.ETag = metadata.ETag;
        return TypedResults.Ok(ObjectView.From(request.Address, metadata, clock));
    }

    private static async Task<FileStreamHttpResult> Get(ObjectAddress address, Tenant tenant, BucketObjectService objects, HttpResponse response,
        CancellationToken ct)
    {
        var (metadata, content) = await objects.OpenAsync(tenant, address, ct);
        // A seekable file gets its length (and byte ranges) from the result itself; a streamed S3 object from its metadata.
        if (!content.CanSeek) response.ContentLength = metadata.Size;
        return TypedResults.Stream(content, Binary, lastModified: metadata.LastModified, entityTag: EntityTagHeaderValue.Parse(metadata.ETag),
            enableRangeProcessing: content.CanSeek);
    }

    private static async Task<Ok> Head(ObjectAddress address, Tenant tenant, BucketObjectService objects, HttpResponse response, CancellationToken ct)
    {
        Describe(response, await objects.StatAsync(tenant, address, ct));
        return TypedResults.Ok();
    }

    private static async Task<Ok<ObjectDeleted>> Delete(ObjectAddress address, Tenant tenant, BucketObjectService objects, CancellationToken ct)
    {
        await objects.DeleteAsync(tenant, address, ct);
        return TypedResults.Ok(new ObjectDeleted(address.Bucket, address.Path));
    }

    private static async Task<Ok<ObjectList>> List(ObjectListRequest request, Tenant tenant, BucketObjectService objects, CancellationToken ct)
    {
        if (request.After is { } after)
        {
            var (keyed, nextAfter) = await objects.ListAfterAsync(tenant, request, after, ct);
            return TypedResults.Ok(new ObjectList(null, request.Paging.Limit, null, request.Bucket, request.Prefix, after, nextAfter,
                keyed.ConvertAll(o => new ObjectListItem(o.Key, o.Size))));
        }
        var (total, page) = await objects.ListAsync(tenant, request, ct);
        return TypedResults.Ok(new ObjectList(request.Paging.Index, request.Paging.Limit, total, request.Bucket, request.Prefix, null, null,
            page.ConvertAll(o => new ObjectListItem(o.Key, o.Size))));
    }

    private static void Describe(HttpResponse response, ObjectMetadata metadata)
    {
        response.ContentType = Binary;
        response.ContentLength = metadata.Size;
        response.Headers.ETag = metadata.ETag;
        response.Headers.LastModified = metadata.LastModified.ToString("R");
    }
}
