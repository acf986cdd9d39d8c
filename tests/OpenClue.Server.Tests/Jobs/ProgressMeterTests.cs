using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Tests.Jobs;

/// <summary>The meter's throttle: a write only when the whole percent has grown and the interval has passed.</summary>
public sealed class ProgressMeterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Ticks { get; set; }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private sealed class Recorder
    {
        private readonly List<(int? Percent, string? Detail)> _writes = [];
        public Task Write(int? percent, string? detail)
        {
            lock (_writes) _writes.Add((percent, detail));
            return Task.CompletedTask;
        }

        public async Task<List<(int? Percent, string? Detail)>> SettledAsync()
        {
            await Task.Delay(200); // writes run on a task of their own
            lock (_writes) return [.. _writes];
        }
    }

    private static void Read(Stream stream, int bytes)
    {
        var buffer = new byte[bytes];
        Assert.Equal(bytes, stream.ReadAtLeast(buffer, bytes));
    }

    [Fact]
    public async Task Writes_at_most_once_an_interval_and_only_when_the_whole_percent_grows()
    {
        var time = new ManualTime();
        var recorder = new Recorder();
        var meter = new ProgressMeter(time, TimeSpan.FromSeconds(1), 1000, afterRead: null, recorder.Write);
        using var input = meter.Count(new MemoryStream(new byte[1000]));

        Read(input, 100); // 10%, but no interval has passed since the start
        Assert.Empty(await recorder.SettledAsync());

        time.Advance(TimeSpan.FromSeconds(1));
        Read(input, 100); // 20%
        Assert.Equal([(20, "200 B of 1000 B read")], await recorder.SettledAsync());

        time.Advance(TimeSpan.FromMilliseconds(500));
        Read(input, 300); // 50%, within the interval
        Assert.Single(await recorder.SettledAsync());

        time.Advance(TimeSpan.FromSeconds(2));
        Read(input, 4); // 50.4%: the latest value goes out once the interval has passed
        Assert.Equal((50, "504 B of 1000 B read"), (await recorder.SettledAsync())[^1]);

        time.Advance(TimeSpan.FromSeconds(2));
        Read(input, 1); // 50.5%: the whole percent already written
        Assert.Equal(2, (await recorder.SettledAsync()).Count);
        Read(input, 5); // 51%
        Assert.Equal((51, "510 B of 1000 B read"), (await recorder.SettledAsync())[^1]);

        time.Advance(TimeSpan.FromSeconds(2));
        Read(input, 490); // all of it: 99 at most, the job's end says 100
        Assert.Equal((99, "1000 B of 1000 B read"), (await recorder.SettledAsync())[^1]);
    }

    [Fact]
    public async Task A_phase_with_no_known_end_writes_an_unknown_percent_once_the_input_is_read()
    {
        var time = new ManualTime();
        var recorder = new Recorder();
        var meter = new ProgressMeter(time, TimeSpan.FromSeconds(1), 300, "Features read; fitting the model.", recorder.Write);
        // Two streams count toward one total (a feature stored as shards).
        using (var first = meter.Count(new MemoryStream(new byte[100]))) Read(first, 100);
        using (var second = meter.Count(new MemoryStream(new byte[200]))) Read(second, 200);
        time.Advance(TimeSpan.FromSeconds(5));
        using (var again = meter.Count(new MemoryStream(new byte[300]))) Read(again, 300); // read again (evaluation): nothing more

        Assert.Equal([(null, "Features read; fitting the model.")], await recorder.SettledAsync());
    }

    [Fact]
    public async Task An_unknown_total_writes_nothing()
    {
        var time = new ManualTime();
        var recorder = new Recorder();
        var meter = new ProgressMeter(time, TimeSpan.Zero, 0, afterRead: null, recorder.Write);
        using var input = meter.Count(new MemoryStream(new byte[500]));
        Read(input, 500);
        Assert.Empty(await recorder.SettledAsync());
    }
}
