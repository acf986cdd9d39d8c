using System.Security.Cryptography;

namespace OpenClue.Server.WebConsole;

/// <summary>
/// The console's stylesheet and script, embedded in the server assembly (no build step, nothing fetched at run time),
/// served with a content hash in their URL so browsers may cache them for good.
/// </summary>
public static class ConsoleAssets
{
    public sealed record Asset(string Name, byte[] Content, string ContentType, string Hash);

    private static readonly Dictionary<string, Asset> Assets = new[] { ("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8") }
        .Select(a => Load(a.Item1, a.Item2)).ToDictionary(a => a.Name, StringComparer.Ordinal);

    public static string Url(string name) => $"/console/assets/{name}?v={Assets[name].Hash}";

    public static Asset? Find(string name) => Assets.GetValueOrDefault(name);

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"OpenClue.Server.Console.Assets.{name}")
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new Asset(name, bytes, contentType, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
    }
}
