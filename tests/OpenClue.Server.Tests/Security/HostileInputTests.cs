using System.IO.Compression;
using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Input bounds through the API on real files: a line over <c>Limits:LineLength</c>, a gzip expanding past
/// <c>Limits:GzipRatio</c>, a gzip of zeros (NUL refused at the first chunk), the quota counted while writing, and the
/// modes of what OpenClue keeps at rest.
/// </summary>
public sealed class HostileInputTests
{
    private static async Task<ApiCalls.Reply> BuildAsync(OpenClueHost host, string bucket, string path)
    {
        var created = await host.Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("f"), bucket, path));
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        var (_, end) = await host.Client.WaitForEndAsync($"/api/v1/features/{created.Field("feature_id")}", TimeSpan.FromMinutes(3));
        return end;
    }

    private static void WriteGzip(string path, byte fill, long bytes)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
        var chunk = new byte[1 << 20];
        chunk.AsSpan().Fill(fill);
        for (long written = 0; written < bytes; written += chunk.Length) gzip.Write(chunk);
    }

    [Fact]
    public async Task Oversized_lines_bombs_and_binary_gzip_fail_with_their_documented_fail_messages()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Limits:LineLength"] = "1048576" });
        var bucket = host.Bucket("hostile");
        await File.WriteAllTextAsync(Path.Combine(bucket, "long-line.tsv"), "u1\t" + new string('x', 3 << 20) + "\nu2\ty\n");
        await File.WriteAllTextAsync(Path.Combine(bucket, "fits.tsv"), "u1\t" + new string('x', 1 << 19) + "\nu2\ty\n");
        WriteGzip(Path.Combine(bucket, "blank-lines.gz"), (byte)'\n', 200L << 20);
        WriteGzip(Path.Combine(bucket, "zeros.gz"), 0, 256L << 20);

        var longLine = await BuildAsync(host, "hostile", "long-line.tsv");
        Assert.Equal(("failed", "UNEXPECTED_TXT_FORMAT"), (longLine.Field("status"), longLine.Field("fail_message")));
        Assert.Equal("completed", (await BuildAsync(host, "hostile", "fits.tsv")).Field("status"));
        var blank = await BuildAsync(host, "hostile", "blank-lines.gz");
        Assert.Equal(("failed", "UNEXPECTED_FILE_TYPE"), (blank.Field("status"), blank.Field("fail_message")));
        var zeros = await BuildAsync(host, "hostile", "zeros.gz");
        Assert.Equal(("failed", "UNEXPECTED_FILE_TYPE"), (zeros.Field("status"), zeros.Field("fail_message")));
    }

    [Fact]
    public async Task A_feature_over_the_quota_stops_writing_at_the_quota()
    {
        const long quota = 256 * 1024;
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Quota:BytesPerTenant"] = quota.ToString() });
        BehaviorData.Generate(20_000, seed: 4).WriteSequences(Path.Combine(host.Bucket("big"), "seq.tsv"));
        var tenantArtifacts = Path.Combine(host.DataDir, "artifacts", "default");

        // Watch the tenant's artifacts on disk while the job writes: the most they ever held.
        long most = 0;
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long total = 0;
                try
                {
                    if (Directory.Exists(tenantArtifacts))
                        foreach (var file in new DirectoryInfo(tenantArtifacts).EnumerateFiles("*", SearchOption.AllDirectories))
                            try { total += file.Length; } catch (IOException) { }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                most = Math.Max(most, total);
                await Task.Delay(1);
            }
        });
        var end = await BuildAsync(host, "big", "seq.tsv");
        await stop.CancelAsync();
        await watcher;

        Assert.Equal(("failed", "DISK_SPACE_SHORTAGE"), (end.Field("status"), end.Field("fail_message")));
        Assert.True(most <= quota, $"the tenant held {most} bytes on disk, over its quota of {quota}");
        Assert.Empty(Directory.Exists(tenantArtifacts) ? Directory.GetFiles(tenantArtifacts, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_folder_databases_and_artifacts_are_owner_only()
    {
        await using var host = OpenClueHost.Start();
        BehaviorData.Generate(50, seed: 2).WriteSequences(Path.Combine(host.Bucket("modes"), "seq.tsv"));
        Assert.Equal("completed", (await BuildAsync(host, "modes", "seq.tsv")).Field("status"));

        const UnixFileMode group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        const UnixFileMode other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var paths = new List<string> { host.DataDir, Path.Combine(host.DataDir, "artifacts"), Path.Combine(host.DataDir, "openclue.db"),
            Path.Combine(host.DataDir, "jobs.db"), Path.Combine(host.DataDir, "master.key") };
        paths.AddRange(Directory.GetFileSystemEntries(Path.Combine(host.DataDir, "artifacts"), "*", SearchOption.AllDirectories));
        Assert.Contains(paths, p => p.EndsWith(".ocfs", StringComparison.Ordinal));
        foreach (var path in paths)
            Assert.True((File.GetUnixFileMode(path) & (group | other)) == 0, $"{path} is {File.GetUnixFileMode(path)}");
        // SQLite's side files (journal, WAL) come and go with each transaction of the job store: check the ones that
        // still exist when their mode is read.
        foreach (var path in Directory.GetFiles(host.DataDir, "*.db-*"))
        {
            UnixFileMode mode;
            try { mode = File.GetUnixFileMode(path); }
            catch (FileNotFoundException) { continue; }
            Assert.True((mode & (group | other)) == 0, $"{path} is {mode}");
        }
    }
}
