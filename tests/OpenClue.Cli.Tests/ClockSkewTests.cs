using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>A client clock off by more than five minutes: the CLI explains it from the server's D6 details.</summary>
public sealed class ClockSkewTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = TestServer.Start(new ShiftedClock(TimeSpan.FromMinutes(10)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_clock_ten_minutes_behind_the_server_is_named_as_the_problem()
    {
        using var cli = CliProcess.For(_server);

        var result = await cli.RunAsync("features", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("This computer's clock is about 10 minutes behind the server's", result.Stderr);
        Assert.Contains("within 5 minutes", result.Stderr);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + shift;
    }
}
