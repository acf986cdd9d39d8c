using Microsoft.AspNetCore.Authentication;

namespace OpenClue.Server.Platform.Auth;

/// <summary>Where signature v2 is required: every request under these path prefixes, matched to a route or not.</summary>
public sealed class SignatureV2Options : AuthenticationSchemeOptions
{
    public List<PathString> GuardedPrefixes { get; } = [];

    public bool Guards(PathString path)
    {
        foreach (var prefix in GuardedPrefixes)
            if (path.StartsWithSegments(prefix)) return true;
        return false;
    }
}
