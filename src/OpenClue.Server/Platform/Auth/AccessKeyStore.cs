using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Looks up access keys for request authentication, with a short cache so the hot path does not hit the
/// database on every request; a revocation made by another process takes effect within <see cref="CacheTtl"/>.
/// Valid keys and unknown ones are cached apart: unknown (and revoked) keys in a bounded LRU, so made-up keys can
/// neither grow memory nor push the valid keys out.
/// </summary>
public sealed class AccessKeyStore(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider time)
{
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);

    /// <summary>A looked-up key; the secret is kept UTF-8 encoded, as the verifier consumes it on every request.</summary>
    private sealed record Entry(string? TenantId, byte[]? SecretUtf8, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly UnknownKeyCache _unknown = new(10_000, CacheTtl, time);

    /// <summary>The tenant and UTF-8 secret of an active key, or null when the key is unknown or revoked.</summary>
    public ValueTask<(string TenantId, byte[] SecretUtf8)?> FindAsync(string accessKey, CancellationToken ct)
    {
        // The cached case completes synchronously: no async state machine on the hot path.
        if (_cache.TryGetValue(accessKey, out var entry) && time.GetUtcNow() - entry.LoadedAt <= CacheTtl)
            return ValueTask.FromResult(Found(entry));
        if (_unknown.Contains(accessKey)) return ValueTask.FromResult<(string, byte[])?>(null);
        return LoadAndCacheAsync(accessKey, ct);
    }

    /// <summary>
    /// True when the key was valid when last looked up (however long ago): a client known to this process, whose
    /// re-check costs one lookup per <see cref="CacheTtl"/> at most, unlike a made-up key.
    /// </summary>
    public bool IsKnown(string accessKey) => _cache.ContainsKey(accessKey);

    private async ValueTask<(string TenantId, byte[] SecretUtf8)?> LoadAndCacheAsync(string accessKey, CancellationToken ct)
    {
        var entry = await LoadAsync(accessKey, time.GetUtcNow(), ct);
        if (entry.TenantId is null)
        {
            _cache.TryRemove(accessKey, out _);
            _unknown.Add(accessKey);
        }
        else
        {
            _cache[accessKey] = entry; // only keys that exist in the database: bounded by them
        }
        return Found(entry);
    }

    private static (string TenantId, byte[] SecretUtf8)? Found(Entry entry) =>
        entry.TenantId is null ? null : (entry.TenantId, entry.SecretUtf8!);

    public void Invalidate(string accessKey)
    {
        _cache.TryRemove(accessKey, out _);
        _unknown.Remove(accessKey);
    }

    private async Task<Entry> LoadAsync(string accessKey, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var record = await db.AccessKeys.AsNoTracking().FirstOrDefaultAsync(k => k.AccessKey == accessKey, ct);
        if (record is null || record.RevokedAt is not null) return new Entry(null, null, now);
        return new Entry(record.TenantId, System.Text.Encoding.UTF8.GetBytes(protector.Unprotect(record.SecretCipher)), now);
    }
}
