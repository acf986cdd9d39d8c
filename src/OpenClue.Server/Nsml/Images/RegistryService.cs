using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Images;

/// <summary>Private registry credentials (§4.6), the secret encrypted under the server's master key (N8).</summary>
public sealed class RegistryService(NsmlDbContext db, SecretProtector secrets, NsmlClock clock)
{
    public const string EndpointSuffix = "private-ncr.ntruss.com";
    public const string MaskedSecret = "********";
    public const int MaxLength = 256;

    public async Task<RegistryCreated> CreateAsync(Tenant tenant, JsonElement body, CancellationToken ct)
    {
        var endpoint = Endpoint(Fields.RequiredString(body, "privateEp").Trim());
        var accessKey = Fields.RequiredString(body, "accessKey").Trim();
        var secretKey = Fields.RequiredString(body, "secretKey");
        if (accessKey.Length > MaxLength || secretKey.Length > MaxLength)
            throw InvalidInputException.Parameter($"accessKey and secretKey must be at most {MaxLength} characters.");
        if (await db.RegistryCredentials.AnyAsync(r => r.TenantId == tenant.Id && r.PrivateEp == endpoint, ct))
            throw new DuplicateException($"Image repository {endpoint} is already registered; delete it first.");
        db.RegistryCredentials.Add(new RegistryCredentialRecord
        {
            TenantId = tenant.Id, PrivateEp = endpoint, AccessKey = accessKey, SecretCipher = secrets.Protect(secretKey), CreatedAt = clock.NowMs(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DuplicateException($"Image repository {endpoint} is already registered; delete it first.");
        }
        return new RegistryCreated(endpoint);
    }

    public async Task<DockerCredentialsResponse> ListAsync(Tenant tenant, CancellationToken ct)
    {
        var rows = await db.RegistryCredentials.AsNoTracking().Where(r => r.TenantId == tenant.Id).OrderBy(r => r.PrivateEp).ToListAsync(ct);
        var list = rows.Select(r => new DockerCredentialView(r.PrivateEp, r.AccessKey, MaskedSecret, clock.Format(r.CreatedAt))).ToList();
        return new DockerCredentialsResponse(list, list.Count);
    }

    public async Task<RegistryDeleted> DeleteAsync(Tenant tenant, string? privateEp, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(privateEp)) throw InvalidInputException.Parameter("The query parameter privateEp is required.");
        var endpoint = privateEp.Trim();
        var deleted = await db.RegistryCredentials.Where(r => r.TenantId == tenant.Id && r.PrivateEp == endpoint).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw new NotFoundException($"Image repository {endpoint} is not registered.");
        return new RegistryDeleted(endpoint);
    }

    /// <summary>An NCP Container Registry private endpoint: a host name ending with <c>private-ncr.ntruss.com</c>.</summary>
    public static string Endpoint(string endpoint)
    {
        if (endpoint.Length > MaxLength || !endpoint.EndsWith(EndpointSuffix, StringComparison.OrdinalIgnoreCase) ||
            Uri.CheckHostName(endpoint) != UriHostNameType.Dns)
            throw InvalidInputException.Parameter($"privateEp must be a registry host name ending with {EndpointSuffix}; got '{endpoint}'.");
        return endpoint.ToLowerInvariant();
    }
}
