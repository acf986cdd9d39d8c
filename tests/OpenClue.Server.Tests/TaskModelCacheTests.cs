using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Server.Nclue.TaskRuns;

namespace OpenClue.Server.Tests;

/// <summary>
/// The task-run model cache: the shards of a run share one loaded model (and so one set of scoring tables) even when
/// garbage collections happen between them, and a different model replaces it.
/// </summary>
public sealed class TaskModelCacheTests
{
    private static byte[] TrainedModel(int seed)
    {
        var random = new Random(seed);
        var labels = new Dictionary<string, byte>();
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, new HashBehaviorEncoder(), leaveOpen: true))
        {
            for (int u = 0; u < 300; u++)
            {
                byte label = (byte)(u % 2);
                string item = label == 1 ? "organic tea" : "cola";
                writer.Write(new UserSequence
                {
                    UserId = $"u{u}",
                    Behaviors = [$"view: item {random.Next(40)}", $"buy: {item}", $"search: {random.Next(9)}"],
                });
                labels[$"u{u}"] = label;
            }
            writer.Complete();
        }
        var features = output.ToArray();
        return new TaskTrainer(seed) { EnableTrees = false }
            .Train("t", () => new FeatureSetReader(new MemoryStream(features)), labels, null, null, default).Model;
    }

    [Fact]
    public void The_same_bytes_give_the_same_model_across_collections_and_other_bytes_replace_it()
    {
        var cache = new TaskModelCache();
        byte[] first = TrainedModel(1), second = TrainedModel(2);
        Assert.False(first.AsSpan().SequenceEqual(second));

        var loaded = cache.Load(first);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Same(loaded, cache.Load(first.ToArray()));

        var other = cache.Load(second);
        Assert.NotSame(loaded, other);
        Assert.Same(other, cache.Load(second));
        Assert.NotSame(loaded, cache.Load(first));
    }

    [Fact]
    public void Shards_loading_together_share_one_model()
    {
        var cache = new TaskModelCache();
        var bytes = TrainedModel(3);
        var models = new ITaskModel[8];
        Parallel.For(0, models.Length, i => models[i] = cache.Load(bytes));
        Assert.All(models, m => Assert.Same(models[0], m));
    }
}
