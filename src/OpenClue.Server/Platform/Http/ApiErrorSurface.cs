namespace OpenClue.Server.Platform.Http;

/// <summary>An API surface's path prefix and the writer of its errors.</summary>
public sealed record ApiErrorSurface(PathString PathPrefix, IApiErrorWriter Writer);
