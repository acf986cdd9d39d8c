using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>
/// Readiness and delete rules with active jobs (D11, D13): a tenant admitted one job at a time whose first job blocks
/// on a FIFO, so everything it asks for next stays <c>registered</c>.
/// </summary>
public sealed class ProfileStateTests(OneJobPerTenantFixture fx) : IClassFixture<OneJobPerTenantFixture>
{
    private const string B = PreparedHostFixture.Bucket;

    [Fact]
    public async Task Inputs_must_be_completed_and_registered_profiles_hold_their_inputs_until_deleted()
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        using var _c = client;
        var feature = await CreateCompletedFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        var task = await CreateCompletedTaskAsync(client, feature, B, PreparedHostFixture.LabelsPath);
        var fifoPath = $"{Unique("fifo")}/pipe.tsv";
        await using var fifo = BlockingSource.Create(Path.Combine(fx.Host.Bucket(B), fifoPath));
        var blocked = await CreateFeatureAsync(client, B, fifoPath);
        await WaitForStatusAsync(client, $"/api/v1/features/{blocked}", "in_progress");

        // An in-progress feature and a registered task cannot be profiled.
        AssertError(await client.PostJsonAsync(CustomPath, CustomBody(Unique("ca"), blocked, "run", B, "out/")), "10113");
        var waitingTask = (await client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, B, PreparedHostFixture.LabelsPath))).Field("task_id");
        Assert.Equal("registered", (await client.GetJsonAsync($"/api/v1/tasks/{waitingTask}")).Field("status"));
        AssertError(await client.PostJsonAsync(IntentPath, IntentBody(Unique("si"), waitingTask)), "10113");

        // Registered profiles (held back behind the blocked job) keep their feature and task from being deleted.
        var custom = await client.PostJsonAsync(CustomPath, CustomBody(Unique("ca"), feature, "dog food", B, "held/"));
        Assert.True(custom.Status == HttpStatusCode.OK, custom.ToString());
        var customId = custom.Field("profile_id");
        var intent = await client.PostJsonAsync(IntentPath, IntentBody(Unique("si"), task));
        Assert.True(intent.Status == HttpStatusCode.OK, intent.ToString());
        var intentId = intent.Field("profile_id");
        Assert.Equal("registered", (await client.GetJsonAsync($"{CustomPath}/{customId}")).Field("status"));
        Assert.Equal("registered", (await client.GetJsonAsync($"{IntentPath}/{intentId}")).Field("status"));
        AssertError(await client.GetJsonAsync($"{DownloadPath}/{intentId}"), "10113"); // not completed yet

        AssertError(await client.DeleteJsonAsync($"/api/v1/tasks/{task}"), "10112");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/tasks/{waitingTask}")).Status);
        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112");
        // A registered profile can be deleted (it never runs); then its inputs are free.
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"{CustomPath}/{customId}")).Status);
        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112"); // the intent still reads its users
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"{IntentPath}/{intentId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/tasks/{task}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/features/{feature}")).Status);
        Assert.False(Directory.Exists(Path.Combine(fx.Host.Bucket(B), "held")), "a deleted registered profile never ran");

        await fifo.ReleaseAsync();
        await client.WaitForEndAsync($"/api/v1/features/{blocked}");
    }

    [Fact]
    public async Task A_profile_in_progress_cannot_be_deleted()
    {
        // The encoder's model file is a FIFO on this host: the custom-attributes job blocks loading it.
        var modelFifo = Path.Combine(Directory.CreateTempSubdirectory("openclue-model-").FullName, "model.onnx");
        await using var fifo = BlockingSource.Create(modelFifo);
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Profiles:EncoderModelPath"] = modelFifo });
        var root = host.Bucket(B);
        BehaviorData.Generate(200, seed: 3).WriteSequences(Path.Combine(root, "seq.tsv"));
        var feature = await CreateCompletedFeatureAsync(host.Client, B, "seq.tsv");
        var created = await host.Client.PostJsonAsync(CustomPath, CustomBody(Unique("ca"), feature, "dog food", B, "busy/"));
        var id = created.Field("profile_id");
        await WaitForStatusAsync(host.Client, $"{CustomPath}/{id}", "in_progress");
        AssertError(await host.Client.DeleteJsonAsync($"{CustomPath}/{id}"), "10112");
        AssertError(await host.Client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112");
        await fifo.ReleaseAsync(); // not a model: the job fails cleanly
        var (_, end) = await host.Client.WaitForEndAsync($"{CustomPath}/{id}");
        Assert.Equal("failed", end.Field("status"));
        Assert.Equal("COMMON_ERROR", end.Field("fail_message"));
        Assert.False(Directory.Exists(Path.Combine(root, "busy")) && Directory.EnumerateFileSystemEntries(Path.Combine(root, "busy")).Any());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.DeleteJsonAsync($"{CustomPath}/{id}")).Status);
    }
}
