using Npgsql;

namespace OpenClue.Server.Tests.Components;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSmokeTests(PostgresFixture postgres)
{
    [ComponentFact(Component.Postgres)]
    public async Task A_created_database_answers_select_version()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version()", connection);
        var version = (string?)await command.ExecuteScalarAsync();
        Assert.StartsWith("PostgreSQL ", version);
        Assert.Contains(postgres.Port.ToString(), connectionString);
    }

    [ComponentFact(Component.Postgres)]
    public async Task Databases_are_independent()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();
        await using (var a = new NpgsqlConnection(first))
        {
            await a.OpenAsync();
            await new NpgsqlCommand("create table t (id int)", a).ExecuteNonQueryAsync();
        }
        await using var b = new NpgsqlConnection(second);
        await b.OpenAsync();
        var exists = await new NpgsqlCommand("select count(*) from information_schema.tables where table_name = 't'", b).ExecuteScalarAsync();
        Assert.Equal(0L, exists);
    }
}
