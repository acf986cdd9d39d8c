namespace OpenClue.Server.Platform.Persistence;

/// <summary>One page of a list: <see cref="Index"/> items skipped (0-based), at most <see cref="Limit"/> returned.</summary>
public readonly record struct Paging(int Index, int Limit);
