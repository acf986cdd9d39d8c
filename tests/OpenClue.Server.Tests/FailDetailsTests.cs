using System.Net;
using System.Text;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>
/// <c>fail_details</c>: beside NCLUE's documented <c>fail_message</c>, a sentence naming the file, the line and the
/// value at fault; label counts for too few labels; the line of refused personal data, never the value.
/// </summary>
public sealed class FailDetailsTests(FailDetailsTests.Fixture fixture) : IClassFixture<FailDetailsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public OpenClueHost Host { get; private set; } = null!;
        public string FeatureId { get; private set; } = "";
        public BehaviorData Data { get; } = BehaviorData.Generate(400, seed: 5);

        public async Task InitializeAsync()
        {
            Host = OpenClueHost.Start();
            Data.WriteSequences(Path.Combine(Host.Bucket("details"), "good.tsv"));
            var feature = await Host.Client.PostJsonAsync("/api/v1/features",
                new { name = "good", source_bucket = "details", source_file_path = "good.tsv" });
            FeatureId = feature.Field("feature_id");
            var (_, done) = await Host.Client.WaitForEndAsync($"/api/v1/features/{FeatureId}");
            Assert.Equal("completed", done.Field("status"));
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private async Task<JsonElement> FailedFeatureAsync(string name, string content)
    {
        await File.WriteAllTextAsync(Path.Combine(fixture.Host.Bucket("details"), name), content);
        var feature = await fixture.Host.Client.PostJsonAsync("/api/v1/features", new { name, source_bucket = "details", source_file_path = name });
        Assert.Equal(HttpStatusCode.OK, feature.Status);
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/features/{feature.Field("feature_id")}");
        Assert.Equal("failed", done.Field("status"));
        return done.Body;
    }

    private async Task<JsonElement> FailedTaskAsync(string name, string labels)
    {
        await File.WriteAllTextAsync(Path.Combine(fixture.Host.Bucket("details"), name), labels);
        var task = await fixture.Host.Client.PostJsonAsync("/api/v1/tasks",
            new { name, train_feature_id = fixture.FeatureId, train_bucket = "details", train_file_path = name });
        Assert.Equal(HttpStatusCode.OK, task.Status);
        var (_, done) = await fixture.Host.Client.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("failed", done.Field("status"));
        return done.Body;
    }

    private string ValidLabels()
    {
        var labels = new StringBuilder();
        foreach (var (id, _, label) in fixture.Data.Users) labels.Append(id).Append('\t').Append(label).Append('\n');
        return labels.ToString();
    }

    [Fact]
    public async Task A_line_without_a_tab_names_the_file_the_line_and_the_value()
    {
        var feature = await FailedFeatureAsync("no-tab.tsv", "u1\tsearch: a->view: b\nu2 search: shoes\n");

        Assert.Equal("UNEXPECTED_TXT_FORMAT", feature.GetProperty("fail_message").GetString());
        Assert.Equal("No tab between user id and sequence in 'u2 search: shoes' (details/no-tab.tsv, line 2).",
            feature.GetProperty("fail_details").GetString());
    }

    [Fact]
    public async Task A_duplicate_user_id_and_a_too_long_id_quote_the_id()
    {
        var duplicate = await FailedFeatureAsync("dup.tsv", "u1\ta\nu1\tb\n");
        Assert.Equal("DUPLICATE_USERID", duplicate.GetProperty("fail_message").GetString());
        Assert.Equal("Duplicate user id 'u1' (details/dup.tsv, line 2).", duplicate.GetProperty("fail_details").GetString());

        var longId = await FailedFeatureAsync("long.tsv", new string('x', 120) + "\ta\n");
        Assert.Equal("LIMIT_ERROR_MID_LENGTH", longId.GetProperty("fail_message").GetString());
        Assert.Equal($"User id '{new string('x', 40)}…' is longer than 100 characters (details/long.tsv, line 1).", longId.GetProperty("fail_details").GetString());
    }

    [Fact]
    public async Task A_bad_label_names_the_line_the_user_and_the_label()
    {
        var task = await FailedTaskAsync("bad-label.tsv", ValidLabels() + "u999999\tyes\n");

        Assert.Equal("UNEXPECTED_LABEL", task.GetProperty("fail_message").GetString());
        Assert.Equal($"Label 'yes' of user 'u999999' is not 0 or 1 (details/bad-label.tsv, line {fixture.Data.Users.Count + 1}).",
            task.GetProperty("fail_details").GetString());
    }

    [Fact]
    public async Task Too_few_labels_give_the_count_of_each_class()
    {
        var labels = new StringBuilder();
        foreach (var (id, _, label) in fixture.Data.Users.Where(u => u.Label == 1).Take(30)) labels.Append(id).Append('\t').Append(label).Append('\n');
        foreach (var (id, _, label) in fixture.Data.Users.Where(u => u.Label == 0).Take(150)) labels.Append(id).Append('\t').Append(label).Append('\n');

        var task = await FailedTaskAsync("few.tsv", labels.ToString());

        Assert.Equal("NUM_OF_LABEL_INSUFFICIENT", task.GetProperty("fail_message").GetString());
        var details = task.GetProperty("fail_details").GetString()!;
        Assert.Equal("The train set has 150 users labelled 0 and 30 labelled 1 present in its feature; 100 of each are needed.", details);
    }

    [Fact]
    public async Task Refused_personal_data_gives_the_line_but_never_the_value()
    {
        var labels = new StringBuilder();
        for (var i = 0; i < 10_050; i++) labels.Append($"x{i}\t{i % 2}\n");
        labels.Append(ValidLabels());
        labels.Append("someone@example.com\t1\n");
        var line = 10_050 + fixture.Data.Users.Count + 1;

        var task = await FailedTaskAsync("late-pii.tsv", labels.ToString());

        Assert.Equal("PERSONAL_DATA_NOT_ALLOWED", task.GetProperty("fail_message").GetString());
        var details = task.GetProperty("fail_details").GetString()!;
        Assert.Equal($"Personal data in label file (details/late-pii.tsv, line {line}).", details);
        Assert.DoesNotContain("someone", details);
    }

    [Fact]
    public async Task A_value_that_looks_like_personal_data_is_withheld_from_any_details()
    {
        var feature = await FailedFeatureAsync("pii-no-tab.tsv", "u1\ta\ncall 010-1234-5678 now\n");
        var details = feature.GetProperty("fail_details").GetString()!;
        Assert.Contains("(withheld: it looks like personal data)", details);
        Assert.DoesNotContain("1234", details);
    }

    [Fact]
    public async Task Every_job_backed_resource_carries_fail_details_null_unless_failed()
    {
        var feature = await fixture.Host.Client.GetJsonAsync($"/api/v1/features/{fixture.FeatureId}");
        Assert.Equal(JsonValueKind.Null, feature.Body.GetProperty("fail_details").ValueKind);
        var features = await fixture.Host.Client.GetJsonAsync("/api/v1/features?limit=100");
        Assert.All(features.Body.GetProperty("features").EnumerateArray(), f => Assert.True(f.TryGetProperty("fail_details", out _)));
        var models = await fixture.Host.Client.GetJsonAsync("/api/v1/models");
        Assert.All(models.Body.GetProperty("models").EnumerateArray(), m => Assert.True(m.TryGetProperty("fail_details", out _)));
        var tasks = await fixture.Host.Client.GetJsonAsync("/api/v1/tasks?limit=100");
        Assert.All(tasks.Body.GetProperty("tasks").EnumerateArray(), t => Assert.True(t.TryGetProperty("fail_details", out _)));
        var runs = await fixture.Host.Client.GetJsonAsync("/api/v1/task-runs");
        Assert.Equal(HttpStatusCode.OK, runs.Status);
        Assert.All(runs.Body.GetProperty("runs").EnumerateArray(), r => Assert.True(r.TryGetProperty("fail_details", out _)));
    }
}
