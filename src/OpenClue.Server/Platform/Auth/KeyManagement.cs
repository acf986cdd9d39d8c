using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Auth;

/// <summary>Tenants, access keys and bucket grants: what the <c>admin</c> commands and the bootstrap key manage.</summary>
public sealed class KeyManagement(OpenClueDbContext db, SecretProtector protector, TimeProvider time)
{
    public sealed record CreatedKey(string Tenant, string AccessKey, string SecretKey);
    public sealed record KeyInfo(string Tenant, string AccessKey, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public async Task<CreatedKey> CreateKeyAsync(string tenant, CancellationToken ct = default)
    {
        ValidateTenantName(tenant);
        var accessKey = "OC" + RandomNumberGenerator.GetHexString(18, lowercase: false);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', 'A').Replace('/', 'B');
        await UpsertKeyAsync(tenant, accessKey, secret, ct);
        return new CreatedKey(tenant, accessKey, secret);
    }

    /// <summary>
    /// Creates the key, or updates its secret (the configured bootstrap key, D23). A revoked key stays revoked: only
    /// <see cref="ReactivateKeyAsync"/> (<c>admin reactivate-key</c>) brings it back. Safe when several processes start
    /// at once on a new database: a row another process inserted first is taken as it is. True when the key is active.
    /// </summary>
    public async Task<bool> UpsertKeyAsync(string tenant, string accessKey, string secret, CancellationToken ct = default)
    {
        await EnsureTenantAsync(tenant, ct);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.AccessKeys.FirstOrDefaultAsync(k => k.AccessKey == accessKey, ct);
            if (existing is null)
            {
                db.AccessKeys.Add(new AccessKeyRecord
                {
                    AccessKey = accessKey, TenantId = tenant, SecretCipher = protector.Protect(secret), CreatedAt = time.GetUtcNow(),
                });
            }
            else
            {
                if (existing.TenantId != tenant)
                    throw new InvalidOperationException($"Access key {accessKey} belongs to tenant '{existing.TenantId}'.");
                if (protector.Unprotect(existing.SecretCipher) != secret) existing.SecretCipher = protector.Protect(secret);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return existing?.RevokedAt is null;
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex) && attempt == 0)
            {
                db.ChangeTracker.Clear(); // inserted meanwhile by a process starting with us: update that row instead
            }
        }
    }

    public async Task<bool> ReactivateKeyAsync(string accessKey, CancellationToken ct = default) =>
        await db.AccessKeys.Where(k => k.AccessKey == accessKey).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, (DateTimeOffset?)null), ct) > 0;

    public async Task<bool> HasAnyKeyAsync(string tenant, CancellationToken ct = default) =>
        await db.AccessKeys.AnyAsync(k => k.TenantId == tenant && k.RevokedAt == null, ct);

    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken ct = default)
    {
        var rows = await db.AccessKeys.AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(k => k.TenantId, StringComparer.Ordinal).ThenBy(k => k.CreatedAt)
            .Select(k => new KeyInfo(k.TenantId, k.AccessKey, k.CreatedAt, k.RevokedAt)).ToList();
    }

    public async Task<bool> RevokeKeyAsync(string accessKey, CancellationToken ct = default)
    {
        var key = await db.AccessKeys.FirstOrDefaultAsync(k => k.AccessKey == accessKey, ct);
        if (key is null) return false;
        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task GrantAsync(string tenant, string bucket, CancellationToken ct = default)
    {
        ValidateTenantName(tenant);
        await EnsureTenantAsync(tenant, ct);
        if (!await db.BucketGrants.AnyAsync(g => g.TenantId == tenant && g.Bucket == bucket, ct))
        {
            db.BucketGrants.Add(new BucketGrantRecord { TenantId = tenant, Bucket = bucket, CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<bool> RevokeGrantAsync(string tenant, string bucket, CancellationToken ct = default) =>
        await db.BucketGrants.Where(g => g.TenantId == tenant && g.Bucket == bucket).ExecuteDeleteAsync(ct) > 0;

    private async Task EnsureTenantAsync(string tenant, CancellationToken ct)
    {
        if (await db.Tenants.AnyAsync(t => t.Id == tenant, ct)) return;
        db.Tenants.Add(new TenantRecord { Id = tenant, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear(); // created meanwhile by another process
        }
    }

    public static void ValidateTenantName(string tenant)
    {
        if (tenant.Length is < 1 or > 64 || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException("A tenant name is 1-64 characters of letters, digits, '-', '_' or '.'.");
    }
}
