using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Persistence;

namespace OpenClue.Server.Auth;

/// <summary>
/// Looks up access keys for request authentication, with a short cache so the hot path does not hit the
/// database on every request; a revocation made by another process takes effect within <see cref="CacheTtl"/>.
/// </summary>
public sealed class AccessKeyStore(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider time)
{
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);

    private sealed record Entry(string? TenantId, string? Secret, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>The tenant and secret of an active key, or null when the key is unknown or revoked.</summary>
    public async ValueTask<(string TenantId, string Secret)?> FindAsync(string accessKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(accessKey, out var entry) || now - entry.LoadedAt > CacheTtl)
        {
            entry = await LoadAsync(accessKey, now, ct);
            if (_cache.Count > 10_000) _cache.Clear(); // unknown keys must not grow the cache without bound
            _cache[accessKey] = entry;
        }
        return entry.TenantId is null ? null : (entry.TenantId, entry.Secret!);
    }

    public void Invalidate(string accessKey) => _cache.TryRemove(accessKey, out _);

    private async Task<Entry> LoadAsync(string accessKey, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var record = await db.AccessKeys.AsNoTracking().FirstOrDefaultAsync(k => k.AccessKey == accessKey, ct);
        if (record is null || record.RevokedAt is not null) return new Entry(null, null, now);
        return new Entry(record.TenantId, protector.Unprotect(record.SecretCipher), now);
    }
}
