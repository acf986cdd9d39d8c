namespace OpenClue.Server.Nsml.Runs;

/// <summary>What <c>GET /projects/runs</c> asks for: a page and the N4 filters (null: not filtered; several values: any of them).</summary>
public sealed record RunListQuery(NsmlPaging Paging, IReadOnlyList<string>? ProjectIds, IReadOnlyList<string>? Statuses, IReadOnlyList<string>? RunTypes);
