using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Encoding;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Models;

/// <summary>
/// The NCLUE models a tenant can build features with (D13): the built-in, training-free ones and the tenant's own
/// learned models; which are deprecated, and which is the tenant's default.
/// </summary>
public sealed class ModelCatalog(OpenClueDbContext db)
{
    public const string Active = "active";
    public const string Deprecated = "deprecated";
    public const string BuiltInDefault = HashBehaviorEncoder.Name;

    public static IReadOnlyList<string> BuiltIns => BehaviorEncoders.BuiltInNames;

    /// <summary>The <c>nclue_model_status</c> of a listed resource.</summary>
    public static string StatusOf<T>(Listed<T> item) where T : class => item.ModelDeprecated ? Deprecated : Active;

    public static bool IsBuiltIn(string name) => BehaviorEncoders.FindBuiltIn(name) is not null;

    /// <summary>The lifecycle status (<c>nclue_model_status</c>) of the model a resource names.</summary>
    public async Task<string> StatusAsync(Tenant tenant, string modelName, CancellationToken ct) =>
        await db.Set<ModelRecord>().AnyAsync(m => m.TenantId == tenant.Id && m.Name == modelName && m.DeprecatedAt != null, ct) ? Deprecated : Active;

    public async Task<string> DefaultModelAsync(Tenant tenant, CancellationToken ct) =>
        await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id).Select(t => t.DefaultModel).FirstOrDefaultAsync(ct) ?? BuiltInDefault;

    /// <summary>The model a new feature uses: the requested one, or the tenant's default; it must be usable.</summary>
    public async Task<string> ForNewFeatureAsync(Tenant tenant, string? requested, CancellationToken ct)
    {
        var name = requested ?? await DefaultModelAsync(tenant, ct);
        if (IsBuiltIn(name)) return name;
        var model = await FindAsync(tenant, name, ct)
            ?? throw new NotFoundException($"No NCLUE model named '{name}' exists; GET /api/v1/models lists them.");
        if (model.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The NCLUE model '{name}' is {model.Job.Status}; it must be completed first.");
        if (model.DeprecatedAt is not null)
            throw new InvalidStateException($"The NCLUE model '{name}' is deprecated; new features may not use it.");
        return name;
    }

    public Task<ModelRecord?> FindAsync(Tenant tenant, string name, CancellationToken ct) =>
        db.Set<ModelRecord>().AsNoTracking().Include(m => m.Job).FirstOrDefaultAsync(m => m.TenantId == tenant.Id && m.Name == name, ct);
}
