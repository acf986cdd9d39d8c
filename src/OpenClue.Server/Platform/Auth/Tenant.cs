namespace OpenClue.Server.Platform.Auth;

/// <summary>The authenticated caller of a request (D7); set by <see cref="SignatureAuthenticationMiddleware"/>.</summary>
public sealed record Tenant(string Id, string AccessKey)
{
    public const string Default = "default";
    public bool IsOperator => Id == Default;
}

public static class TenantHttpContextExtensions
{
    private static readonly object Key = new();

    public static void SetTenant(this HttpContext context, Tenant tenant) => context.Items[Key] = tenant;

    /// <summary>The caller, or null for unsigned endpoints and refused requests.</summary>
    public static Tenant? FindTenant(this HttpContext context) => context.Items[Key] as Tenant;

    public static Tenant GetTenant(this HttpContext context) =>
        context.Items[Key] as Tenant ?? throw new InvalidOperationException("The request was not authenticated.");
}
