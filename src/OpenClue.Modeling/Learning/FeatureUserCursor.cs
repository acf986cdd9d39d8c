using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The users of one feature shard, one after another, for the training passes that look at every user but keep few:
/// version-2 shards are read in batches (the dense part stays quantised and nothing is decoded for a user that is
/// skipped), version-1 shards one record at a time.
/// </summary>
internal sealed class FeatureUserCursor
{
    private const int BatchUsers = 256;
    private readonly FeatureSetReader _reader;
    private readonly FeatureBatch? _batch;
    private readonly UserFeatures _single;
    private int _current = -1, _count;
    private long _read;

    public FeatureUserCursor(FeatureSetReader reader)
    {
        _reader = reader;
        _batch = reader.HasSparse ? new FeatureBatch(reader.Dimension, BatchUsers) : null;
        _single = new UserFeatures { Dense = new float[reader.Dimension] };
    }

    public string UserId { get; private set; } = "";

    public ReadOnlySpan<uint> SparseIds => _batch is null ? _single.SparseIds : _batch.SparseIds(_current);

    public bool MoveNext(CancellationToken ct)
    {
        if ((++_read & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
        if (_batch is null)
        {
            if (!_reader.TryRead(_single)) return false;
            UserId = _single.UserId;
            return true;
        }
        if (++_current >= _count)
        {
            _count = _reader.ReadBatch(_batch);
            _current = 0;
            if (_count == 0) return false;
        }
        UserId = _batch.UserId(_current);
        return true;
    }

    /// <summary>Adds the current user to <paramref name="data"/>.</summary>
    public void AddTo(TaskData data, byte label)
    {
        if (_batch is null) data.Add(_single, label);
        else data.Add(_batch, _current, UserId, label);
    }

    /// <summary>The current user's probability under <paramref name="model"/>; <paramref name="dense"/> is scratch of the dimension.</summary>
    public double Probability(PreparedTaskModel model, Span<float> dense) =>
        _batch is null ? model.Probability(_single) : model.Probability(_batch, _current, dense);
}
