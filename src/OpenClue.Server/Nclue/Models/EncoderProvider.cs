using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Models;

/// <summary>
/// The encoder of a feature's NCLUE model: a built-in one, or a tenant's learned model loaded from its artifact
/// (cached: a model never changes once trained).
/// </summary>
public sealed class EncoderProvider(IServiceScopeFactory scopes, IArtifactStore artifacts)
{
    private readonly ConcurrentDictionary<string, IBehaviorEncoder> _learned = new();

    public async Task<IBehaviorEncoder> ForAsync(string tenantId, string modelName, CancellationToken ct)
    {
        if (BehaviorEncoders.FindBuiltIn(modelName) is { } builtIn) return builtIn;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var model = await db.Set<ModelRecord>().AsNoTracking().Include(m => m.Job)
            .FirstOrDefaultAsync(m => m.TenantId == tenantId && m.Name == modelName, ct);
        if (model is null || model.Job.Status != JobStatus.Completed)
            throw new JobFailedException(FailMessages.CommonError, $"NCLUE model {modelName} of tenant {tenantId} is not available");
        if (_learned.TryGetValue(model.Id, out var cached)) return cached;
        await using var stream = artifacts.OpenRead(ArtifactKeys.Model(tenantId, model.Id));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var encoder = BehaviorEncoders.Load(modelName, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return _learned.GetOrAdd(model.Id, encoder);
    }
}
