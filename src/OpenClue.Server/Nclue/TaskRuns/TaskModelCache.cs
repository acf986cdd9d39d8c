using OpenClue.Modeling.Learning;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>
/// The task model last loaded in this process, with its bytes: the shards of a run (and runs of the same task) reuse
/// it when the stored bytes are identical, so its scoring tables are built once per process rather than once per
/// shard. Held strongly until a different model is loaded: a weak reference was dropped by the first collection after
/// the load, which rebuilt the tables on ≈ 37 of a 1M-user run's 41 shards. One model (a few tens of MB at most) is
/// the price. Loads are serialised so that shards starting together deserialise the model once. A singleton, so the
/// sharing is visible in the service registration.
/// </summary>
public sealed class TaskModelCache
{
    private sealed record LoadedModel(byte[] Bytes, ITaskModel Model);

    private readonly Lock _gate = new();
    private LoadedModel? _last;

    public ITaskModel Load(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_last is { } loaded && bytes.SequenceEqual(loaded.Bytes)) return loaded.Model;
            _last = null; // the previous model can go while the new one is read
            var model = TaskModels.Deserialize(bytes);
            _last = new LoadedModel(bytes.ToArray(), model);
            return model;
        }
    }
}
