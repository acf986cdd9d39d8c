using System.IO.Compression;
using System.Net;
using System.Text;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>Every fail_message of D15–D17, produced by a crafted file and reported by the job through the API.</summary>
public sealed class DatasetFailureTests(DatasetFailureTests.Fixture fixture) : IClassFixture<DatasetFailureTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public OpenClueHost Host { get; private set; } = null!;
        public string FeatureId { get; private set; } = "";
        public BehaviorData Data { get; } = BehaviorData.Generate(400, seed: 3);

        public async Task InitializeAsync()
        {
            Host = OpenClueHost.Start();
            Data.WriteSequences(Path.Combine(Host.Bucket("crafted"), "good.tsv"));
            var feature = await Host.Client.PostJsonAsync("/api/v1/features",
                new { name = "good", source_bucket = "crafted", source_file_path = "good.tsv" });
            FeatureId = feature.Field("feature_id");
            var (_, done) = await Host.Client.WaitForEndAsync($"/api/v1/features/{FeatureId}");
            Assert.Equal("completed", done.Field("status"));
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    public static TheoryData<string, byte[], string> SequenceFiles() => new()
    {
        { "no-tab", "u1 search: shoes\n"u8.ToArray(), "UNEXPECTED_TXT_FORMAT" },
        { "empty-id", "\tsearch: shoes\n"u8.ToArray(), "UNEXPECTED_TXT_FORMAT" },
        { "nul-byte", "u1\tsearch\0shoes\n"u8.ToArray(), "UNEXPECTED_FILE_TYPE" },
        { "invalid-utf8", [.. "u1\tsearch "u8, 0xC3, 0x28, (byte)'\n'], "UNEXPECTED_FILE_TYPE" },
        { "binary", [0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0xFE, 0x00], "UNEXPECTED_FILE_TYPE" },
        { "duplicate-id", "u1\ta->b\nu2\tc\nu1\td\n"u8.ToArray(), "DUPLICATE_USERID" },
        { "id-too-long", Encoding.UTF8.GetBytes(new string('가', 101) + "\tsearch: shoes\n"), "LIMIT_ERROR_MID_LENGTH" },
        { "empty-file", [], "NOT_EXIST_FILE" },
        { "only-header", "user_id\tsequence\n\n"u8.ToArray(), "NOT_EXIST_FILE" },
    };

    [Theory]
    [MemberData(nameof(SequenceFiles))]
    public async Task Feature_job_reports_the_fail_message_of_a_crafted_sequence_file(string name, byte[] content, string failMessage)
    {
        var path = $"seq/{name}.tsv";
        Directory.CreateDirectory(Path.Combine(fixture.Host.Bucket("crafted"), "seq"));
        await File.WriteAllBytesAsync(Path.Combine(fixture.Host.Bucket("crafted"), path), content);
        var feature = await fixture.Host.Client.PostJsonAsync("/api/v1/features",
            new { name = "seq-" + name, source_bucket = "crafted", source_file_path = path });
        Assert.Equal(HttpStatusCode.OK, feature.Status);
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/features/{feature.Field("feature_id")}");
        Assert.Equal("failed", done.Field("status"));
        Assert.Equal(failMessage, done.Field("fail_message"));
        Assert.NotNull(done.Body.GetProperty("completed_at").GetString());
    }

    [Fact]
    public async Task A_directory_of_parts_skips_hadoop_markers_and_reads_gzip()
    {
        var dir = Path.Combine(fixture.Host.Bucket("crafted"), "hadoop");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "_SUCCESS"), "");
        await File.WriteAllTextAsync(Path.Combine(dir, ".part-00000.crc"), "garbage without tab");
        await File.WriteAllTextAsync(Path.Combine(dir, "part-00000"), "\uFEFFuser_id\tsequence\r\na1\tx->y\r\n");
        await using (var gz = new GZipStream(File.Create(Path.Combine(dir, "part-00001.gz")), CompressionLevel.Fastest))
            await gz.WriteAsync("a2\tz\na3\t\n"u8.ToArray());
        var feature = await fixture.Host.Client.PostJsonAsync("/api/v1/features",
            new { name = "hadoop", source_bucket = "crafted", source_file_path = "hadoop/" });
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/features/{feature.Field("feature_id")}");
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(3, done.Body.GetProperty("user_count").GetInt64());
    }

    [Fact]
    public async Task Directory_with_only_markers_fails_with_NOT_EXIST_FILE()
    {
        var dir = Path.Combine(fixture.Host.Bucket("crafted"), "empty-dir");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "_SUCCESS"), "");
        var feature = await fixture.Host.Client.PostJsonAsync("/api/v1/features",
            new { name = "empty-dir", source_bucket = "crafted", source_file_path = "empty-dir" });
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/features/{feature.Field("feature_id")}");
        Assert.Equal("NOT_EXIST_FILE", done.Field("fail_message"));
    }

    public static TheoryData<string, string> LabelFiles() => new()
    {
        { "label-two", "u000001\t2\n" },
        { "label-word", "u000001\tyes\n" },
        { "label-missing", "u000001\n" },
        { "conflicting-duplicate", "u000001\t1\nu000001\t0\n" },
        { "too-few", "u000001\t1\nu000002\t0\n" },
        { "empty", "" },
    };

    [Theory]
    [MemberData(nameof(LabelFiles))]
    public async Task Task_job_reports_the_fail_message_of_a_crafted_label_file(string name, string content)
    {
        var expected = name switch
        {
            "too-few" => "NUM_OF_LABEL_INSUFFICIENT",
            "empty" => "NOT_EXIST_FILE",
            _ => "UNEXPECTED_LABEL",
        };
        // A valid body first, so the failure comes from the crafted line, not from too few labels.
        var labels = new StringBuilder();
        if (expected != "NOT_EXIST_FILE" && expected != "NUM_OF_LABEL_INSUFFICIENT")
            foreach (var (id, _, label) in fixture.Data.Users.Skip(10)) labels.Append(id).Append('\t').Append(label).Append('\n');
        labels.Append(content);
        var path = $"labels/{name}.tsv";
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(fixture.Host.Bucket("crafted"), "labels")).FullName, $"{name}.tsv"), labels.ToString());
        var task = await fixture.Host.Client.PostJsonAsync("/api/v1/tasks",
            new { name = "labels-" + name, train_feature_id = fixture.FeatureId, train_bucket = "crafted", train_file_path = path });
        Assert.Equal(HttpStatusCode.OK, task.Status);
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("failed", done.Field("status"));
        Assert.Equal(expected, done.Field("fail_message"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, done.Body.GetProperty("AUROC").ValueKind);
    }

    [Fact]
    public async Task Labels_of_users_absent_from_the_feature_do_not_count_towards_the_minimum()
    {
        var labels = new StringBuilder();
        for (var i = 0; i < 300; i++) labels.Append($"stranger{i}\t{i % 2}\n");
        foreach (var (id, _, label) in fixture.Data.Users.Take(50)) labels.Append(id).Append('\t').Append(label).Append('\n');
        await File.WriteAllTextAsync(Path.Combine(fixture.Host.Bucket("crafted"), "strangers.tsv"), labels.ToString());
        var task = await fixture.Host.Client.PostJsonAsync("/api/v1/tasks",
            new { name = "strangers", train_feature_id = fixture.FeatureId, train_bucket = "crafted", train_file_path = "strangers.tsv" });
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("NUM_OF_LABEL_INSUFFICIENT", done.Field("fail_message"));
    }

    [Fact]
    public async Task Personal_data_after_the_first_ten_thousand_lines_fails_the_job()
    {
        var labels = new StringBuilder();
        for (var i = 0; i < 10_050; i++) labels.Append($"x{i}\t{i % 2}\n");
        foreach (var (id, _, label) in fixture.Data.Users) labels.Append(id).Append('\t').Append(label).Append('\n');
        labels.Append("someone@example.com\t1\n");
        await File.WriteAllTextAsync(Path.Combine(fixture.Host.Bucket("crafted"), "late-pii.tsv"), labels.ToString());
        var task = await fixture.Host.Client.PostJsonAsync("/api/v1/tasks",
            new { name = "late-pii", train_feature_id = fixture.FeatureId, train_bucket = "crafted", train_file_path = "late-pii.tsv" });
        Assert.Equal(HttpStatusCode.OK, task.Status); // the request-time scan reads only the first 10,000 lines
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("PERSONAL_DATA_NOT_ALLOWED", done.Field("fail_message"));
    }
}
