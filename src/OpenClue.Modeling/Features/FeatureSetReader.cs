using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Reads a feature-set file (layout: <see cref="FeatureSetFormat"/>, versions 1, 2 and 3) sequentially. The constructor
/// validates the header; the <c>TryRead</c> methods return false only after a valid footer whose counts match the
/// records read. Anything else — bad magic or version, a file that ends early, mismatching counts — throws
/// <see cref="InvalidDataException"/>. <see cref="FeatureNames"/> is filled when the end is reached (versions 2 and 3) unless
/// <see cref="SkipFeatureNames"/> is set. Version-2 records are decoded by <see cref="FeatureRecordParser"/>, either one
/// at a time into a <see cref="UserFeatures"/> or many at a time into a <see cref="FeatureBatch"/> (no allocation per user).
/// </summary>
public sealed class FeatureSetReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[256 * 1024];
    private int _position, _length;
    private readonly Dictionary<uint, string> _names = new();
    private UserFeatures? _scratchRecord;
    private FeatureBatch? _single; // TryRead(UserFeatures) of versions 2 and 3 decodes through a batch of one
    private bool _finished, _disposed;

    /// <summary>Reads and validates the header; <paramref name="input"/> is disposed with the reader.</summary>
    public FeatureSetReader(Stream input) : this(input, leaveOpen: false) { }

    public FeatureSetReader(Stream input, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(input);
        _leaveOpen = leaveOpen;
        _input = input;

        Ensure(12);
        ReadOnlySpan<byte> header = _buffer.AsSpan(_position, 12);
        if (!header[..4].SequenceEqual(FeatureSetFormat.HeaderMagic)) throw new InvalidDataException("Not a feature-set file (bad magic).");
        Version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (Version is not (FeatureSetFormat.Version or FeatureSetFormat.Version2 or FeatureSetFormat.Version3))
            throw new InvalidDataException($"Unsupported feature-set version {Version}.");
        int nameLength = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        _position += 12;
        if ((uint)nameLength > FeatureSetFormat.MaxNameBytes) throw new InvalidDataException("Corrupt feature-set header (model name length).");
        Ensure(nameLength + 4);
        ModelName = Decode(_buffer.AsSpan(_position, nameLength));
        _position += nameLength;
        Dimension = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_position));
        _position += 4;
        if (Dimension <= 0 || Dimension > FeatureSetFormat.MaxDimension) throw new InvalidDataException("Corrupt feature-set header (dimension).");
    }

    /// <summary>File format version: 1 (dense float32), 2 or 3 (quantised dense + sparse + names; 3 lays the sparse part out for a cheap decode).</summary>
    public int Version { get; }

    /// <summary>True for version 2 and 3 files, whose records carry the sparse part.</summary>
    public bool HasSparse => Version >= FeatureSetFormat.Version2;

    public string ModelName { get; }

    public int Dimension { get; }

    /// <summary>Users read so far (after the end: all of them).</summary>
    public long UserCount { get; private set; }

    /// <summary>Sum of the token counts of the users read so far.</summary>
    public long TokenCount { get; private set; }

    /// <summary>
    /// Name key (<see cref="SparseFeatures.NameKey"/>) → first text seen, complete once a read has returned false
    /// (versions 2 and 3; empty for version 1).
    /// </summary>
    public IReadOnlyDictionary<uint, string> FeatureNames => _names;

    /// <summary>
    /// When set (before the end is reached), the names table is stepped over without decoding it and
    /// <see cref="FeatureNames"/> stays empty: for readers that never use names, like scoring.
    /// </summary>
    public bool SkipFeatureNames { get; set; }

    /// <summary>When set (before the end is reached), <see cref="FeatureNames"/> keeps only the names whose key this accepts:
    /// a reader that needs a few names of a large table does not decode them all.</summary>
    public Func<uint, bool>? KeepName { get; set; }

    /// <summary>Reads the next user's dense vector into <paramref name="vector"/> (length <see cref="Dimension"/>); false at the (validated) end.</summary>
    public bool TryRead(out string userId, Span<float> vector) => TryRead(out userId, vector, out _);

    /// <summary>As <see cref="TryRead(out string, Span{float})"/>, also returning the user's kept token count.</summary>
    public bool TryRead(out string userId, Span<float> vector, out int tokenCount)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector must have length {Dimension}.", nameof(vector));
        UserFeatures record = _scratchRecord ??= new UserFeatures();
        bool read = TryRead(record);
        userId = read ? record.UserId : "";
        tokenCount = read ? record.TokenCount : 0;
        if (read) record.Dense.AsSpan().CopyTo(vector);
        return read;
    }

    /// <summary>Reads the next user (dense and sparse parts) into <paramref name="record"/>; false at the (validated) end.</summary>
    public bool TryRead(UserFeatures record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(record);
        if (record.Dense.Length != Dimension) record.Dense = new float[Dimension];
        record.SparseLength = 0;
        if (Version == FeatureSetFormat.Version)
        {
            if (!TryReadTag(FeatureSetFormat.RecordTag)) return false;
            ReadRecord1(record);
            UserCount++;
            TokenCount += record.TokenCount;
            return true;
        }
        FeatureBatch one = _single ??= new FeatureBatch(Dimension, 1);
        one.Clear();
        if (!TryReadRecord2(one)) return false;
        record.UserId = Decode(one.UserIdUtf8(0));
        record.TokenCount = one.TokenCount(0);
        one.Dequantize(0, record.Dense);
        ReadOnlySpan<uint> ids = one.SparseIds(0);
        if (record.SparseIdBuffer.Length < ids.Length)
        {
            record.SparseIdBuffer = new uint[Math.Max(ids.Length, record.SparseIdBuffer.Length * 2)];
            record.SparseCountBuffer = new byte[record.SparseIdBuffer.Length];
        }
        ids.CopyTo(record.SparseIdBuffer);
        one.SparseCounts(0).CopyTo(record.SparseCountBuffer);
        record.SparseLength = ids.Length;
        return true;
    }

    /// <summary>
    /// Reads the next users of a version-2 or version-3 file into <paramref name="batch"/> (cleared first), up to its capacity;
    /// returns how many, 0 only at the (validated) end. Throws <see cref="NotSupportedException"/> for version 1.
    /// </summary>
    public int ReadBatch(FeatureBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        if (!HasSparse) throw new NotSupportedException("Only version-2 and version-3 feature sets are read in batches.");
        if (batch.Dimension != Dimension) throw new ArgumentException($"batch must have dimension {Dimension}.", nameof(batch));
        batch.Clear();
        while (!batch.IsFull && TryReadRecord2(batch)) { }
        return batch.Count;
    }

    /// <summary>Decodes the next version-2 or version-3 record into the next slot of <paramref name="batch"/>; false at the end.</summary>
    private bool TryReadRecord2(FeatureBatch batch)
    {
        if (!TryReadTag(FeatureSetFormat.RecordTag2)) return false;
        while (true)
        {
            int used = FeatureRecordParser.TryParse(_buffer.AsSpan(_position, _length - _position), batch, Version >= FeatureSetFormat.Version3);
            if (used >= 0)
            {
                _position += used;
                UserCount++;
                TokenCount += batch.TokenCount(batch.Count - 1);
                return true;
            }
            Ensure(_length - _position + 1); // the record continues: read more (grows the buffer for a huge record)
        }
    }

    /// <summary>Consumes the next tag: true for a record tag, false after the names (versions 2 and 3) and the footer.</summary>
    private bool TryReadTag(byte recordTag)
    {
        if (_finished) return false;
        Ensure(1);
        byte tag = _buffer[_position++];
        if (tag == FeatureSetFormat.NamesTag && Version >= FeatureSetFormat.Version2)
        {
            ReadNames();
            Ensure(1);
            tag = _buffer[_position++];
            if (tag != FeatureSetFormat.FooterTag) throw new InvalidDataException("Corrupt feature-set file (names not followed by the footer).");
        }
        if (tag == FeatureSetFormat.FooterTag)
        {
            ReadFooter();
            return false;
        }
        if (tag != recordTag) throw new InvalidDataException($"Corrupt feature-set record tag 0x{tag:X2}.");
        return true;
    }

    private void ReadRecord1(UserFeatures record)
    {
        Ensure(4);
        int idLength = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_position));
        _position += 4;
        if ((uint)idLength > FeatureSetFormat.MaxNameBytes) throw new InvalidDataException("Corrupt feature-set record (user id length).");
        Ensure(idLength + 4 + 4 * Dimension);
        record.UserId = Decode(_buffer.AsSpan(_position, idLength));
        _position += idLength;
        int tokenCount = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_position));
        _position += 4;
        if (tokenCount < 0) throw new InvalidDataException("Corrupt feature-set record (token count).");
        record.TokenCount = tokenCount;
        Span<byte> raw = _buffer.AsSpan(_position, 4 * Dimension);
        raw.CopyTo(MemoryMarshal.AsBytes(record.Dense.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> ints = MemoryMarshal.Cast<float, int>(record.Dense.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        _position += 4 * Dimension;
    }

    private void ReadNames()
    {
        Ensure(4);
        int count = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_position));
        _position += 4;
        if ((uint)count > FeatureSetFormat.MaxNames) throw new InvalidDataException("Corrupt feature-set names (count).");
        if (!SkipFeatureNames && KeepName is null) _names.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
        {
            Ensure(4);
            uint key = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_position));
            _position += 4;
            uint length = ReadVarint();
            if (length > FeatureSetFormat.MaxNameBytes) throw new InvalidDataException("Corrupt feature-set names (length).");
            Ensure((int)length);
            if (!SkipFeatureNames && (KeepName is null || KeepName(key))) _names.TryAdd(key, Decode(_buffer.AsSpan(_position, (int)length)));
            _position += (int)length;
        }
    }

    private void ReadFooter()
    {
        Ensure(20);
        ReadOnlySpan<byte> footer = _buffer.AsSpan(_position, 20);
        _position += 20;
        long users = BinaryPrimitives.ReadInt64LittleEndian(footer);
        long tokens = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        if (!footer[16..].SequenceEqual(FeatureSetFormat.FooterMagic)) throw new InvalidDataException("Corrupt feature-set footer (magic).");
        if (users != UserCount || tokens != TokenCount)
            throw new InvalidDataException($"Feature-set footer says {users} users / {tokens} tokens but {UserCount} / {TokenCount} were read.");
        _finished = true;
    }

    private uint ReadVarint()
    {
        uint value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28) throw new InvalidDataException("Corrupt feature-set record (varint).");
            Ensure(1);
            byte b = _buffer[_position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available at <see cref="_position"/>, or throws (truncated).</summary>
    private void Ensure(int count)
    {
        if (_length - _position >= count) return;
        if (count > _buffer.Length)
        {
            var bigger = new byte[Math.Max(count, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, _position, bigger, 0, _length - _position);
            _length -= _position;
            _position = 0;
            _buffer = bigger;
        }
        else if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _position = 0;
        }
        while (_length < count)
        {
            int n = _input.Read(_buffer, _length, _buffer.Length - _length);
            if (n <= 0) throw new InvalidDataException("Feature-set file is truncated.");
            _length += n;
        }
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Corrupt feature-set text (invalid UTF-8).", e);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_leaveOpen) _input.Dispose();
    }
}
