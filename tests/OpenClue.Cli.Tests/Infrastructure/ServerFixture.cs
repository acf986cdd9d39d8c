namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>One server shared by the tests of the <see cref="ServerCollection"/>: starting one costs seconds.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = TestServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
