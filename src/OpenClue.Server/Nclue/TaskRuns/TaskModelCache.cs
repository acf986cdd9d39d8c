using OpenClue.Modeling.Learning;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>
/// The task model last loaded in this process, with its bytes: the shards of a run (and runs of the same task) reuse
/// it when the stored bytes are identical, so its scoring tables are built once per process rather than once per
/// shard. Held weakly: an idle server lets it go. A singleton, so the sharing is visible in the service registration.
/// </summary>
public sealed class TaskModelCache
{
    private sealed record LoadedModel(byte[] Bytes, ITaskModel Model);

    private WeakReference<LoadedModel>? _last;

    public ITaskModel Load(ReadOnlySpan<byte> bytes)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.TryGetTarget(out var loaded) && bytes.SequenceEqual(loaded.Bytes)) return loaded.Model;
        var model = TaskModels.Deserialize(bytes);
        Volatile.Write(ref _last, new WeakReference<LoadedModel>(new LoadedModel(bytes.ToArray(), model)));
        return model;
    }
}
