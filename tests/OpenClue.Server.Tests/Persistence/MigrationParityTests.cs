using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Tests.Persistence;

/// <summary>Every schema change exists for both providers, under the same version and name.</summary>
public sealed class MigrationParityTests
{
    [Fact]
    public void SQLite_and_PostgreSQL_have_the_same_migration_versions_and_names()
    {
        var sqlite = SchemaMigrator.Scripts(postgres: false).Select(s => (s.Version, s.Name)).ToList();
        var postgres = SchemaMigrator.Scripts(postgres: true).Select(s => (s.Version, s.Name)).ToList();
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
        Assert.Equal(sqlite.Count, sqlite.Select(s => s.Version).Distinct().Count()); // one script per version
    }
}
