namespace OpenClue.Server.Platform.Auth;

public static class TenantHttpContextExtensions
{
    /// <summary>The request's authenticated tenant (endpoints may also take a <see cref="Tenant"/> parameter).</summary>
    public static Tenant GetTenant(this HttpContext context) => Tenant.From(context.User);
}
