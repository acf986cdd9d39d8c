using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// Completes the generated OpenAPI document with what the endpoints cannot say themselves: the server's version,
/// the signature v2 security scheme (three headers, all required together) on every signed operation, the error
/// body (D5) on every 4xx/5xx, the paging parameters of list operations, job statuses as an enum, timestamps as
/// <c>date-time</c>, and a summary on every operation.
/// </summary>
public static class OpenApiConventions
{
    public const string ErrorSchema = "Error";
    private static readonly string[] SignedPrefixes = ["/api/", "/nsml/"];

    private static readonly (string Name, string Header, string Description)[] SignatureHeaders =
    [
        ("ncpTimestamp", "x-ncp-apigw-timestamp", "Milliseconds since the Unix epoch; within 5 minutes of the server's clock."),
        ("ncpAccessKey", "x-ncp-iam-access-key", "The access key (admin create-key)."),
        ("ncpSignature", "x-ncp-apigw-signature-v2",
            "Base64 HMAC-SHA256, keyed with the secret key, of \"{METHOD} {path?query}\\n{timestamp}\\n{access key}\"."),
    ];

    private static readonly (string Status, string Description)[] ErrorResponses =
    [
        ("400", "Invalid request (errorCode 10111 and the NCLUE codes of D5)"),
        ("401", "Missing, stale or wrong signature"),
        ("404", "No such resource for this tenant (10110)"),
        ("429", "Too many requests (10114)"),
        ("500", "Internal error (10116)"),
    ];

    public static OpenApiOptions AddOpenClueConventions(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OpenClue",
            Version = ServerInfo.Version,
            Description = "Self-hostable, API-compatible NAVER Cloud NCLUE (features, tasks, task runs, models, profiles) and CLOVA NSML. " +
                          "Every /api and /nsml request is signed with NCP signature v2.",
            License = new OpenApiLicense { Name = "Apache-2.0", Identifier = "Apache-2.0" },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (name, header, description) in SignatureHeaders)
            document.Components.SecuritySchemes[name] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = description,
            };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = ErrorBody();
        foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>()) Refine(schema);

        var signed = new OpenApiSecurityRequirement();
        foreach (var (name, _, _) in SignatureHeaders) signed[new OpenApiSecuritySchemeReference(name, document)] = [];
        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations is null) continue;
            foreach (var (method, operation) in item.Operations)
            {
                operation.Summary ??= Summary(method, path);
                if (SignedPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal))) operation.Security = [signed];
                operation.Responses ??= new OpenApiResponses();
                foreach (var (status, description) in ErrorResponses)
                    if (!operation.Responses.ContainsKey(status))
                        operation.Responses[status] = new OpenApiResponse
                        {
                            Description = description,
                            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document) } },
                        };
                AddPaging(operation, document);
            }
        }
    }

    /// <summary><c>{"error":{"errorCode","message","details","request_id"}}</c>, the body of every error (D5).</summary>
    private static OpenApiSchema ErrorBody()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "error" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["error"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "errorCode", "message", "details", "request_id" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["errorCode"] = Text("Numeric code as a string, e.g. 10102"),
                        ["message"] = Text("Symbolic name, e.g. DUPLICATE_NAME"),
                        ["details"] = Text("What was wrong and what to do"),
                        ["request_id"] = Text("The request id, also in X-Request-Id"),
                    },
                },
            },
            Examples = [JsonNode.Parse("""{"error":{"errorCode":"10102","message":"DUPLICATE_NAME","details":"A feature named 'shoppers' exists.","request_id":"3f2b9c…"}}""")!],
        };
    }

    /// <summary>Numbers as numbers, job statuses as an enum, timestamps as date-time, in every schema that has them.</summary>
    private static void Refine(OpenApiSchema schema)
    {
        if (schema.Properties is null) return;
        foreach (var (name, property) in schema.Properties)
        {
            if (property is not OpenApiSchema value) continue;
            // The serializer accepts numbers written as strings, but the server always writes numbers (AUROC too, D3).
            if (value.Type is { } type && (type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer)) && type.HasFlag(JsonSchemaType.String))
            {
                value.Type = type & ~JsonSchemaType.String;
                value.Pattern = null;
            }
            if (name.EndsWith("_at", StringComparison.Ordinal) || name.EndsWith("At", StringComparison.Ordinal))
                if (value.Type?.HasFlag(JsonSchemaType.String) == true) value.Format ??= "date-time";
            // NCLUE's job-backed resources (they carry fail_message) share the job lifecycle's statuses.
            if (name == "status" && schema.Properties.ContainsKey("fail_message") && value.Enum is null or { Count: 0 })
                value.Enum = [JobStatus.Registered, JobStatus.Pending, JobStatus.InProgress, JobStatus.Completed, JobStatus.Failed];
            if (value.Properties is not null) Refine(value);
        }
    }

    /// <summary>List operations (their body has index/limit, or page/pageSize) get those query parameters.</summary>
    private static void AddPaging(OpenApiOperation operation, OpenApiDocument document)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok!.Content is null) return;
        var schema = ok.Content.Values.Select(m => m.Schema).FirstOrDefault();
        var properties = (schema is OpenApiSchemaReference reference && document.Components?.Schemas?.TryGetValue(reference.Reference.Id ?? "", out var target) == true
            ? target : schema)?.Properties;
        if (properties is null) return;
        operation.Parameters ??= [];
        void Add(string name, int @default, int min, int? max, string description)
        {
            if (operation.Parameters.Any(p => p.Name == name)) return;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Query, Required = false,
                Description = $"{description} (default {@default}, at least {min}{(max is { } m ? $", at most {m}" : "")})",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Default = JsonValue.Create(@default),
                    Minimum = min.ToString(CultureInfo.InvariantCulture), Maximum = max?.ToString(CultureInfo.InvariantCulture),
                },
            });
        }
        if (properties.ContainsKey("index") && properties.ContainsKey("limit"))
        {
            Add("index", 0, 0, null, "Items to skip, newest first");
            Add("limit", 20, 1, 100, "Items per page");
        }
        else if (properties.ContainsKey("page") && properties.ContainsKey("pageSize"))
        {
            Add("page", 1, 1, null, "1-based page");
            Add("pageSize", 10, 1, 100, "Items per page");
        }
    }

    /// <summary>"List features", "Get a task run", "Deprecate a model": from the method and the path.</summary>
    private static string Summary(HttpMethod method, string path)
    {
        var segments = path.Trim('/').Split('/');
        static bool IsParameter(string segment) => segment.StartsWith('{');
        var last = segments[^1];
        if (IsParameter(last) && segments.Length > 1)
            return $"{Verb(method)} a {Singular(segments[^2])}";
        if (segments.Length > 2 && IsParameter(segments[^2]))
        {
            var owner = Singular(segments[^3]);
            return method == HttpMethod.Get ? $"Get the {Words(last)} of a {owner}"
                : method == HttpMethod.Post ? $"{Capital(Words(last))} a {owner}"
                : $"{Verb(method)} the {Words(last)} of a {owner}";
        }
        return method == HttpMethod.Get ? $"List {Words(last)}"
            : method == HttpMethod.Post ? $"Create a {Singular(last)}"
            : $"{Verb(method)} {Words(last)}";
    }

    private static string Verb(HttpMethod method) =>
        method == HttpMethod.Get ? "Get" : method == HttpMethod.Delete ? "Delete" : method == HttpMethod.Patch ? "Update" : Capital(method.Method.ToLowerInvariant());

    private static string Words(string segment) => segment.Replace('-', ' ');

    private static string Singular(string segment)
    {
        var noun = Words(segment);
        return noun.EndsWith("ies", StringComparison.Ordinal) ? noun[..^3] + "y" : noun.EndsWith('s') ? noun[..^1] : noun;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
