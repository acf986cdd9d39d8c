namespace OpenClue.Server.Nsml.Keys;

/// <summary>201 body of a registered key (N3): the generated key name, needed to delete it.</summary>
public sealed record AuthKeyCreated(string Name, string Title);

public sealed record AuthKeyView(string Name, string Title, string Fingerprint, string CreateTime);

public sealed record AuthKeyListResponse(IReadOnlyList<AuthKeyView> KeyList, int TotalCount);

public sealed record AuthKeyDeleted(string Name, string Title);
