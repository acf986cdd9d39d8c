using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Http;

/// <summary>The served OpenAPI document is valid, covers every mapped API route, and says what clients need.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_validates_covers_every_route_and_describes_security_errors_paging_and_types()
    {
        await using var host = OpenClueHost.Start();
        using var anonymous = host.CreateUnsignedClient();
        await using var stream = await anonymous.GetStreamAsync("/openapi/v1.json");
        var read = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal(ServerInfo.Version, document.Info.Version);

        // Every route handler mapped (not excluded from the description) is in the document with its method.
        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method} {p.Key}")).ToHashSet();
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {PathOf(e.RoutePattern)}"))
            .ToList();
        Assert.NotEmpty(mapped);
        Assert.DoesNotContain(mapped, route => !documented.Contains(route));

        foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item.Operations!)
            {
                var where = $"{method} {path}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Summary), where);
                if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/nsml/", StringComparison.Ordinal))
                {
                    var requirement = Assert.Single(operation.Security!);
                    Assert.Equal(["x-ncp-apigw-signature-v2", "x-ncp-apigw-timestamp", "x-ncp-iam-access-key"],
                        requirement.Keys.Select(s => s.Name!).Order());
                }
                foreach (var status in new[] { "400", "401", "404", "429", "500" })
                {
                    Assert.True(operation.Responses!.TryGetValue(status, out var error), $"{where} has no {status}");
                    var schema = Assert.IsType<OpenApiSchemaReference>(error.Content!["application/json"].Schema);
                    Assert.Equal("Error", schema.Reference.Id);
                }
            }

        var list = document.Paths["/api/v1/features"].Operations![HttpMethod.Get];
        Assert.Equal(["index", "limit"], list.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).Order());
        var objects = document.Paths["/api/v1/buckets/{bucket}/objects"].Operations![HttpMethod.Get];
        Assert.Equal(["after", "index", "limit", "prefix"], objects.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).Order());
        var upload = document.Paths["/api/v1/buckets/{bucket}/objects/{path}"].Operations![HttpMethod.Put];
        Assert.Equal("binary", upload.RequestBody!.Content!["application/octet-stream"].Schema!.Format);
        var schemas = document.Components!.Schemas!;
        var feature = schemas["FeatureView"].Properties!;
        Assert.Equal("date-time", feature["created_at"].Format);
        Assert.Equal(["completed", "failed", "in_progress", "pending", "registered"], feature["status"].Enum!.Select(e => e.ToString()).Order());
        var auroc = schemas["TaskView"].Properties!["AUROC"];
        Assert.True(auroc.Type!.Value.HasFlag(JsonSchemaType.Number));
        Assert.False(auroc.Type!.Value.HasFlag(JsonSchemaType.String));
        var report = document.Paths["/api/v1/tasks/{taskId}/report"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema!;
        Assert.Contains("roc", (report is OpenApiSchemaReference r ? schemas[r.Reference.Id!] : report).Properties!.Keys);
    }

    [Fact]
    public async Task The_interactive_reference_is_served_at_docs()
    {
        await using var host = OpenClueHost.Start();
        using var anonymous = host.CreateUnsignedClient();
        using var response = await anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", page); // resolved against the app's base path
        // The reference's script is served by the server itself (no CDN: it works offline and behind firewalls).
        using var script = await anonymous.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    /// <summary>The route as OpenAPI writes it: no trailing slash, no constraints.</summary>
    private static string PathOf(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
