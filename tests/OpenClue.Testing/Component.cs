namespace OpenClue.Testing;

/// <summary>The real components the component tests start, and where their binaries are.</summary>
public enum Component
{
    S3rver,
    Postgres,
}
