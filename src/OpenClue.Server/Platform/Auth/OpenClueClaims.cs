namespace OpenClue.Server.Platform.Auth;

/// <summary>The claims an OpenClue principal carries, whichever scheme authenticated it.</summary>
public static class OpenClueClaims
{
    public const string Tenant = "openclue:tenant";
    public const string AccessKey = "openclue:access_key";
}
