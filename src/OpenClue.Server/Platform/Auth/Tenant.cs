using System.Security.Claims;

namespace OpenClue.Server.Platform.Auth;

/// <summary>The authenticated caller of a request (D7), from its principal's <see cref="OpenClueClaims"/>.</summary>
public sealed record Tenant(string Id, string AccessKey)
{
    public const string Default = "default";
    public bool IsOperator => Id == Default;

    /// <summary>The tenant of an authenticated principal; endpoints behind an authorization policy always have one.</summary>
    public static Tenant From(ClaimsPrincipal user) =>
        user.FindFirst(OpenClueClaims.Tenant) is { } tenant
            ? new Tenant(tenant.Value, user.FindFirst(OpenClueClaims.AccessKey)?.Value ?? "")
            : throw new InvalidOperationException("The request was not authenticated.");

    /// <summary>Binds an endpoint parameter of this type from the request's principal.</summary>
    public static ValueTask<Tenant?> BindAsync(HttpContext context) => ValueTask.FromResult<Tenant?>(From(context.User));
}
