namespace OpenClue.Server.Platform.Http;

/// <summary>
/// The error writer of each API surface, chosen by path prefix (so unknown routes and authentication failures under
/// a surface's prefix answer in its format too); the first registered surface answers everything else.
/// </summary>
public sealed class ApiErrorWriters(IEnumerable<ApiErrorSurface> surfaces)
{
    private readonly ApiErrorSurface[] _surfaces = surfaces.ToArray();

    public IApiErrorWriter For(HttpContext context)
    {
        foreach (var surface in _surfaces)
            if (context.Request.Path.StartsWithSegments(surface.PathPrefix)) return surface.Writer;
        return _surfaces.Length > 0
            ? _surfaces[0].Writer
            : throw new InvalidOperationException("No API surface registered an error writer (AddApiErrorSurface).");
    }
}
