using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// A resource as lists and single GETs show it: with its job and, for a resource that names an NCLUE model, whether
/// that model is deprecated (D13).
/// </summary>
public sealed record Listed<T>(T Resource, JobRecord Job, bool ModelDeprecated) where T : class;
