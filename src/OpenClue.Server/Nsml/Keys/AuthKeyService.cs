using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Keys;

/// <summary>SSH authentication keys of a tenant (§4.4): title rules, accepted key types, MD5 fingerprint.</summary>
public sealed class AuthKeyService(NsmlDbContext db, NsmlClock clock)
{
    public const int MaxTitleLength = 64;
    public const int MaxKeyLength = 16 << 10;

    /// <summary>The documented types; <c>ecdsa-sha-nistp256</c> is the documentation's typo for the first ECDSA one (§9.8).</summary>
    public static readonly IReadOnlyList<string> KeyTypes =
        ["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];

    public async Task<AuthKeyCreated> CreateAsync(Tenant tenant, JsonElement body, CancellationToken ct)
    {
        var title = Title(Fields.RequiredString(body, "title"));
        var key = Fields.RequiredString(body, "key").Trim();
        var fingerprint = Fingerprint(key);
        if (await db.AuthKeys.AnyAsync(k => k.TenantId == tenant.Id && k.Title == title, ct))
            throw new DuplicateException($"A key titled '{title}' already exists.");
        var record = new AuthKeyRecord
        {
            TenantId = tenant.Id, Name = NewName(), Title = title, PublicKey = key, Fingerprint = fingerprint, CreatedAt = clock.NowMs(),
        };
        db.AuthKeys.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DuplicateException($"A key titled '{title}' already exists.");
        }
        return new AuthKeyCreated(record.Name, record.Title);
    }

    public async Task<AuthKeyListResponse> ListAsync(Tenant tenant, CancellationToken ct)
    {
        var keys = await db.AuthKeys.AsNoTracking().Where(k => k.TenantId == tenant.Id).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        var list = keys.Select(k => new AuthKeyView(k.Name, k.Title, k.Fingerprint, clock.Format(k.CreatedAt))).ToList();
        return new AuthKeyListResponse(list, list.Count);
    }

    public async Task<AuthKeyDeleted> DeleteAsync(Tenant tenant, string title, string name, CancellationToken ct)
    {
        var deleted = await db.AuthKeys.Where(k => k.TenantId == tenant.Id && k.Title == title && k.Name == name).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw new NotFoundException($"No key titled '{title}' named '{name}' was found.");
        return new AuthKeyDeleted(name, title);
    }

    /// <summary>Letters, digits and <c>-</c>, starting with a letter, no <c>--</c> (§4.4); at most 64 characters.</summary>
    public static string Title(string title)
    {
        if (title.Length > MaxTitleLength) throw InvalidInputException.Parameter($"title must be at most {MaxTitleLength} characters.");
        if (!char.IsAsciiLetter(title[0])) throw InvalidInputException.Parameter($"title must start with a letter: '{title}'.");
        for (var i = 0; i < title.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(title[i]) || title[i] == '-'))
                throw InvalidInputException.Parameter($"title may hold only letters, digits and '-': '{title}'.");
            if (title[i] == '-' && i > 0 && title[i - 1] == '-')
                throw InvalidInputException.Parameter($"title must not contain consecutive '-': '{title}'.");
        }
        return title;
    }

    /// <summary>
    /// The colon-separated MD5 of the key blob, as <c>ssh-keygen -l -E md5</c> prints it. The key must be
    /// <c>TYPE BASE64 [comment]</c> with a documented type, and the blob must name the same type.
    /// </summary>
    public static string Fingerprint(string key)
    {
        if (key.Length > MaxKeyLength) throw InvalidInputException.Parameter($"key must be at most {MaxKeyLength} characters.");
        var parts = key.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !KeyTypes.Contains(parts[0]))
            throw InvalidInputException.Parameter($"key must be an SSH public key starting with one of {string.Join(", ", KeyTypes)}.");
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[1]); }
        catch (FormatException) { throw InvalidInputException.Parameter("key: the part after the key type is not Base64."); }
        var length = blob.Length < 4 ? -1 : System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(blob);
        if (length < 0 || length > blob.Length - 4 || System.Text.Encoding.ASCII.GetString(blob, 4, length) != parts[0])
            throw InvalidInputException.Parameter($"key: the Base64 blob is not a {parts[0]} public key.");
        return string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A generated key name (33 characters, like the documentation's masked examples).</summary>
    private static string NewName() => "key-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 29);
}
