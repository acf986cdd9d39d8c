namespace OpenClue.Server.Platform.Jobs;

/// <summary>A resource's id and tenant: known from its job row and the query, so not read twice.</summary>
public readonly record struct ResourceKey(string Id, string TenantId);
